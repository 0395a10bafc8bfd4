"""The journal of sends: a job run again, or twice at once, sends each message once."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import psycopg
import pytest
from telegram import Bot
from telegram.error import RetryAfter

from bot.scale.sent_journal import sending_for
from bot.store.postgres import migrate
from bot.testing.telegram import TelegramStandIn
from tests.conftest import REPO_ROOT
from tests.scale.queueing import journalled_bot


async def test_a_job_run_again_does_not_send_again(
    telegram: TelegramStandIn, postgres_db: str
) -> None:
    async with journalled_bot(telegram, postgres_db) as (bot, _):
        with sending_for("update:77"):
            first = await bot.send_message(42, "working on it")
            await bot.edit_message_text("still working", chat_id=42, message_id=first.message_id)
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
    telegram.fail_next(
        "sendMessage", error_code=429, description="Too Many Requests: retry after 1",
        retry_after=1,
    )  # fmt: skip
    async with journalled_bot(telegram, postgres_db) as (bot, _):
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

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.taken: list[tuple[int, bool, int]] = []

    async def acquire(self, chat_id: int, *, paced: bool) -> None:
        async with await psycopg.AsyncConnection.connect(self.dsn) as conn:
            cursor = await conn.execute("SELECT count(*) FROM scale_sent_messages")
            row = await cursor.fetchone()
        assert row is not None
        self.taken.append((chat_id, paced, row[0]))


async def test_every_send_takes_its_reservation_before_its_claim(
    telegram: TelegramStandIn, postgres_db: str
) -> None:
    seen = ReservationsSeen(postgres_db)
    async with journalled_bot(telegram, postgres_db, flood=seen) as (bot, _):
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
    async with journalled_bot(telegram, postgres_db) as (bot, journal):
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
    async with journalled_bot(telegram, postgres_db) as (bot, _):
        with sending_for("update:9"):  # the job, run again by another worker
            sent = await asyncio.wait_for(bot.send_message(42, "the brief"), 10)
        with sending_for("update:9"):  # and once more
            again = await bot.send_message(42, "the brief")
    assert [message.text for message in telegram.sent_messages(42)] == ["the brief"]
    assert again.message_id == sent.message_id
