"""The daily scan with several workers: a briefing's claim and its queued send go together."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest

from bot.scale.briefings import defer_due_briefings
from bot.scale.queue import SEND_BRIEFING, Queue
from bot.store.postgres import PostgresStore
from bot.store.records import DueBriefing
from tests.scale.queueing import queue

__all__ = ["queue"]  # the fixture


async def briefings_queued(dsn: str) -> list[tuple[int, str]]:
    async with await psycopg.AsyncConnection.connect(dsn) as conn:
        cursor = await conn.execute(
            "SELECT (args->>'chat_id')::bigint, args->>'due_at' FROM procrastinate_jobs "
            "WHERE task_name = %s ORDER BY id",
            (SEND_BRIEFING,),
        )
        return [(row[0], row[1]) for row in await cursor.fetchall()]


SET_AT = dt.datetime(2026, 1, 1, 7, 0, tzinfo=dt.UTC)
DUE = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
SCAN_AT = DUE + dt.timedelta(minutes=1)


@pytest.fixture
async def subscribed(queue: Queue, postgres_db: str) -> AsyncIterator[PostgresStore]:
    """The store with chats 5 and 6 subscribed at 08:00 UTC (set at 07:00), due at SCAN_AT."""
    store = await PostgresStore.open(postgres_db, pool_size=2)
    try:
        for chat in (5, 6):
            await store.set_subscription(chat, dt.time(8, 0), "UTC", now=SET_AT)
        yield store
    finally:
        await store.close()


async def test_briefings_claimed_by_a_scan_that_dies_are_queued_by_the_next(
    subscribed: PostgresStore, queue: Queue, postgres_db: str
) -> None:
    async def die(due: DueBriefing, connection: Any) -> None:
        await queue.defer_briefing(due.chat_id, due.due_at, connection=connection)
        raise ConnectionResetError("the scanning worker went away")

    with pytest.raises(ConnectionResetError):
        await subscribed.claim_due_briefings_then(SCAN_AT, 10, die)
    assert await briefings_queued(postgres_db) == []
    assert await defer_due_briefings(subscribed, queue, SCAN_AT) == 2
    assert await defer_due_briefings(subscribed, queue, SCAN_AT) == 0  # claimed, moved on
    assert sorted(await briefings_queued(postgres_db)) == [
        (5, DUE.isoformat()),
        (6, DUE.isoformat()),
    ]


async def test_a_briefing_already_queued_keeps_the_scan_s_other_claims(
    subscribed: PostgresStore, queue: Queue, postgres_db: str
) -> None:
    assert await queue.defer_briefing(5, DUE) is not None  # queued by an earlier scan
    assert await defer_due_briefings(subscribed, queue, SCAN_AT) == 1
    assert await subscribed.claim_due_briefings(SCAN_AT, 10) == []  # both claims were kept
    assert sorted(await briefings_queued(postgres_db)) == [
        (5, DUE.isoformat()),
        (6, DUE.isoformat()),
    ]
