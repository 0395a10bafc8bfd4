"""The ingress and the journal of sends, in one process against PostgreSQL and the stand-in."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool
from telegram import Bot
from telegram.error import RetryAfter

from bot.config import Settings
from bot.errors import StoreError
from bot.scale.briefings import defer_due_briefings
from bot.scale.ingress import Intake, poll, serve_webhook
from bot.scale.queue import HANDLE_UPDATE, SEND_BRIEFING, Queue, update_chat
from bot.scale.sent_journal import JournalledRequest, SentJournal, sending_for
from bot.store.postgres import PostgresStore, migrate
from bot.store.records import DueBriefing
from bot.testing.telegram import TelegramStandIn
from tests.conftest import REPO_ROOT


class SeenUpdates:
    """`record_update_then` as the store keeps it, without the shared transaction: True (and
    the step run) the first time only."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    async def record(self, update_id: int, then: Callable[[Any], Awaitable[object]]) -> bool:
        if update_id in self.seen:
            return False
        self.seen.add(update_id)
        await then(None)
        return True


@pytest.fixture
async def queue(postgres_db: str) -> AsyncIterator[Queue]:
    await migrate(postgres_db)
    queue = Queue.connect(postgres_db, max_connections=2)
    async with queue.app.open_async():
        yield queue


@contextlib.asynccontextmanager
async def closing_journal(pool: AsyncConnectionPool) -> AsyncIterator[SentJournal]:
    journal = SentJournal(pool)
    try:
        yield journal
    finally:
        await journal.aclose()


async def queued_jobs(dsn: str) -> list[tuple[str | None, int]]:
    async with await psycopg.AsyncConnection.connect(dsn) as conn:
        cursor = await conn.execute(
            "SELECT lock, (args->'update'->>'update_id')::int FROM procrastinate_jobs "
            "WHERE task_name = %s ORDER BY id",
            (HANDLE_UPDATE,),
        )
        return [(row[0], row[1]) for row in await cursor.fetchall()]


async def test_each_update_is_queued_once_under_its_chat_lock(
    telegram: TelegramStandIn, queue: Queue, postgres_db: str
) -> None:
    seen = SeenUpdates()
    intake = Intake(seen.record, queue)
    ids = [telegram.queue_update(telegram.user_message(chat, f"m{n}")) for n, chat in
           enumerate([1, 2, 1, 1, 2])]  # fmt: skip
    stop = asyncio.Event()
    async with Bot(telegram.token, base_url=telegram.base_url) as bot:
        polling = asyncio.create_task(poll(bot, intake, stop))
        await telegram.wait_for(lambda: len(seen.seen) == 5, timeout=20)
        stop.set()
        await asyncio.wait_for(polling, 20)
    assert await queued_jobs(postgres_db) == [
        ("chat:1", ids[0]), ("chat:2", ids[1]), ("chat:1", ids[2]), ("chat:1", ids[3]),
        ("chat:2", ids[4]),
    ]  # fmt: skip
    # Telegram sends a batch again (its confirmation was lost): nothing new is queued.
    again = telegram.user_message(1, "m0")
    again["update_id"] = ids[0]
    assert not await intake.take(again)
    assert len(await queued_jobs(postgres_db)) == 5
    # The last batch was confirmed before the poll stopped.
    assert telegram.updates.pending_count == 0


async def test_an_update_is_recorded_and_queued_together_or_not_at_all(
    queue: Queue, postgres_db: str
) -> None:
    """The step after the job's insert fails (the connection lost before the commit): neither
    the record nor the job is kept, so Telegram's re-send is queued, once."""
    update = {"update_id": 501, "message": {"message_id": 1, "chat": {"id": 7, "type": "private"},
              "date": 0, "text": "hello"}}  # fmt: skip
    store = await PostgresStore.open(postgres_db, pool_size=2)
    try:

        async def queue_then_lose(connection: Any) -> None:
            await queue.defer_update(update, connection=connection)
            raise psycopg.OperationalError("server closed the connection unexpectedly")

        with pytest.raises(StoreError):
            await store.record_update_then(501, queue_then_lose)
        assert await queued_jobs(postgres_db) == []
        intake = Intake(store.record_update_then, queue)
        assert await intake.take(update)
        assert not await intake.take(update)  # Telegram's re-send
    finally:
        await store.close()
    assert await queued_jobs(postgres_db) == [("chat:7", 501)]


