"""SQLiteStore on real files: the embedded default's own failures, locks and upgrades."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite
import pytest

from bot.errors import StoreError
from bot.store.sqlite import SQLiteStore
from bot.store.sqlite_migrations import (
    LATEST,
    MIGRATIONS,
    apply_migrations,
    schema_version,
    statements,
)
from tests.store.samples import ENGINE, VERSION, deliver, make_article, make_brief


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SQLiteStore]:
    opened = await SQLiteStore.open(tmp_path / "briefs.sqlite3")
    yield opened
    await opened.close()


async def test_a_database_of_the_first_schema_is_upgraded_and_keeps_its_data(
    tmp_path: Path,
) -> None:
    """A database written before the schedule moved into the store: its subscriptions get
    their next time at the first open, and nothing else changes."""
    path = tmp_path / "old.sqlite3"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as old:
        for statement in statements(MIGRATIONS[0]):
            old.execute(statement)
        old.execute("PRAGMA user_version = 1")
        old.execute(
            "INSERT INTO subscriptions (chat_id, at, timezone, quiet) VALUES"
            " (5, '07:30:00', 'Europe/Berlin', 1), (6, '08:00:00', 'Nowhere/Unknown', 0)"
        )
        old.execute("INSERT INTO briefings VALUES (5, '2031-05-01T05:30:00.000000+00:00')")
    store = await SQLiteStore.open(path)
    try:
        upgraded = await store.subscription(5)
        assert upgraded is not None
        assert (upgraded.time, upgraded.timezone, upgraded.quiet) == (
            dt.time(7, 30),
            "Europe/Berlin",
            True,
        )
        assert upgraded.next_at is not None
        assert upgraded.next_at > dt.datetime.now(dt.UTC)
        assert upgraded.next_at.astimezone(ZoneInfo("Europe/Berlin")).time() == dt.time(7, 30)
        unknown = await store.subscription(6)
        assert unknown is not None
        assert unknown.next_at is None
        assert await store.last_briefing_at(5) == dt.datetime(2031, 5, 1, 5, 30, tzinfo=dt.UTC)
        assert await store.record_update(1)
    finally:
        await store.close()
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (LATEST,)


async def test_the_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "briefs.sqlite3"
    store = await SQLiteStore.open(path)
    await store.close()
    assert path.is_file()


async def test_memory_database(tmp_path: Path) -> None:
    store = await SQLiteStore.open(":memory:")
    try:
        assert await deliver(store, 1, "mem") > 0
    finally:
        await store.close()
    assert not (Path.cwd() / ":memory:").exists()


async def test_migrations_run_once(tmp_path: Path) -> None:
    path = tmp_path / "briefs.sqlite3"
    for _ in range(2):
        store = await SQLiteStore.open(path)
        await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (LATEST,)
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    db.close()
    async with aiosqlite.connect(path, isolation_level=None) as connection:
        assert await apply_migrations(connection) == LATEST
        assert await schema_version(connection) == LATEST
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == tables
    db.close()


def test_migration_scripts_split_into_whole_statements() -> None:
    for script in MIGRATIONS:
        for statement in statements(script):
            assert sqlite3.complete_statement(statement)
    assert list(statements("CREATE TABLE t (a TEXT DEFAULT ';');\n-- done\n")) == [
        "CREATE TABLE t (a TEXT DEFAULT ';');"
    ]
    with pytest.raises(ValueError, match="incomplete"):
        list(statements("CREATE TABLE t (a"))


async def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer briefbot"):
        await SQLiteStore.open(path)


async def test_a_corrupt_file_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "noise.sqlite3"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(StoreError) as caught:
        await SQLiteStore.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert "corrupt" in message
    assert "Traceback" not in message
    assert "\n" not in message


async def test_damaged_pages_are_found_at_open(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    store = await SQLiteStore.open(path)
    await store.close()
    schema_bytes = path.stat().st_size  # the schema's pages stay readable; the data's do not
    store = await SQLiteStore.open(path)
    for n in range(20):
        await deliver(store, 1, f"d{n}-" + "x" * 2000)
    await store.close()
    data = bytearray(path.read_bytes())
    data[schema_bytes:] = b"\xa5" * (len(data) - schema_bytes)
    path.write_bytes(bytes(data))
    opened: SQLiteStore | None = None
    try:
        with pytest.raises(StoreError) as caught:
            opened = await SQLiteStore.open(path)
    finally:
        if opened is not None:  # the damage went unnoticed: do not leak the connection
            await opened.close()
    assert str(caught.value) == f"{path} is not a usable briefbot database (corrupt pages)"


async def test_a_folder_that_cannot_exist_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the folder"):
        await SQLiteStore.open(blocker / "briefs.sqlite3")


def _skip_unless_permissions_bind(tmp_path: Path) -> None:
    """Root (euid 0 with its usual capabilities) writes through file modes; nothing to test then."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    probe = tmp_path / "probe"
    probe.write_text("")
    probe.chmod(0o444)
    try:
        with probe.open("a"):
            pytest.skip("running as root: file modes do not stop writes")
    except PermissionError:
        pass
    finally:
        probe.chmod(0o644)


