"""Telegram misbehaving: flood control, rejected HTML, dropped polls, a chat that blocked the bot.

Each test checks that nothing is lost (the brief arrives, or stays in the store for the chat to
find again) and that the person reads something true.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.models import Answer, Article, Brief, Claim, Turn
from bot.telegram import messages
from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.telegram import TelegramStandIn
from tests.fake_sleep import RecordingSleep
from tests.faults.flaky_proxy import FlakyProxy
from tests.telegram.harness import (
    CHAT,
    OTHER_CHAT,
    FakeEngine,
    Harness,
    HookedEngine,
    close_harness,
    open_harness,
)

BAD_HTML = 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0'


def brief_ids(bot: Harness[FakeEngine], chat: int = CHAT) -> list[int]:
    """Brief ids behind the keyboards the chat can see."""
    found = []
    for message in bot.telegram.sent_messages(chat):
        for row in (message.reply_markup or {}).get("inline_keyboard", []):
            for button in row:
                data = str(button.get("callback_data", ""))
                if data.startswith("ask:"):
                    found.append(int(data.split(":")[1]))
    return found


async def test_flood_control_on_the_brief_is_waited_out(
    bot: Harness[FakeEngine], pages: PageServer, caplog: pytest.LogCaptureFixture
) -> None:
    def flood() -> None:
        bot.telegram.fail_next(
            "sendMessage",
            error_code=429,
            description="Too Many Requests: retry after 1",
            retry_after=1,
        )

    bot.engine.before_reply = flood
    sleep = RecordingSleep()
    bot.app.bot_data.services.flood_sleep = sleep
    with caplog.at_level(logging.INFO, logger="bot.telegram.delivery"):
        await bot.send(bot.link(pages.url("/story")))

    waits = [r.getMessage() for r in caplog.records if r.name == "bot.telegram.delivery"]
    assert "flood control: waiting 1.0 s before sending again" in waits
    assert sleep.delays == [1.0]  # the pause Telegram asked for, before the second attempt
    sends = bot.telegram.calls_to("sendMessage")
    assert sends[-2].error == "Too Many Requests: retry after 1"
    assert sends[-1].error is None
    (brief,) = [m for m in bot.telegram.sent_messages(CHAT) if not m.deleted]
    assert "Nothing was hidden from anyone" in brief.visible_text
    # The delivery was recorded: a reply to the brief reaches its story.
    assert await bot.store.brief_for_message(CHAT, brief.message_id) is not None


class ManyClaimsEngine:
    """One claim per paragraph, so a long article's brief takes several messages."""

    name = "many"
    version = "many-1"

    async def aclose(self) -> None:
        return None

    async def brief(self, article: Article) -> Brief:
        claims = [
            Claim(id=f"c{n}", text=f"Point {n}.", quote=paragraph)
            for n, paragraph in enumerate(article.paragraphs, 1)
        ]
        return Brief(summary="A long story.", claims=claims, engine=self.name)

    async def answer(self, article: Article, question: str, history: Sequence[Turn]) -> Answer:
        return Answer(answered=False, answer="The article does not say.", engine=self.name)


_WORDS = [
    "dam",
    "sluice",
    "siren",
    "village",
    "river",
    "night",
    "keeper",
    "district",
    "office",
    "inquiry",
    "water",
    "alarm",
    "bridge",
    "mill",
    "road",
    "field",
    "school",
    "church",
    "market",
    "harbour",
    "tower",
    "gate",
    "barn",
    "orchard",
    "meadow",
    "ferry",
    "clock",
    "lantern",
    "well",
    "quarry",
    "forge",
    "pasture",
    "chapel",
    "granary",
    "wharf",
    "causeway",
    "weir",
    "embankment",
    "culvert",
]


def _witness(number: int) -> str:
    """Paragraphs that share no run of words, so cleaning keeps every one of them."""
    words = [_WORDS[(number * 7 + step * (number + 3)) % len(_WORDS)] for step in range(60)]
    return f"Witness {number} spoke of the {' '.join(words)}, and of sector {number}."


