"""The daily scan with several workers: a briefing's claim and its queued send go together."""

from __future__ import annotations

import datetime as dt
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
