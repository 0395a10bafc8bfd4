"""The one bot harness: a real application (handlers, store, service) talking HTTP to the Bot API
stand-in, with a scripted engine or any real one."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from telegram import Update

from bot.config import Settings
from bot.engines.base import Engine
from bot.engines.select import close_engine
from bot.models import Answer, Article, Brief, Claim, Denial, Turn
from bot.service import BriefService
from bot.store.sqlite import SQLiteStore
from bot.telegram.app import BotApplication, build_application
from bot.telegram.context import BotServices
from bot.telegram.limits import RateLimiter
from bot.testing.pages import PageServer, Route
from bot.testing.telegram import TelegramStandIn
from bot.testing.telegram_html import utf16_length

CHAT = 7001
OTHER_CHAT = 7002

STORY = (
    "Harbor board accused of hiding spill\n\n"
    "The Lakeside Harbor Board hid a diesel spill from residents for two weeks, the mayor "
    "Anna Roth said on Tuesday. She said the board knew about the leak on May 3.\n\n"
    'A board spokesman denied the accusation. "Nothing was hidden from anyone," he said.\n\n'
    "Water samples taken by the city on May 6 showed diesel at three times the legal limit, "
    "according to a report seen by the council.\n\n"
    "Residents said the smell along the pier had been strong for days before any warning."
)

SECOND_STORY = STORY + "".join(
    f"\n\nResident {n} of Pier Street said the smell reached house number {n * 3} on the "
    f"evening of May {n}, and that the council hotline rang unanswered for {n + 2} hours while "
    "children played on the shingle beside the slipway, next to the broken warning sign."
    for n in range(1, 15)
)
"""Long enough that storing it needs new database pages."""


BRIDGE = (
    "Vellmoor bridge to reopen in May\n\n"
    "The Vellmoor city council said on Monday that the old river bridge would reopen to "
    "traffic in May after two years of repairs.\n\n"
    'A contractor disputed the date. "The steel will not arrive before June," its director '
    "said.\n\n"
    "Council records show the repair budget was raised twice, to 14 million euros.\n\n"
    "Commuters said the detour had added half an hour to their daily trips for two years."
)

PAYWALL_NOTE = "Subscribe now for unlimited access & <save> — try it free for 30 days."
"""Cleaning drops this paragraph; its `&` and `<save>` must reach the chat escaped."""


def story_page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n")[1:])
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


@dataclass
class FakeEngine:
    """Quotes the article's first and later sentences; counts calls so caching shows.

    `peak` is the most briefs it was writing at once; `gate`, when given, holds every brief (as
    one being written) until the test opens it, so the test decides which briefs run side by
    side instead of guessing with a delay; `histories` the turns each answer got;
    `fail_with` makes every brief raise that error (a bug, not a BriefError); `before_reply` runs
    just before a brief is handed back, the moment to script a Telegram failure for the message
    that will carry it.
    """

    briefs: int = 0
    questions: list[str] = field(default_factory=list)
    histories: list[list[Turn]] = field(default_factory=list)
    gate: asyncio.Event | None = None
    running: int = 0
    peak: int = 0
    fail_with: Exception | None = None
    before_reply: Callable[[], None] | None = None

    @property
    def name(self) -> str:
        return "fake"

    @property
    def version(self) -> str:
        return "fake-1"

    async def aclose(self) -> None:
        return None

    async def brief(self, article: Article) -> Brief:
        self.briefs += 1
        if self.fail_with is not None:
            raise self.fail_with
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            if self.gate is not None:
                await self.gate.wait()
            else:
                await asyncio.sleep(0)
        finally:
            self.running -= 1
        first = article.paragraphs[0].split(". ")[0]
        denial = next((p for p in article.paragraphs if "denied" in p), None)
        denials = [Denial(id="d1", text=denial, quote=denial, responds_to="c1")] if denial else []
        made = Brief(
            summary=first,
            claims=[Claim(id="c1", text=first, by="the mayor", quote=first)],
            denials=denials,
            engine=self.name,
        )
        if self.before_reply is not None:
            self.before_reply()
        return made

    async def answer(self, article: Article, question: str, history: Sequence[Turn]) -> Answer:
        self.questions.append(question)
        self.histories.append(list(history))
        if "weather" in question:
            return Answer(answered=False, answer="The article does not say.", engine=self.name)
        quote = article.paragraphs[1]
        return Answer(answered=True, answer=quote, quotes=[quote], engine=self.name)


@dataclass
class HookedEngine:
    """Wraps a real engine with FakeEngine's counters and `before_reply` hook."""

    inner: Engine
    before_reply: Callable[[], None] | None = None
    briefs: int = 0
    questions: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def version(self) -> str:
        return self.inner.version

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