LONG_PARAGRAPHS = [_witness(n) for n in range(1, 25)]


async def test_flood_control_on_a_later_part_is_waited_out(
    telegram: TelegramStandIn, tmp_path: Path
) -> None:
    body = "".join(f"<p>{p}</p>" for p in LONG_PARAGRAPHS)
    page = f"<html><head><title>Carrow inquiry</title></head><body><article>{body}</article>"
    with serve_pages({"/long": Route(body=page.encode())}) as long_pages:
        bot = await open_harness(
            telegram, None, tmp_path / "db.sqlite3", HookedEngine(ManyClaimsEngine())
        )
        sleep = RecordingSleep()
        bot.app.bot_data.services.flood_sleep = sleep
        try:
            await bot.send(bot.link(long_pages.url("/long")))
            (brief,) = [m for m in telegram.sent_messages(CHAT) if not m.deleted]
            # The claims do not fit one message: they arrive as replies to the brief.
            telegram.fail_next(
                "sendMessage",
                error_code=429,
                description="Too Many Requests: retry after 1",
                retry_after=1,
            )
            data = f"view:{brief_ids(bot)[0]}:claims"
            await bot.send(telegram.callback_query(CHAT, brief.message_id, data))
        finally:
            await close_harness(bot)
    shown = [m for m in telegram.sent_messages(CHAT) if not m.deleted][1:]
    assert len(shown) >= 2
    assert all(m.reply_to_message_id == brief.message_id for m in shown)
    assert [c.error for c in telegram.calls_to("sendMessage")].count(
        "Too Many Requests: retry after 1"
    ) == 1
    assert sleep.delays == [1.0]
    everything = "\n".join(m.visible_text for m in shown)
    for number in range(1, 25):
        assert f"of sector {number}." in everything
    assert shown[-1].reply_markup is not None  # the keyboard is under the last part


async def test_a_long_flood_pause_is_not_waited_and_the_brief_is_kept(
    bot: Harness[FakeEngine], pages: PageServer, caplog: pytest.LogCaptureFixture
) -> None:
    bot.engine.before_reply = lambda: bot.telegram.fail_next(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 3600",
        retry_after=3600,
    )
    sleep = RecordingSleep()
    bot.app.bot_data.services.flood_sleep = sleep
    with caplog.at_level(logging.INFO, logger="bot.telegram.delivery"):
        await bot.send(bot.link(pages.url("/story")))
    said = [r.getMessage() for r in caplog.records if r.name == "bot.telegram.delivery"]
    assert "flood control asks for 3600 s; giving up on this message" in said
    assert sleep.delays == []
    assert not any(line.startswith("flood control: waiting") for line in said)
    assert bot.texts()[-1] == messages.FLOODED

    bot.engine.before_reply = None
    await bot.send(bot.link(pages.url("/story")))
    assert bot.engine.briefs == 1  # written once, kept, delivered when Telegram allowed it
    assert "Nothing was hidden from anyone" in bot.texts()[-1]


async def test_rejected_html_is_resent_as_plain_text(
    bot: Harness[FakeEngine], pages: PageServer
) -> None:
    bot.engine.before_reply = lambda: bot.telegram.fail_next(
        "sendMessage", error_code=400, description=BAD_HTML
    )
    await bot.send(bot.link(pages.url("/story")))
    (brief,) = [m for m in bot.telegram.sent_messages(CHAT) if not m.deleted]
    assert brief.parse_mode is None
    assert "Claim ·" in brief.visible_text
    assert "“The Lakeside Harbor Board hid a diesel spill" in brief.visible_text
    assert "<b>" not in brief.visible_text
    assert brief.reply_markup is not None
    assert await bot.store.brief_for_message(CHAT, brief.message_id) is not None

    # An answer is sent (not edited): the same fallback for sendMessage.
    bot.telegram.fail_next("sendMessage", error_code=400, description=BAD_HTML)
    await bot.send(
        bot.telegram.user_message(CHAT, "Who denied it?", reply_to_message_id=brief.message_id)
    )
    answer = bot.telegram.sent_messages(CHAT)[-1]
    assert answer.parse_mode is None
    assert "Nothing was hidden from anyone" in answer.visible_text
    assert [c.error for c in bot.telegram.calls_to("sendMessage")][-2:] == [BAD_HTML, None]


