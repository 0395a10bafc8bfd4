"""The real application against the Bot API stand-in, with any engine, for fault tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.engines.base import Engine
from bot.engines.select import close_engine
from bot.models import Answer, Article, Brief, Turn
from bot.service import BriefService
from bot.store.sqlite import BriefStore
from bot.telegram.app import BotApplication, build_application
from bot.telegram.context import BotServices
from bot.telegram.limits import RateLimiter
from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.telegram import TelegramStandIn, serve_telegram_stand_in
from bot.testing.telegram_html import utf16_length
from tests.telegram.conftest import STORY, FakeEngine, bot_settings, story_page

telegram = pytest.fixture(name="telegram")(serve_telegram_stand_in)

SECOND_STORY = STORY + "".join(
    f"\n\nResident {n} of Pier Street said the smell reached house number {n * 3} on the "
    f"evening of May {n}, and that the council hotline rang unanswered for {n + 2} hours while "
    "children played on the shingle beside the slipway, next to the broken warning sign."
    for n in range(1, 15)
)
"""Long enough that storing it needs new database pages."""

CHAT = 8101
OTHER_CHAT = 8102


@pytest.fixture
def pages() -> Iterator[PageServer]:
    routes = {
        "/story": Route(body=story_page("Harbor board accused of hiding spill", STORY)),
        "/second": Route(body=story_page("Second look at the harbor spill", SECOND_STORY)),
    }
    with serve_pages(routes) as server:
        yield server


@dataclass
class HookedEngine:
    """Wraps an engine; `before_reply` runs just before a brief is handed back, which is the
    moment to script a Telegram failure for the message that will carry it."""

    inner: Engine
    before_reply: Callable[[], None] | None = None
    briefs: int = 0
    questions: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.inner.name

    async def brief(self, article: Article) -> Brief:
        self.briefs += 1
        made = await self.inner.brief(article)
        if self.before_reply is not None:
            self.before_reply()
        return made

    async def answer(self, article: Article, question: str, history: Sequence[Turn]) -> Answer:
        self.questions.append(question)
        return await self.inner.answer(article, question, history)

    async def aclose(self) -> None:
        await close_engine(self.inner)


@dataclass
class Bot:
    telegram: TelegramStandIn
    app: BotApplication
    store: BriefStore
    engine: HookedEngine

    async def send(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    def texts(self, chat_id: int = CHAT) -> list[str]:
        return [m.visible_text for m in self.telegram.sent_messages(chat_id) if not m.deleted]

    def link(self, url: str, chat_id: int = CHAT) -> dict[str, Any]:
        prefix = "please brief "
        entity = {"type": "url", "offset": utf16_length(prefix), "length": utf16_length(url)}
        return self.telegram.user_message(chat_id, prefix + url, entities=[entity])


async def open_bot(
    telegram: TelegramStandIn, db: Path, engine: Engine | None = None, **extra: str
) -> Bot:
    settings = bot_settings(telegram, db, **extra)
    store = await BriefStore.open(settings.db)
    hooked = HookedEngine(engine or FakeEngine())
    services = BotServices(
        settings=settings,
        briefs=BriefService(settings, hooked, store, engine_version="faults-1"),
        limiter=RateLimiter(settings.rate_limit_briefs, settings.rate_limit_window),
    )
    app = build_application(settings, services)
    await app.initialize()
    return Bot(telegram, app, store, hooked)


async def close_bot(bot: Bot) -> None:
    await bot.app.shutdown()
    await bot.store.close()


@pytest.fixture
async def bot(telegram: TelegramStandIn, tmp_path: Path) -> AsyncIterator[Bot]:
    opened = await open_bot(telegram, tmp_path / "faults.sqlite3")
    yield opened
    await close_bot(opened)
