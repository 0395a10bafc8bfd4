"""The brief as a phone shows it, with the offline engine on the example article: one screen
first, each thing said once, and every button leading somewhere (after a restart too, and
nowhere for another chat)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engines.select import build_engine
from bot.service import BriefService
from bot.store.sqlite import SQLiteStore
from bot.telegram import messages
from bot.telegram.app import build_application
from bot.telegram.context import BotServices
from bot.telegram.limits import RateLimiter
from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.telegram import TelegramStandIn
from tests.conftest import REPO_ROOT
from tests.telegram.harness import (
    BRIDGE,
    CHAT,
    OTHER_CHAT,
    STORY,
    FakeEngine,
    Harness,
    bot_settings,
    close_harness,
    story_page,
)
from tests.telegram.test_bot_flow import buttons, link_update

EXAMPLE = (REPO_ROOT / "examples" / "border-arms.html").read_bytes()
SCREEN = 1000
_SENTENCE_END = re.compile(r"(?<=[.!?…”\"])\s+|\n+")


@pytest.fixture
def news() -> Iterator[PageServer]:
    routes = {
        "/border": Route(body=EXAMPLE),
        "/harbor": Route(body=story_page("Harbor board accused of hiding spill", STORY)),
        "/bridge": Route(body=story_page("Vellmoor bridge to reopen in May", BRIDGE)),
    }
    with serve_pages(routes) as server:
        yield server


async def offline_harness(telegram: TelegramStandIn, pages: PageServer, db: Path) -> Harness:
    settings = bot_settings(telegram, db)
    store = await SQLiteStore.open(settings.db)
    engine = build_engine(settings, "offline")
    services = BotServices(
        settings=settings,
        briefs=BriefService(settings, engine, store, engine_version="phone-test"),
        limiter=RateLimiter(settings.rate_limit_briefs, settings.rate_limit_window),
    )
    app = build_application(settings, services)
    await app.initialize()
    return Harness(telegram, app, FakeEngine(), store, pages)


def sentences(text: str) -> list[str]:
    found = [" ".join(part.strip(' “”"').split()) for part in _SENTENCE_END.split(text)]
    return [sentence.lower() for sentence in found if len(sentence) >= 20]


def assert_nothing_twice(text: str) -> None:
    seen = sentences(text)
    repeated = {sentence for sentence in seen if seen.count(sentence) > 1}
    assert not repeated, repeated


async def test_the_first_message_fits_one_screen_and_the_sections_open_in_place(
    telegram: TelegramStandIn, news: PageServer, tmp_path: Path
) -> None:
    bot = await offline_harness(telegram, news, tmp_path / "phone.sqlite3")
    try:
        await bot.send(link_update(bot, news.url("/border")))
        (brief,) = [m for m in telegram.sent_messages(CHAT) if not m.deleted]
        text = brief.visible_text
        assert len(text.encode("utf-16-le")) // 2 <= SCREEN
        assert text.startswith("Veloria accuses Karst of arming border insurgents")
        assert "The Northern Ledger · 20 Nov 2026" in text.splitlines()[1]
        for kind in ("Claim · ", "Denial · ", "Evidence · ", "Caveat · ", "Unverified · "):
            assert kind in text, kind
        assert "Cleaning removed" not in text
        assert "quotes found" not in text
        assert_nothing_twice(text)

        for label in ("Claims (3)", "Denials (2)", "Evidence (5)"):
            data = next(b[2] for b in buttons(bot) if b[0] == brief.message_id and b[1] == label)
            await bot.send(telegram.callback_query(CHAT, brief.message_id, data))
            shown = telegram.chats.sent_message(CHAT, brief.message_id)
            assert shown is not None
            assert_nothing_twice(shown.visible_text)
            assert shown.visible_text.endswith("10 of 10 quotes found in the article.")
            assert "« Brief" in {b[1] for b in buttons(bot) if b[0] == brief.message_id}
            if label.startswith("Denials"):
                assert "answers C1" in shown.visible_text
        back = next(b[2] for b in buttons(bot) if b[0] == brief.message_id and b[1] == "« Brief")
        await bot.send(telegram.callback_query(CHAT, brief.message_id, back))
        again = telegram.chats.sent_message(CHAT, brief.message_id)
        assert again is not None
        assert again.visible_text == text
        assert [m for m in telegram.sent_messages(CHAT) if not m.deleted] == [again]
        assert all(call.error is None for call in telegram.calls)
    finally:
        await close_harness(bot)


async def test_every_button_leads_somewhere_after_a_restart_and_nowhere_in_another_chat(
    telegram: TelegramStandIn, news: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "buttons.sqlite3"
    first = await offline_harness(telegram, news, db)
    try:
        await first.send(link_update(first, news.url("/border")))
        brief = telegram.sent_messages(CHAT)[-1]
        # Open each section once, so every kind of keyboard has been shown.
        for section in ("claims", "denials", "evidence"):
            data = f"view:{buttons(first)[0][2].split(':')[1]}:{section}"
            await first.send(telegram.callback_query(CHAT, brief.message_id, data))
        await first.send(link_update(first, news.url("/border")))  # the short repeat reply
    finally:
        await close_harness(first)
    every = sorted({b[2] for b in buttons(first)})
    assert {d.split(":")[0] for d in every} >= {"view", "ask", "refresh"}

    second = await offline_harness(telegram, news, db)
    try:
        for data in every:
            message_id = next(b[0] for b in reversed(buttons(second)) if b[2] == data)
            before = len(telegram.calls)
            await second.send(telegram.callback_query(CHAT, message_id, data))
            calls = telegram.calls[before:]
            assert all(call.error is None for call in calls), data
            answers = [c for c in calls if c.method == "answerCallbackQuery"]
            assert answers, data
            assert not answers[0].params.get("show_alert"), data
            assert any(c.method in ("sendMessage", "editMessageText") for c in calls), data

        await second.send(telegram.command(OTHER_CHAT, "/start"))
        own = telegram.sent_messages(OTHER_CHAT)[-1]
        before = len(telegram.calls_to("answerCallbackQuery"))
        for data in every:
            await second.send(telegram.callback_query(OTHER_CHAT, own.message_id, data))
        alerts = [c.params.get("text") for c in telegram.calls_to("answerCallbackQuery")][before:]
        assert alerts == [messages.NOT_YOURS] * len(every)
        assert len(telegram.sent_messages(OTHER_CHAT)) == 1
    finally:
        await close_harness(second)


async def test_briefing_is_one_message_with_a_line_and_a_button_per_story(
    telegram: TelegramStandIn, news: PageServer, tmp_path: Path
) -> None:
    bot = await offline_harness(telegram, news, tmp_path / "briefing.sqlite3")
    try:
        for path in ("/border", "/harbor", "/bridge"):
            await bot.send(link_update(bot, news.url(path)))
        before = len(telegram.sent_messages(CHAT))
        await bot.send(telegram.command(CHAT, "/briefing"))
        (briefing,) = telegram.sent_messages(CHAT)[before:]
        lines = [line for line in briefing.visible_text.splitlines()[2:] if line]
        assert len(lines) == 3
        border = next(line for line in lines if "Veloria" in line)
        assert "The Northern Ledger" in border
        assert "denied by" in border
        opens = [b for b in buttons(bot) if b[0] == briefing.message_id]
        assert len(opens) == 3
        assert all(data.startswith("show:") for _, _, data in opens)
        await bot.send(telegram.callback_query(CHAT, briefing.message_id, opens[0][2]))
        assert "Claim · " in bot.texts()[-1] or "Denial · " in bot.texts()[-1]
    finally:
        await close_harness(bot)
