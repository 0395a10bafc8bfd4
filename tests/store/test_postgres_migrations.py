"""PostgreSQL's migrations: processes starting at once on an empty database apply each step
once and none fails; a database the scale processes prepared themselves, before their tables
and the queue's schema were migrations, takes the rest without error or loss; a newer schema
is refused."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from procrastinate.schema import SchemaManager

from bot.errors import StoreError
from bot.scale.queue import Queue
from bot.store.postgres import PostgresStore, migrate
from bot.store.postgres_migrations import LATEST, MIGRATIONS
from bot.store.select import open_store
from tests.store.samples import make_article

REPO_ROOT = Path(__file__).resolve().parents[2]

STORE_TABLES = {
    "articles",
    "briefs",
    "brief_cache",
    "chat_briefs",
    "chat_messages",
    "turns",
    "subscriptions",
    "briefings",
    "briefing_claims",
    "seen_updates",
}
SCALE_TABLES = {"scale_sent_messages", "scale_user_events", "scale_send_slots"}
QUEUE_TABLES = {
    "procrastinate_jobs",
    "procrastinate_events",
    "procrastinate_periodic_defers",
    "procrastinate_workers",
}
EVERY_TABLE = sorted({"briefbot_schema"} | STORE_TABLES | SCALE_TABLES | QUEUE_TABLES)


def _versions(dsn: str) -> list[int]:
    with psycopg.connect(dsn) as db:
        return [row[0] for row in db.execute("SELECT version FROM briefbot_schema ORDER BY 1")]


def _tables(dsn: str) -> list[str]:
    with psycopg.connect(dsn) as db:
        rows = db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
    return [row[0] for row in rows]


def _columns(dsn: str, table: str) -> set[str]:
    with psycopg.connect(dsn) as db:
        rows = db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,)
        ).fetchall()
    return {row[0] for row in rows}


async def test_connections_migrating_an_empty_database_at_once_apply_each_step_once(
    postgres_db: str,
) -> None:
    reached = await asyncio.gather(*(migrate(postgres_db) for _ in range(6)))
    assert reached == [LATEST] * 6
    assert _versions(postgres_db) == list(range(1, LATEST + 1))
    assert _tables(postgres_db) == EVERY_TABLE
    assert "owner" in _columns(postgres_db, "scale_sent_messages")


async def test_stores_opening_at_once_migrate_once(postgres_db: str) -> None:
    stores = await asyncio.gather(*(PostgresStore.open(postgres_db) for _ in range(6)))
    try:
        assert _versions(postgres_db) == list(range(1, LATEST + 1))
        ids = await asyncio.gather(*(store.save_article(make_article("m")) for store in stores))
        assert len(set(ids)) == 1
    finally:
        await asyncio.gather(*(store.close() for store in stores))


_OPEN_AND_WRITE = """
import asyncio, sys
from bot.store.select import open_store

async def main() -> None:
    store = await open_store(sys.argv[1])
    print(await store.record_update(int(sys.argv[2])))
    await store.close()

asyncio.run(main())
"""


@pytest.mark.slow
def test_processes_starting_at_once_migrate_once(postgres_db: str) -> None:
    """Separate processes, as on several machines: none fails, each step is applied once."""
    environ = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    running = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_AND_WRITE, postgres_db, "77"],
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = []
    for process in running:
        try:
            out, err = process.communicate(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        assert process.returncode == 0, err
        outputs.append(out.strip())
    assert sorted(outputs) == ["False", "False", "False", "True"]
    assert _versions(postgres_db) == list(range(1, LATEST + 1))
    assert _tables(postgres_db) == EVERY_TABLE


_SCALE_TABLES_OF_OLD = """
CREATE TABLE scale_sent_messages (
    scope text NOT NULL,
    seq integer NOT NULL,
    response bytea,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, seq)
);
CREATE TABLE scale_user_events (
    user_key bigint NOT NULL, kind text NOT NULL, at timestamptz NOT NULL
);
CREATE INDEX scale_user_events_key ON scale_user_events (user_key, kind, at);
CREATE TABLE scale_send_slots (chat_id bigint NOT NULL, at timestamptz NOT NULL);
CREATE INDEX scale_send_slots_at ON scale_send_slots (at);
CREATE INDEX scale_send_slots_chat ON scale_send_slots (chat_id, at);
"""
"""The scale tables as the processes created them at start-up, before they were migration 2."""


def _update(update_id: int, chat_id: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {"message_id": update_id, "date": 0, "chat": {"id": chat_id, "type": "private"}},
    }


async def _count_jobs(dsn: str) -> int:
    async with await psycopg.AsyncConnection.connect(dsn) as db:
        cursor = await db.execute("SELECT count(*) FROM procrastinate_jobs")
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(
    ("store_opened", "journal_has_owner"),
    [(True, True), (False, False)],
    ids=["store-at-1-journal-with-owner", "store-never-opened-journal-without-owner"],
)
async def test_a_database_the_scale_processes_prepared_themselves_takes_the_migrations(
    postgres_db: str, store_opened: bool, journal_has_owner: bool
) -> None:
    """The processes used to create their tables and procrastinate's schema themselves, outside
    the numbered migrations (a worker could do so before any process opened the store)."""
    first = MIGRATIONS[0]
    assert isinstance(first, str)
    async with (
        await psycopg.AsyncConnection.connect(postgres_db, autocommit=True) as db,
        db.transaction(),
    ):
        if store_opened:
            await db.execute(
                "CREATE TABLE briefbot_schema ("
                " version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            await db.execute(first)
            await db.execute("INSERT INTO briefbot_schema (version) VALUES (1)")
        await db.execute(SchemaManager.get_schema())
        await db.execute(_SCALE_TABLES_OF_OLD)
        if journal_has_owner:
            await db.execute("ALTER TABLE scale_sent_messages ADD COLUMN owner integer")
        await db.execute(
            "INSERT INTO scale_sent_messages (scope, seq, response) VALUES ('update:1', 0, 'x')"
        )
    queue = Queue.connect(postgres_db, max_connections=2)
    async with queue.app.open_async():
        await queue.defer_update(_update(1, 10))

    assert await migrate(postgres_db) == LATEST
    assert _versions(postgres_db) == list(range(1, LATEST + 1))
    assert _tables(postgres_db) == EVERY_TABLE
    assert "owner" in _columns(postgres_db, "scale_sent_messages")
    with psycopg.connect(postgres_db) as db:
        kept = db.execute("SELECT scope, seq, response FROM scale_sent_messages").fetchall()
    assert kept == [("update:1", 0, b"x")]
    assert await _count_jobs(postgres_db) == 1

    async with queue.app.open_async():
        await queue.defer_update(_update(2, 20))
    assert await _count_jobs(postgres_db) == 2
    assert await migrate(postgres_db) == LATEST
    store = await open_store(postgres_db)
    try:
        assert await store.record_update(2)
    finally:
        await store.close()


async def test_a_newer_schema_is_refused(postgres_db: str) -> None:
    store = await open_store(postgres_db)
    await store.close()
    with psycopg.connect(postgres_db, autocommit=True) as db:
        db.execute("INSERT INTO briefbot_schema (version) VALUES (%s)", (LATEST + 1,))
    with pytest.raises(StoreError, match="newer briefbot"):
        await open_store(postgres_db)


def test_each_script_runs_as_it_is() -> None:
    assert LATEST == len(MIGRATIONS) >= 1
    scripts = [migration for migration in MIGRATIONS if isinstance(migration, str)]
    assert scripts
    for script in scripts:
        assert "?" not in script  # scripts run as they are, never through the placeholders