async def test_a_read_only_file_is_a_store_error(tmp_path: Path) -> None:
    _skip_unless_permissions_bind(tmp_path)
    path = tmp_path / "briefs.sqlite3"
    store = await SQLiteStore.open(path)
    await store.close()
    path.chmod(0o444)
    try:
        with pytest.raises(StoreError, match=r"read-only|cannot open"):
            await SQLiteStore.open(path)
    finally:
        path.chmod(0o644)


async def test_an_unwritable_folder_is_a_store_error(tmp_path: Path) -> None:
    _skip_unless_permissions_bind(tmp_path)
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="cannot open"):
            await SQLiteStore.open(folder / "briefs.sqlite3")
    finally:
        folder.chmod(0o755)


async def test_a_locked_database_is_a_store_error_and_passes(tmp_path: Path) -> None:
    path = tmp_path / "briefs.sqlite3"
    store = await SQLiteStore.open(path, busy_timeout=0.05)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError, match="locked"):
            await store.save_article(make_article("busy"))
        with pytest.raises(StoreError, match="locked"):
            await SQLiteStore.open(path, busy_timeout=0.05)
        other.execute("ROLLBACK")
        assert await store.save_article(make_article("busy")) > 0
    finally:
        other.close()
        await store.close()


async def test_a_lone_write_waits_for_another_writer_like_a_transaction(tmp_path: Path) -> None:
    """A write of one statement runs without BEGIN IMMEDIATE, yet waits out the busy timeout
    for a writer in another process instead of failing."""
    path = tmp_path / "briefs.sqlite3"
    store = await SQLiteStore.open(path, busy_timeout=5.0)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN IMMEDIATE")
        released = asyncio.get_running_loop().call_later(0.2, other.execute, "COMMIT")
        assert await store.save_article(make_article("waits")) > 0
        assert not other.in_transaction
        released.cancel()
    finally:
        other.close()
        await store.close()


async def test_a_lone_write_is_one_statement_and_a_pair_is_one_transaction(
    store: SQLiteStore,
) -> None:
    traced: list[str] = []
    db = store._db
    assert db is not None
    await db.set_trace_callback(lambda sql: traced.append(" ".join(sql.split()[:2]).upper()))
    article_id = await store.save_article(make_article("count"))
    assert traced == ["INSERT INTO"]
    traced.clear()
    await store.save_brief(article_id, make_brief("Count"), ENGINE, VERSION)
    assert traced == ["BEGIN IMMEDIATE", "INSERT INTO", "INSERT INTO", "COMMIT"]


async def test_a_full_disk_is_a_store_error(store: SQLiteStore) -> None:
    db = store._db
    assert db is not None
    async with db.execute("PRAGMA page_count") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    await db.execute(f"PRAGMA max_page_count = {row[0]}")
    big = make_article("big").model_copy(update={"text": "Vellmoor. " * 50_000})
    with pytest.raises(StoreError, match="no space left"):
        await store.save_article(big)
    assert await store.chat_history(1, limit=5) == []


async def test_the_journal_is_write_ahead(tmp_path: Path) -> None:
    path = tmp_path / "wal.sqlite3"
    store = await SQLiteStore.open(path)
    try:
        await deliver(store, 1, "w")
        # Asked from another connection: WAL is a property of the file, not of our session.
        with contextlib.closing(sqlite3.connect(path)) as other:
            (mode,) = other.execute("PRAGMA journal_mode").fetchone()
        assert mode == "wal"
    finally:
        await store.close()


async def test_a_write_failing_half_way_leaves_nothing_half_written(tmp_path: Path) -> None:
    path = tmp_path / "atomic.sqlite3"
    store = await SQLiteStore.open(path)
    try:
        article_id = await store.save_article(make_article("h"))
        brief_id = await store.save_brief(article_id, make_brief("H"), ENGINE, VERSION)
        # record_delivery writes chat_briefs, then chat_messages: make the second one fail.
        with contextlib.closing(sqlite3.connect(path)) as other:
            other.execute(
                "CREATE TRIGGER refuse_messages BEFORE INSERT ON chat_messages"
                " BEGIN SELECT RAISE(ABORT, 'constraint failed: refused by test'); END"
            )
            other.commit()
        with pytest.raises(StoreError, match="refused by test"):
            await store.record_delivery(1, brief_id, [10, 11])
        assert await store.chat_brief(1, brief_id) is None
        assert await store.chat_history(1, limit=5) == []

        with contextlib.closing(sqlite3.connect(path)) as other:
            other.execute("DROP TRIGGER refuse_messages")
            other.commit()
        # No transaction was left open: the next write lands whole.
        await store.record_delivery(1, brief_id, [10])
        assert [item.brief_id for item in await store.chat_history(1, limit=5)] == [brief_id]
        found = await store.brief_for_message(1, 10)
        assert found is not None
        assert found.brief_id == brief_id
    finally:
        await store.close()


async def test_aiosqlite_still_runs_a_function_on_its_connection_thread(tmp_path: Path) -> None:
    """A write of several statements is one call to the connection's thread through aiosqlite's
    own `_execute` and `_conn`: an aiosqlite release without them fails here, not in use."""
    async with aiosqlite.connect(tmp_path / "probe.db") as db:
        assert isinstance(db._conn, sqlite3.Connection)
        found = await db._execute(
            lambda connection: connection.execute("SELECT 1").fetchall(), db._conn
        )
        assert [tuple(row) for row in found] == [(1,)]