async def briefings_queued(dsn: str) -> list[tuple[int, str]]:
    async with await psycopg.AsyncConnection.connect(dsn) as conn:
        cursor = await conn.execute(
            "SELECT (args->>'chat_id')::bigint, args->>'due_at' FROM procrastinate_jobs "
            "WHERE task_name = %s ORDER BY id",
            (SEND_BRIEFING,),
        )
        return [(row[0], row[1]) for row in await cursor.fetchall()]


async def test_a_briefing_claimed_by_a_scan_that_dies_is_queued_by_the_next(
    queue: Queue, postgres_db: str
) -> None:
    set_at = dt.datetime(2026, 1, 1, 7, 0, tzinfo=dt.UTC)
    scan_at = set_at + dt.timedelta(hours=1, minutes=1)
    store = await PostgresStore.open(postgres_db, pool_size=2)
    try:
        await store.set_subscription(5, dt.time(8, 0), "UTC", now=set_at)

        async def die(due: DueBriefing, connection: Any) -> None:
            await queue.defer_briefing(due.chat_id, due.due_at, connection=connection)
            raise ConnectionResetError("the scanning worker went away")

        with pytest.raises(ConnectionResetError):
            await store.claim_due_briefings_then(scan_at, 10, die)
        assert await briefings_queued(postgres_db) == []
        assert await defer_due_briefings(store, queue, scan_at) == 1
        assert await defer_due_briefings(store, queue, scan_at) == 0  # claimed, moved on
    finally:
        await store.close()
    assert await briefings_queued(postgres_db) == [(5, "2026-01-01T08:00:00+00:00")]


async def test_a_briefing_already_queued_keeps_the_scan_s_other_claims(
    queue: Queue, postgres_db: str
) -> None:
    set_at = dt.datetime(2026, 1, 1, 7, 0, tzinfo=dt.UTC)
    scan_at = set_at + dt.timedelta(hours=1, minutes=1)
    store = await PostgresStore.open(postgres_db, pool_size=2)
    try:
        for chat in (5, 6):
            await store.set_subscription(chat, dt.time(8, 0), "UTC", now=set_at)
        due = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
        assert await queue.defer_briefing(5, due) is not None  # queued by an earlier scan
        assert await defer_due_briefings(store, queue, scan_at) == 1
        assert await store.claim_due_briefings(scan_at, 10) == []  # both claims were kept
    finally:
        await store.close()
    assert sorted(await briefings_queued(postgres_db)) == [
        (5, "2026-01-01T08:00:00+00:00"),
        (6, "2026-01-01T08:00:00+00:00"),
    ]


def test_the_chat_of_each_kind_of_update() -> None:
    message = {"message_id": 3, "chat": {"id": -100}, "date": 0}
    assert update_chat({"update_id": 1, "message": message}) == -100
    assert update_chat({"update_id": 1, "edited_message": message}) == -100
    query = {"id": "q", "from": {"id": 5}, "message": message, "chat_instance": "c"}
    assert update_chat({"update_id": 1, "callback_query": query}) == -100
    assert update_chat({"update_id": 1, "poll": {"id": "p"}}) is None


async def test_a_job_run_again_does_not_send_again(
    telegram: TelegramStandIn, postgres_db: str
) -> None:
    await migrate(postgres_db)
    async with (
        AsyncConnectionPool(postgres_db, min_size=1, max_size=2, open=False) as pool,
        closing_journal(pool) as journal,
    ):
        request = JournalledRequest(journal, connection_pool_size=4, pool_timeout=5)
        async with Bot(telegram.token, base_url=telegram.base_url, request=request) as bot:
            with sending_for("update:77"):
                first = await bot.send_message(42, "working on it")
                await bot.edit_message_text(
                    "still working", chat_id=42, message_id=first.message_id
                )
                # Killed here, before the brief went out.
            with sending_for("update:77"):  # the job, run again by another worker
                again = await bot.send_message(42, "working on it")
                brief = await bot.send_message(42, "the brief")
            with sending_for("update:77"):  # and once more, after the brief was out
                await bot.send_message(42, "working on it")
                await bot.send_message(42, "the brief")
            outside = await bot.send_message(42, "no job around this one")
    assert again.message_id == first.message_id
    texts = [message.text for message in telegram.sent_messages(42)]
    assert texts == ["still working", "the brief", "no job around this one"]
    assert brief.message_id != outside.message_id


