"""PostgresStore's own promises: failures said in words that never show the password, writes
whole or not at all, claims that skip what another process holds (its migrations:
`test_postgres_migrations`)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from bot.errors import StoreError
from bot.store.select import open_store
from bot.testing.postgres import PostgresServer
from tests.store.samples import ENGINE, VERSION, make_article, make_brief

REPO_ROOT = Path(__file__).resolve().parents[2]


async def test_an_unreachable_server_is_a_store_error_without_the_password(
    postgres_server: PostgresServer,
) -> None:
    with psycopg.connect(postgres_server.dsn, autocommit=True) as db:
        db.execute("CREATE ROLE keeper LOGIN PASSWORD 'hunter-two-secret'")
    try:
        closed_port = "postgresql://keeper:hunter-two-secret@127.0.0.1:1/briefs"
        with pytest.raises(StoreError) as caught:
            await open_store(closed_port)
        message = str(caught.value)
        assert message.startswith("cannot reach PostgreSQL database briefs at 127.0.0.1:1")
        assert "hunter-two-secret" not in message
        assert "\n" not in message

        missing = postgres_server.database_dsn("no_such_database")
        with pytest.raises(StoreError, match="no_such_database"):
            await open_store(missing)
    finally:
        with psycopg.connect(postgres_server.dsn, autocommit=True) as db:
            db.execute("DROP ROLE keeper")


async def test_a_write_failing_half_way_leaves_nothing_half_written(postgres_db: str) -> None:
    store = await open_store(postgres_db)
    try:
        article_id = await store.save_article(make_article("h"))
        brief_id = await store.save_brief(article_id, make_brief("H"), ENGINE, VERSION)
        # record_delivery writes chat_briefs, then chat_messages: make the second one fail.
        with psycopg.connect(postgres_db, autocommit=True) as db:
            db.execute(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$"
            )
            db.execute(
                "CREATE TRIGGER refuse_messages BEFORE INSERT ON chat_messages"
                " FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        with pytest.raises(StoreError, match="refused by test"):
            await store.record_delivery(1, brief_id, [10, 11])
        assert await store.chat_brief(1, brief_id) is None

        with psycopg.connect(postgres_db, autocommit=True) as db:
            db.execute("DROP TRIGGER refuse_messages ON chat_messages")
        await store.record_delivery(1, brief_id, [10])
        found = await store.brief_for_message(1, 10)
        assert found is not None
        assert found.brief_id == brief_id
    finally:
        await store.close()


async def test_the_store_comes_back_after_the_server_drops_its_connections(
    postgres_db: str,
) -> None:
    store = await open_store(postgres_db)
    try:
        assert await store.record_update(1)
        with psycopg.connect(postgres_db, autocommit=True) as db:
            db.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid != pg_backend_pid()"
            )
        assert not await store.record_update(1)
        assert await store.record_update(2)
    finally:
        await store.close()


def test_without_psycopg_a_postgres_url_is_explained() -> None:
    """The default install has no psycopg: BRIEFBOT_DB=postgresql://... says what to install."""
    script = (
        "import asyncio, sys\n"
        "sys.modules['psycopg'] = None\n"
        "from bot.errors import StoreBackendMissingError\n"
        "from bot.store.select import open_store\n"
        "try:\n"
        "    asyncio.run(open_store('postgresql://briefbot@127.0.0.1:1/briefs'))\n"
        "except StoreBackendMissingError as exc:\n"
        "    print(exc)\n"
    )
    environ = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=environ, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "pip install 'briefbot[scale]'" in done.stdout


async def test_a_briefing_another_process_holds_is_skipped_not_waited_for(
    postgres_db: str,
) -> None:
    store = await open_store(postgres_db)
    morning = dt.datetime(2031, 5, 1, 4, 0, tzinfo=dt.UTC)
    later = morning + dt.timedelta(hours=2)
    try:
        for chat_id in (1, 2):
            await store.set_subscription(chat_id, dt.time(5, 30), "UTC", now=morning)
        with psycopg.connect(postgres_db) as holder:  # a transaction, like a claim under way
            holder.execute("SELECT 1 FROM subscriptions WHERE chat_id = 1 FOR UPDATE")
            claimed = await asyncio.wait_for(store.claim_due_briefings(later, 10), timeout=10)
            assert [item.chat_id for item in claimed] == [2]
            holder.rollback()
        assert [item.chat_id for item in await store.claim_due_briefings(later, 10)] == [1]
    finally:
        await store.close()


async def test_both_dialects_have_the_same_tables_for_the_shared_queries(
    postgres_db: str, tmp_path: Path
) -> None:
    """A migration added to one dialect only would break the queries both run."""
    path = tmp_path / "briefs.sqlite3"
    for target in (str(path), postgres_db):
        await (await open_store(target)).close()
    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = [
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        in_sqlite = {
            table: {row[1] for row in db.execute(f"PRAGMA table_info({table})")} for table in tables
        }
    with psycopg.connect(postgres_db) as db:
        rows = db.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public'"
        ).fetchall()
    in_postgres: dict[str, set[str]] = {}
    for table, column in rows:
        in_postgres.setdefault(table, set()).add(column)
    assert in_sqlite
    for table, columns in in_sqlite.items():
        assert in_postgres.get(table) == columns, table
