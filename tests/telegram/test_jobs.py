"""Daily briefings: when they are due, what the scan sends, and how it meets Telegram's refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from telegram.error import RetryAfter

from bot.digest.schedule import next_briefing
from bot.store.records import Subscription
from bot.store.sqlite import SQLiteStore
from bot.telegram.jobs import SCAN_JOB, send_briefing, start_briefing_scan
from bot.telegram.sending import BriefingSender, SendLimiter, TokenBucket
from bot.testing.pages import PageServer
from bot.testing.telegram import TelegramStandIn
from tests.digest.samples import (
    UNSAFE,
    Record,
    bridge_coastal,
    bridge_ledger,
    bridge_valley,
    record,
    strike_records,
)
from tests.telegram.harness import CHAT, Harness, close_harness, open_harness

UTC = dt.UTC


async def deliver(store: SQLiteStore, chat_id: int, item: Record) -> int:
    """A brief the chat received, as the bot would have stored it."""
    article_id = await store.save_article(item.article)
    brief_id = await store.save_brief(article_id, item.brief, "offline", "test-1")
    await store.record_delivery(chat_id, brief_id, [])
    return brief_id


async def subscribe(
    bot: Harness, at: dt.time, zone: str = "Europe/Berlin", *, quiet: bool = False
) -> Subscription:
    await bot.store.set_subscription(CHAT, at, zone, quiet=quiet)
    subscription = await bot.store.subscription(CHAT)
    assert subscription is not None
    return subscription


async def subscribe_due(
    bot: Harness, *, quiet: bool = False, chat_id: int = CHAT, minutes_ago: int = 5
) -> None:
    """A subscription whose briefing was due a few minutes ago (the scan sends it now)."""
    zone = "Europe/Berlin"
    now = dt.datetime.now(UTC)
    due = (now - dt.timedelta(minutes=minutes_ago)).astimezone(ZoneInfo(zone))
    await bot.store.set_subscription(
        chat_id, dt.time(due.hour, due.minute), zone, quiet=quiet, now=now - dt.timedelta(hours=1)
    )


def scan_job(bot: Harness) -> Any:
    """The JobQueue job the bot starts in post_init: the scan of due briefings."""
    assert bot.app.job_queue is not None
    return start_briefing_scan(bot.app.job_queue)


def visible(bot: Harness) -> str:
    return "\n".join(bot.texts())


def keyboard_data(bot: Harness) -> list[str]:
    return [
        button["callback_data"]
        for message in bot.telegram.sent_messages(CHAT)
        for row in (message.reply_markup or {}).get("inline_keyboard", [])
        for button in row
    ]


# ----------------------------------------------------------------- when the job fires


@pytest.mark.parametrize(
    ("zone", "at"),
    [
        ("Europe/Berlin", dt.time(7, 30)),
        ("America/New_York", dt.time(7, 30)),
        ("Asia/Kolkata", dt.time(6, 0)),
        ("Pacific/Chatham", dt.time(21, 45)),
        ("UTC", dt.time(0, 0)),
    ],
)
async def test_next_run_is_the_wall_clock_time_in_the_chat_zone(
    bot: Harness, zone: str, at: dt.time
) -> None:
    subscription = await subscribe(bot, at, zone)
    next_t = subscription.next_at
    assert next_t is not None
    local = next_t.astimezone(ZoneInfo(zone))
    assert (local.hour, local.minute) == (at.hour, at.minute)
    assert dt.timedelta(0) < next_t - dt.datetime.now(UTC) <= dt.timedelta(hours=25)
    assert next_t == next_briefing(at, ZoneInfo(zone))


@pytest.mark.parametrize(
    ("zone", "now", "expected_utc"),
    [
        # Berlin springs forward on 30 March 2025: 07:30 is 06:30 UTC before, 05:30 after.
        ("Europe/Berlin", dt.datetime(2025, 3, 29, 6, 0), dt.datetime(2025, 3, 29, 6, 30)),
        ("Europe/Berlin", dt.datetime(2025, 3, 29, 8, 0), dt.datetime(2025, 3, 30, 5, 30)),
        # ... and falls back on 26 October 2025.
        ("Europe/Berlin", dt.datetime(2025, 10, 25, 8, 0), dt.datetime(2025, 10, 26, 6, 30)),
        # New York: 9 March and 2 November 2025.
        ("America/New_York", dt.datetime(2025, 3, 8, 13, 0), dt.datetime(2025, 3, 9, 11, 30)),
        ("America/New_York", dt.datetime(2025, 11, 1, 12, 0), dt.datetime(2025, 11, 2, 12, 30)),
    ],
)
async def test_daylight_saving_changes_keep_the_local_time(
    bot: Harness, zone: str, now: dt.datetime, expected_utc: dt.datetime
) -> None:
    await bot.store.set_subscription(CHAT, dt.time(7, 30), zone, now=now.replace(tzinfo=UTC))
    subscription = await bot.store.subscription(CHAT)
    assert subscription is not None
    fire = subscription.next_at
    assert fire is not None
    assert fire.astimezone(UTC) == expected_utc.replace(tzinfo=UTC)
    assert fire.astimezone(ZoneInfo(zone)).time() == dt.time(7, 30)
    assert next_briefing(dt.time(7, 30), ZoneInfo(zone), now.replace(tzinfo=UTC)) == fire


def test_a_time_skipped_by_the_clock_change_comes_an_hour_later() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    night = dt.datetime(2025, 3, 29, 23, 0, tzinfo=UTC)
    upcoming = next_briefing(dt.time(2, 30), berlin, night)
    assert upcoming.astimezone(UTC) == dt.datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
    assert upcoming.astimezone(berlin).time() == dt.time(3, 30)


# ----------------------------------------------------------------- scheduling


async def test_changing_moves_the_next_time_and_stopping_ends_it(bot: Harness) -> None:
    first = await subscribe(bot, dt.time(7, 30))
    changed = await subscribe(bot, dt.time(18, 5), "America/New_York")
    assert changed.next_at != first.next_at
    assert changed.next_at == next_briefing(dt.time(18, 5), ZoneInfo("America/New_York"))
    await bot.store.remove_subscription(CHAT)
    await subscribe_due(bot, chat_id=CHAT + 1)
    await bot.store.remove_subscription(CHAT + 1)
    await scan_job(bot).run(bot.app)
    assert bot.telegram.calls_to("sendMessage") == []


async def test_the_scan_finds_the_store_s_subscriptions_after_a_restart(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "restart.sqlite3"
    first = await open_harness(telegram, pages, db)
    try:
        await subscribe_due(first)
        await subscribe_due(first, chat_id=CHAT + 1, quiet=True)
        await first.store.set_subscription(CHAT + 2, dt.time(9, 0), "Mars/Olympus_Mons")
    finally:
        await close_harness(first)

    second = await open_harness(telegram, pages, db)
    try:
        job = scan_job(second)
        assert second.app.job_queue is not None
        assert [j.name for j in second.app.job_queue.jobs()] == [SCAN_JOB]
        await job.run(second.app)
        assert second.texts(CHAT) == ["No new stories in the last day."]
        assert second.texts(CHAT + 1) == []  # quiet, nothing new
        assert await second.store.last_briefing_at(CHAT + 1) is not None
        assert second.texts(CHAT + 2) == []  # an unknown zone is never due
        # Claimed once: the next scan sends nothing again.
        await job.run(second.app)
        assert len(second.telegram.calls_to("sendMessage")) == 1
    finally:
        await close_harness(second)


# ----------------------------------------------------------------- what the job sends


async def test_job_sends_the_briefing_with_buttons_back_to_each_brief(bot: Harness) -> None:
    earlier = record(
        90,
        title="Marlow mayor warns <b>Harbor Bridge</b> & ramps are unsafe",
        site="Lakeport Ledger",
        summary="Mayor Elena Voss said the Harbor Bridge in Marlow is unsafe for trucks.",
        claims=[UNSAFE],
    )
    await deliver(bot.store, CHAT, earlier)
    last = dt.datetime.now(UTC)
    await bot.store.mark_briefing_sent(CHAT, last)
    ids = [
        await deliver(bot.store, CHAT, item)
        for item in [bridge_ledger(), bridge_coastal(), bridge_valley(), *strike_records()]
    ]
    await subscribe_due(bot)

    await scan_job(bot).run(bot.app)

    text = visible(bot)
    assert text.startswith("Your briefing\n2 stories since ")
    assert len(bot.telegram.sent_messages(CHAT)) == 1
    (first, second) = text.splitlines()[3::2]
    assert first.startswith("1. ")
    assert "Lakeport Ledger · Coastal Times · valley-news.example — follow-up" in first
    assert "denied by Brightline Works" in first
    assert "Coastal Times leaves it out" in first
    assert second.startswith("2. Dunmore")
    assert sorted(keyboard_data(bot)) == sorted(f"show:{i}" for i in ids)
    assert all(call.error is None for call in bot.telegram.calls_to("sendMessage"))
    marked = await bot.store.last_briefing_at(CHAT)
    assert marked is not None
    assert marked > last

    # A button opens that outlet's full brief.
    message = bot.telegram.sent_messages(CHAT)[-1]
    await bot.send(bot.telegram.callback_query(CHAT, message.message_id, f"show:{ids[1]}"))
    assert "Harbor Bridge repair plan clears Marlow council vote" in bot.texts()[-1]


async def test_article_text_is_escaped_in_the_briefing(bot: Harness) -> None:
    await deliver(
        bot.store,
        CHAT,
        record(
            5,
            title="Mayor <i>Voss</i> & the <script> bridge",
            site="A&B <News>",
            summary="Voss said <b>nothing</b> & left.",
            claims=[("Costs < 14 million & rising", "Voss", "costs are < 14 million & rising")],
        ),
    )
    await subscribe_due(bot)
    await scan_job(bot).run(bot.app)
    (sent,) = bot.telegram.sent_messages(CHAT)
    assert sent.parse_mode == "HTML"
    assert "Mayor <i>Voss</i> & the <script> bridge" in sent.visible_text
    assert "A&B <News>" in sent.visible_text
    assert "1. Mayor <i>Voss</i> & the <script> bridge — A&B <News>" in sent.visible_text


async def test_no_new_stories_is_one_line_or_silence_in_quiet_mode(bot: Harness) -> None:
    await bot.store.mark_briefing_sent(CHAT, dt.datetime(2025, 3, 20, 6, 30, tzinfo=UTC))
    await subscribe_due(bot)
    await scan_job(bot).run(bot.app)
    assert bot.texts() == ["No new stories since Thu 20 Mar, 07:30 CET."]

    first = await bot.store.last_briefing_at(CHAT)
    await bot.store.remove_subscription(CHAT)
    await subscribe_due(bot, quiet=True, minutes_ago=10)
    await scan_job(bot).run(bot.app)
    assert len(bot.texts()) == 1
    marked = await bot.store.last_briefing_at(CHAT)
    assert first is not None
    assert marked is not None
    assert marked > first  # the quiet briefing ran, and said nothing


async def test_flood_control_is_waited_out(bot: Harness) -> None:
    fake = FakeTime()
    limiter = SendLimiter(clock=fake.clock, sleep=fake.sleep)
    bot.app.bot_data.services.sender = BriefingSender(limiter, sleep=fake.sleep)
    await deliver(bot.store, CHAT, bridge_ledger())
    await subscribe_due(bot)
    bot.telegram.fail_next(
        "sendMessage", error_code=429, description="Too Many Requests: retry after 1", retry_after=1
    )
    await scan_job(bot).run(bot.app)
    calls = bot.telegram.calls_to("sendMessage")
    assert [call.error for call in calls] == ["Too Many Requests: retry after 1", None]
    assert fake.slept == [1.0]  # the wait Telegram asked for, once, before the second call
    assert len(bot.texts()) == 1
    assert await bot.store.last_briefing_at(CHAT) is not None


async def test_flood_control_retries_are_bounded(bot: Harness) -> None:
    fake = FakeTime()
    limiter = SendLimiter(clock=fake.clock, sleep=fake.sleep)
    bot.app.bot_data.services.sender = BriefingSender(limiter, max_retries=1, sleep=fake.sleep)
    await deliver(bot.store, CHAT, bridge_ledger())
    await subscribe(bot, dt.time(7, 30))
    bot.telegram.fail_next(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 1",
        retry_after=1,
        times=3,
    )
    with pytest.raises(RetryAfter):
        await send_briefing(
            bot.app.bot, bot.app.bot_data.services, CHAT, zone=ZoneInfo("UTC"), quiet=False
        )
    assert len(bot.telegram.calls_to("sendMessage")) == 2
    assert bot.texts() == []
    assert await bot.store.last_briefing_at(CHAT) is None  # the next briefing covers it
    assert await bot.store.subscription(CHAT) is not None


async def test_a_chat_that_blocked_the_bot_is_unsubscribed(bot: Harness) -> None:
    await deliver(bot.store, CHAT, bridge_ledger())
    await subscribe_due(bot)
    bot.telegram.blocked_chats = {CHAT}
    await scan_job(bot).run(bot.app)
    assert len(bot.telegram.calls_to("sendMessage")) == 1
    assert await bot.store.subscription(CHAT) is None


async def test_a_forgotten_chat_gets_no_briefing(bot: Harness) -> None:
    await subscribe_due(bot)
    await bot.store.forget_chat(CHAT)
    await scan_job(bot).run(bot.app)
    assert bot.telegram.calls_to("sendMessage") == []


async def test_send_briefing_reports_what_happened(bot: Harness) -> None:
    services = bot.app.bot_data.services
    services.sender = BriefingSender(SendLimiter(chat_rate=100))
    zone = ZoneInfo("UTC")
    assert await send_briefing(bot.app.bot, services, CHAT, zone=zone, quiet=True) == "silent"
    assert await send_briefing(bot.app.bot, services, CHAT, zone=zone, quiet=False) == "no_news"
    await deliver(bot.store, CHAT, bridge_coastal())
    assert await send_briefing(bot.app.bot, services, CHAT, zone=zone, quiet=True) == "sent"


# ----------------------------------------------------------------- the limiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_one_message_a_second_per_chat_and_a_cap_for_the_bot() -> None:
    fake = FakeTime()
    limiter = SendLimiter(bot_rate=3, chat_rate=1, clock=fake.clock, sleep=fake.sleep)
    for _ in range(3):
        await limiter.acquire(1)
    assert fake.now == pytest.approx(2.0)

    fake.now = 100.0
    for chat in range(10, 16):  # six chats, three a second for the bot
        await limiter.acquire(chat)
    assert fake.now == pytest.approx(101.0)


async def test_token_bucket_saves_up_to_its_capacity() -> None:
    fake = FakeTime()
    bucket = TokenBucket(2.0, 2.0, clock=fake.clock, sleep=fake.sleep)
    fake.now = 50.0
    for _ in range(4):
        await bucket.acquire()
    assert fake.now == pytest.approx(51.0)
    with pytest.raises(ValueError, match="positive rate"):
        TokenBucket(0)