async def test_a_refused_send_gives_its_number_to_the_retry(
    telegram: TelegramStandIn, postgres_db: str
) -> None:
    """Flood control refuses the first try of the status; it is sent on the retry, then the
    brief, and the worker dies. The job run again meets both under the same numbers."""
    await migrate(postgres_db)
    telegram.fail_next(
        "sendMessage", error_code=429, description="Too Many Requests: retry after 1",
        retry_after=1,
    )  # fmt: skip
    async with (
        AsyncConnectionPool(postgres_db, min_size=1, max_size=2, open=False) as pool,
        closing_journal(pool) as journal,
    ):
        request = JournalledRequest(journal, connection_pool_size=4, pool_timeout=5)
        async with Bot(telegram.token, base_url=telegram.base_url, request=request) as bot:
            with sending_for("update:31"):
                with pytest.raises(RetryAfter):
                    await bot.send_message(42, "working on it")
                status = await bot.send_message(42, "working on it")
                brief = await bot.send_message(42, "the brief")
            with sending_for("update:31"):  # the job, run again by another worker
                again = [
                    await bot.send_message(42, "working on it"),
                    await bot.send_message(42, "the brief"),
                ]
    assert [message.text for message in telegram.sent_messages(42)] == [
        "working on it",
        "the brief",
    ]
    assert [m.message_id for m in again] == [status.message_id, brief.message_id]


class ReservationsSeen:
    """A flood limiter that notes each reservation and whether the send was claimed by then."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self.pool = pool
        self.taken: list[tuple[int, bool, int]] = []

    async def acquire(self, chat_id: int, *, paced: bool) -> None:
        async with self.pool.connection() as conn:
            cursor = await conn.execute("SELECT count(*) FROM scale_sent_messages")
            row = await cursor.fetchone()
        assert row is not None
        self.taken.append((chat_id, paced, row[0]))


async def test_every_send_takes_its_reservation_before_its_claim(
    telegram: TelegramStandIn, postgres_db: str
) -> None:
    await migrate(postgres_db)
    async with (
        AsyncConnectionPool(postgres_db, min_size=1, max_size=2, open=False) as pool,
        closing_journal(pool) as journal,
    ):
        seen = ReservationsSeen(pool)
        request = JournalledRequest(journal, connection_pool_size=4, pool_timeout=5, flood=seen)
        async with Bot(telegram.token, base_url=telegram.base_url, request=request) as bot:
            with sending_for("update:3"):
                status = await bot.send_message(42, "working on it")
                await bot.edit_message_text("still", chat_id=42, message_id=status.message_id)
            with sending_for("briefing:-100:2026-01-01T08:00:00+00:00", paced=True):
                await bot.send_message(-100, "your briefing")
            await bot.send_message(42, "no job around this one")
    # Edits take none; each send one, before it was claimed (the journal's count then).
    assert seen.taken == [(42, False, 0), (-100, True, 1), (42, False, 2)]


async def test_a_second_run_at_once_waits_for_the_first_one_s_send(
    telegram: TelegramStandIn, postgres_db: str
) -> None:
    await migrate(postgres_db)
    async with (
        AsyncConnectionPool(postgres_db, min_size=1, max_size=2, open=False) as pool,
        closing_journal(pool) as journal,
    ):
        request = JournalledRequest(journal, connection_pool_size=4, pool_timeout=5)
        async with Bot(telegram.token, base_url=telegram.base_url, request=request) as bot:
            # A first run (on a worker thought stopped, but only slow) is sending message 0.
            assert await journal.claim("update:5", 0)
            with sending_for("update:5"):
                second = asyncio.create_task(bot.send_message(42, "working on it"))
                await asyncio.sleep(0.6)
                assert not second.done()
                # Its answer arrives: the second run takes it instead of sending.
                async with Bot(telegram.token, base_url=telegram.base_url) as plain:
                    sent = await plain.send_message(42, "working on it")
                body = json.dumps({"ok": True, "result": sent.to_dict()}).encode()
                await journal.record("update:5", 0, body)
                again = await asyncio.wait_for(second, 5)
    assert again.message_id == sent.message_id
    assert len(telegram.sent_messages(42)) == 1


SEND_IN_A_JOB = """
import asyncio, sys
from psycopg_pool import AsyncConnectionPool
from telegram import Bot
from bot.scale.sent_journal import JournalledRequest, SentJournal, sending_for