EngineT = TypeVar("EngineT", bound=Engine)


@dataclass
class Harness(Generic[EngineT]):
    telegram: TelegramStandIn
    app: BotApplication
    engine: EngineT
    store: SQLiteStore
    pages: PageServer | None = None

    async def send(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    def texts(self, chat_id: int = CHAT) -> list[str]:
        return [m.visible_text for m in self.telegram.sent_messages(chat_id) if not m.deleted]

    def link(self, url: str, chat_id: int = CHAT, prefix: str = "please brief ") -> dict[str, Any]:
        """A person's message carrying `url` as a link entity."""
        entity = {"type": "url", "offset": utf16_length(prefix), "length": utf16_length(url)}
        return self.telegram.user_message(chat_id, prefix + url, entities=[entity])


def bot_settings(telegram: TelegramStandIn, db: Path, **extra: str) -> Settings:
    return Settings.from_environ(
        {
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "BRIEFBOT_TELEGRAM_API_URL": telegram.base_url,
            "BRIEFBOT_DB": str(db),
            "BRIEFBOT_FETCH_ALLOW": "127.0.0.1",
            **extra,
        }
    )


def with_paywall_note(body: str) -> str:
    """The story with the paywall note, HTML-escaped, after its first paragraph."""
    head, first, rest = body.split("\n\n", 2)
    return "\n\n".join([head, first, html.escape(PAYWALL_NOTE, quote=False), rest])


def story_routes() -> dict[str, Route]:
    """The pages the Telegram tests brief."""
    return {
        "/story": Route(body=story_page("Harbor board accused of hiding spill", STORY)),
        **{f"/story/{n}": Route(body=story_page(f"Spill story {n}", STORY)) for n in range(5)},
        "/bridge": Route(body=story_page("Vellmoor bridge to reopen in May", BRIDGE)),
        "/with-ads": Route(body=story_page("Harbor spill, with ads", with_paywall_note(STORY))),
        "/missing": Route(status=404, body=b"gone"),
        "/image": Route(body=b"\x89PNG\r\n", content_type="image/png"),
    }


async def open_harness(
    telegram: TelegramStandIn,
    pages: PageServer | None,
    db: Path,
    engine: EngineT | None = None,
    **extra: str,
) -> Harness[Any]:
    """The application on `db`, with a FakeEngine unless `engine` is given."""
    settings = bot_settings(telegram, db, **extra)
    store = await SQLiteStore.open(settings.db)
    used: Engine = engine if engine is not None else FakeEngine()
    services = BotServices(
        settings=settings,
        briefs=BriefService(settings, used, store, engine_version="test-1"),
        limiter=RateLimiter(settings.rate_limit_briefs, settings.rate_limit_window),
    )
    app = build_application(settings, services)
    await app.initialize()
    return Harness(telegram, app, used, store, pages)


async def close_harness(harness: Harness[Any]) -> None:
    """What the bot releases when it stops: the application, the engine's connections and the
    extraction workers (the post-shutdown hook runs only under PTB's run loop), the store."""
    await harness.app.shutdown()
    await harness.app.bot_data.services.briefs.aclose()
    await harness.store.close()
