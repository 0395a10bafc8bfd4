"""/daily and /briefing as a person in the chat uses them, through the Bot API stand-in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.errors import DailyRequestError
from bot.store.records import Subscription
from bot.telegram.app import COMMANDS
from bot.telegram.daily import parse_clock, parse_daily_args
from bot.telegram.sending import BriefingSender, SendLimiter
from bot.testing.pages import PageServer
from bot.testing.telegram import TelegramStandIn
from tests.digest.samples import bridge_coastal, bridge_ledger
from tests.telegram.harness import CHAT, Harness, close_harness, open_harness
from tests.telegram.test_jobs import deliver


async def command(bot: Harness, text: str, chat: int = CHAT) -> str:
    before = len(bot.texts(chat))
    await bot.send(bot.telegram.command(chat, text))
    texts = bot.texts(chat)
    assert len(texts) == before + 1, texts[before:]
    return texts[-1]


async def next_local(bot: Harness, chat: int = CHAT) -> dt.datetime:
    """When the chat's next briefing is due, as the store keeps it, in the chat's zone."""
    subscription = await bot.store.subscription(chat)
    assert subscription is not None
    assert subscription.next_at is not None
    return subscription.next_at.astimezone(ZoneInfo(subscription.timezone))


def test_commands_are_announced() -> None:
    names = [c.command for c in COMMANDS]
    assert "daily" in names
    assert "briefing" in names


async def test_set_show_change_and_stop(bot: Harness) -> None:
    reply = await command(bot, "/daily")
    assert reply.startswith("No daily briefing is set for this chat.")
    assert "/daily 07:30 Europe/Berlin" in reply

    reply = await command(bot, "/daily 07:30 Europe/Berlin")
    assert reply.startswith("Done. Your briefing comes every day at 07:30 (Europe/Berlin).")
    assert "Next one: " in reply
    assert "one short line" in reply
    assert await bot.store.subscription(CHAT) == Subscription(
        CHAT, dt.time(7, 30), "Europe/Berlin", False
    )
    assert (await next_local(bot)).time() == dt.time(7, 30)

    reply = await command(bot, "/daily")
    assert reply.startswith("Your briefing comes every day at 07:30 (Europe/Berlin).")
    assert reply.endswith("/daily off stops it.")

    reply = await command(bot, "/daily quiet 6:15")
    assert "06:15 (Europe/Berlin)" in reply  # the zone stays as it was
    assert "Quiet mode is on" in reply
    assert (await next_local(bot)).time() == dt.time(6, 15)

    reply = await command(bot, "/daily 7:05pm america/new_york")
    assert "19:05 (America/New_York)" in reply
    assert "Quiet mode is on" in reply  # what is left out stays
    reply = await command(bot, "/daily loud")
    assert "19:05 (America/New_York)" in reply
    assert "one short line" in reply
    assert (await next_local(bot)).time() == dt.time(19, 5)

    stopped = await command(bot, "/daily off")
    assert stopped == "Daily briefing stopped. /daily 07:30 starts it again."
    assert await bot.store.subscription(CHAT) is None
    assert await command(bot, "/daily off") == "There was no daily briefing to stop."


async def test_zone_defaults_to_the_configured_one(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    harness = await open_harness(
        telegram, pages, tmp_path / "tokyo.sqlite3", BRIEFBOT_DEFAULT_TIMEZONE="Asia/Tokyo"
    )
    try:
        reply = await command(harness, "/daily 08:00")
        assert "08:00 (Asia/Tokyo)" in reply
        assert "JST" in reply
    finally:
        await close_harness(harness)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/daily 25:00", "25:00 is not a time of day: use 24-hour time from 00:00 to 23:59"),
        ("/daily 07:75", "07:75 is not a time of day"),
        ("/daily 13pm", "13pm is not a time: with am/pm the hour is 1 to 12."),
        ("/daily 7", "Send the time as hours and minutes, e.g. 7:00."),
        ("/daily 07:30 Europe/Berlinn", "I don't know the time zone 'Europe/Berlinn'."),
        ("/daily 07:30 CEST", "I don't know the time zone 'CEST'."),
        ("/daily 07:30 08:00", "Send one time only"),
        ("/daily 07:30 UTC Asia/Tokyo", "Send one time zone only"),
        ("/daily tomorrow", "I didn't understand 'tomorrow'."),
        ("/daily off 07:30", "Send /daily off on its own"),
        ("/daily quiet", "Which time?"),
        ("/daily Europe/Berlin", "Which time?"),
    ],
)
async def test_bad_input_gets_a_clear_reply(bot: Harness, text: str, expected: str) -> None:
    reply = await command(bot, text)
    assert reply.startswith(expected)
    assert await bot.store.subscription(CHAT) is None


async def test_briefing_now(bot: Harness) -> None:
    bot.app.bot_data.services.sender = BriefingSender(SendLimiter(chat_rate=100))
    assert await command(bot, "/briefing") == "No new stories in the last day."
    ledger = await deliver(bot.store, CHAT, bridge_ledger())
    coastal = await deliver(bot.store, CHAT, bridge_coastal())
    await bot.send(bot.telegram.command(CHAT, "/briefing"))
    (sent,) = bot.telegram.sent_messages(CHAT)[-1:]
    assert sent.visible_text.startswith("Your briefing\n1 story since ")
    assert "Lakeport Ledger · Coastal Times" in sent.visible_text
    assert "Coastal Times leaves it out" in sent.visible_text
    buttons = [b["callback_data"] for row in sent.reply_markup["inline_keyboard"] for b in row]
    assert buttons == [f"show:{ledger}", f"show:{coastal}"]
    await bot.send(bot.telegram.command(CHAT, "/briefing"))
    assert bot.texts()[-1].startswith("No new stories since ")


def test_parsing_accepts_common_spellings() -> None:
    assert parse_clock("7.30") == dt.time(7, 30)
    assert parse_clock("19h05") == dt.time(19, 5)
    assert parse_clock("12am") == dt.time(0, 0)
    assert parse_clock("12:30pm") == dt.time(12, 30)
    assert parse_clock("soon") is None
    request = parse_daily_args(["QUIET", "utc", "0:00"])
    assert (request.at, request.zone, request.quiet) == (dt.time(0, 0), "UTC", True)
    assert parse_daily_args(["stop"]).off
    with pytest.raises(DailyRequestError):
        parse_daily_args(["24:00"])