async def main() -> None:
    dsn, token, base_url = sys.argv[1:4]
    async with AsyncConnectionPool(dsn, min_size=1, max_size=2, open=False) as pool:
        request = JournalledRequest(SentJournal(pool), connection_pool_size=4, pool_timeout=5)
        async with Bot(token, base_url=base_url, request=request) as bot:
            with sending_for("update:9"):
                await bot.send_message(42, "the brief")

asyncio.run(main())
"""


async def test_a_send_cut_off_by_its_worker_s_death_is_sent_by_the_retry(
    telegram: TelegramStandIn, postgres_db: str
) -> None:
    """The intent is journalled, the worker is killed before Telegram took the message: the
    job run again sends it at once (not after the claim's timeout), once."""
    await migrate(postgres_db)
    telegram.hang_next("sendMessage")
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SEND_IN_A_JOB, postgres_db, telegram.token, telegram.base_url,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )  # fmt: skip
    try:
        await telegram.wait_for(lambda: bool(telegram.calls_to("sendMessage")), timeout=60)
        worker.kill()
        await worker.wait()
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
    assert telegram.sent_messages(42) == []  # Telegram never took it
    async with (
        AsyncConnectionPool(postgres_db, min_size=1, max_size=2, open=False) as pool,
        closing_journal(pool) as journal,
    ):
        request = JournalledRequest(journal, connection_pool_size=4, pool_timeout=5)
        async with Bot(telegram.token, base_url=telegram.base_url, request=request) as bot:
            with sending_for("update:9"):  # the job, run again by another worker
                sent = await asyncio.wait_for(bot.send_message(42, "the brief"), 10)
            with sending_for("update:9"):  # and once more
                again = await bot.send_message(42, "the brief")
    assert [message.text for message in telegram.sent_messages(42)] == ["the brief"]
    assert again.message_id == sent.message_id


class BrokenRecord:
    """`record_update` with the database gone for the first `failures` calls."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.seen = SeenUpdates()

    async def record(self, update_id: int, then: Callable[[Any], Awaitable[object]]) -> bool:
        if self.failures > 0:
            self.failures -= 1
            raise StoreError("the database went away")
        return await self.seen.record(update_id, then)


async def test_a_webhook_update_is_queued_before_telegram_hears_back(
    telegram: TelegramStandIn, queue: Queue, postgres_db: str
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    secret = "a-webhook-secret-of-some-length"
    settings = Settings.from_environ(
        {
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "BRIEFBOT_TELEGRAM_API_URL": telegram.base_url,
            "BRIEFBOT_WEBHOOK_URL": f"http://127.0.0.1:{port}",
            "BRIEFBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "BRIEFBOT_WEBHOOK_PORT": str(port),
            "BRIEFBOT_WEBHOOK_SECRET": secret,
        }
    )
    record = BrokenRecord(failures=1)
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_webhook(settings, Intake(record.record, queue), stop))
    try:
        await telegram.wait_for(lambda: bool(telegram.webhook_url), timeout=20)
        update = telegram.user_message(7, "hello")
        async with httpx.AsyncClient(timeout=30) as client:
            answers = []
            for _ in range(3):  # refused while the database is away, then Telegram sends again
                answer = await client.post(
                    f"http://127.0.0.1:{port}/telegram",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": secret},
                )
                answers.append(answer.status_code)
                if answer.status_code == 200:
                    # Answered: the update is in the queue already, not about to be.
                    assert ("chat:7", update["update_id"]) in await queued_jobs(postgres_db)
            assert answers == [500, 200, 200]
            forged = await client.post(f"http://127.0.0.1:{port}/telegram", json=update)
            assert forged.status_code == 403
        assert record.seen.seen == {update["update_id"]}
        # The refused attempt's job may be left (its sends are journalled); never more.
        assert 1 <= len(await queued_jobs(postgres_db)) <= 2
    finally:
        stop.set()
        await asyncio.wait_for(serving, 20)
