"""What the scale tests share: the queue on a migrated database, the jobs it holds, and a bot
whose sends go through the journal."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool
from telegram import Bot

from bot.scale.queue import HANDLE_UPDATE, Queue
from bot.scale.sent_journal import FloodReservations, JournalledRequest, SentJournal
from bot.store.postgres import migrate
from bot.testing.telegram import TelegramStandIn


@pytest.fixture
async def queue(postgres_db: str) -> AsyncIterator[Queue]:
    await migrate(postgres_db)
    queue = Queue.connect(postgres_db, max_connections=2)
    async with queue.app.open_async():
        yield queue


async def queued_jobs(dsn: str) -> list[tuple[str | None, int]]:
    """The update jobs waiting: each one's lock and update_id, in the order queued."""
    async with await psycopg.AsyncConnection.connect(dsn) as conn:
        cursor = await conn.execute(
            "SELECT lock, (args->'update'->>'update_id')::int FROM procrastinate_jobs "
            "WHERE task_name = %s ORDER BY id",
            (HANDLE_UPDATE,),
        )
        return [(row[0], row[1]) for row in await cursor.fetchall()]


@contextlib.asynccontextmanager
async def journalled_bot(
    telegram: TelegramStandIn, dsn: str, *, flood: FloodReservations | None = None
) -> AsyncIterator[tuple[Bot, SentJournal]]:
    """A bot on the stand-in whose sends are journalled in the migrated database, as a
    worker's are; the journal's own connection is closed on exit."""
    await migrate(dsn)
    async with AsyncConnectionPool(dsn, min_size=1, max_size=2, open=False) as pool:
        journal = SentJournal(pool)
        try:
            request = JournalledRequest(
                journal, connection_pool_size=4, pool_timeout=5, flood=flood
            )
            async with Bot(telegram.token, base_url=telegram.base_url, request=request) as bot:
                yield bot, journal
        finally:
            await journal.aclose()