async def test_a_chat_that_blocked_the_bot_is_not_retried_and_others_are_served(
    bot: Harness[FakeEngine], pages: PageServer, caplog: pytest.LogCaptureFixture
) -> None:
    bot.telegram.blocked_chats = {CHAT}
    with caplog.at_level(logging.INFO):
        await bot.send(bot.link(pages.url("/story")))
        await bot.send(bot.telegram.command(CHAT, "/help"))
        await bot.send(bot.link(pages.url("/story"), chat_id=OTHER_CHAT))

    to_blocked = [
        call
        for call in bot.telegram.calls
        if call.params.get("chat_id") == CHAT and call.method != "sendChatAction"
    ]
    # One refused attempt per update: the status message, then the /help reply. No loop.
    assert [call.method for call in to_blocked] == ["sendMessage", "sendMessage"]
    assert all(call.error and call.error.startswith("Forbidden") for call in to_blocked)
    assert bot.engine.briefs == 1  # only for the chat that can read it
    assert "Nothing was hidden from anyone" in bot.texts(OTHER_CHAT)[-1]
    refused = [r for r in caplog.records if "cannot be written to" in r.getMessage()]
    assert len(refused) == 2
    assert not any(r.exc_info or "Traceback" in r.getMessage() for r in caplog.records)


RECOVERY_POLL_INTERVAL = 0.01
"""PTB's polling loop waits 1.5 times its poll interval after a failed poll, but a whole second
when the interval is 0: a small interval still shows the recovery, without that second."""


async def _start_polling(bot: Harness[FakeEngine]) -> None:
    assert bot.app.updater is not None
    await bot.app.updater.start_polling(poll_interval=RECOVERY_POLL_INTERVAL, timeout=10)
    await bot.app.start()


async def _stop_polling(bot: Harness[FakeEngine]) -> None:
    assert bot.app.updater is not None
    if bot.app.updater.running:
        await bot.app.updater.stop()
    if bot.app.running:
        await bot.app.stop()
    await close_harness(bot)


async def test_polling_recovers_when_the_connection_drops(
    telegram: TelegramStandIn, tmp_path: Path
) -> None:
    async with FlakyProxy(telegram.port) as proxy:
        bot = await open_harness(
            telegram,
            None,
            tmp_path / "db.sqlite3",
            BRIEFBOT_TELEGRAM_API_URL=f"http://127.0.0.1:{proxy.port}/bot",
        )
        try:
            await _start_polling(bot)
            await telegram.wait_for(lambda: bool(telegram.calls_to("getUpdates")))
            await telegram.wait_for(lambda: proxy.open_connections > 0)
            polls = len(telegram.calls_to("getUpdates"))
            proxy.cut()  # the long poll in flight dies
            telegram.queue_update(telegram.command(CHAT, "/start"))
            await telegram.wait_for(lambda: bool(telegram.sent_messages(CHAT)), timeout=4)
            assert len(telegram.calls_to("getUpdates")) > polls
            assert "Send me a link" in telegram.sent_messages(CHAT)[0].visible_text
            assert len(telegram.sent_messages(CHAT)) == 1  # answered once, not twice
        finally:
            await _stop_polling(bot)


async def test_polling_recovers_from_a_bad_gateway(
    telegram: TelegramStandIn, tmp_path: Path
) -> None:
    bot = await open_harness(telegram, None, tmp_path / "db.sqlite3")
    try:
        telegram.fail_next("getUpdates", error_code=502, description="Bad Gateway")
        telegram.queue_update(telegram.command(CHAT, "/help"))
        await _start_polling(bot)
        await telegram.wait_for(lambda: bool(telegram.sent_messages(CHAT)), timeout=4)
        assert telegram.calls_to("getUpdates")[0].error == "Bad Gateway"
        assert "/history" in telegram.sent_messages(CHAT)[0].visible_text
    finally:
        await _stop_polling(bot)
