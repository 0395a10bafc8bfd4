"""SQLiteStore: the embedded default, one database file (the queries are `sql_briefs` and
`sql_schedule`, shared with PostgreSQL).

One connection serves the whole process; a lock keeps its transactions from interleaving, and
every write of several statements runs in `BEGIN IMMEDIATE` so that a second process waits (busy
timeout) instead of failing half-way; a write of one statement is a transaction by itself and
waits the same way. `sqlite3.Error` never leaves this module: it becomes a `StoreError` that
names the database and says what went wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path

import aiosqlite

from bot.errors import StoreError
from bot.store.failures import describe_failure, store_failure
from bot.store.sessions import Row, Session, Statement
from bot.store.sql_briefs import BriefQueries
from bot.store.sql_schedule import ScheduleQueries
from bot.store.sqlite_migrations import LATEST, apply_migrations, schema_version


def stamp(moment: dt.datetime) -> str:
    """ISO text in UTC with fixed precision, so text order is time order."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _value(value: object) -> object:
    """A parameter as SQLite keeps it (its own datetime adapters are deprecated)."""
    if isinstance(value, dt.datetime):
        return stamp(value)
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    if isinstance(value, bool):
        return int(value)
    return value


def _values(params: Sequence[object]) -> tuple[object, ...]:
    return tuple(_value(value) for value in params)


def _run_all(connection: sqlite3.Connection, statements: Sequence[Statement]) -> list[Row]:
    """On the connection's own thread: one transaction, rolled back if any statement (or the
    commit) fails; the first statement's rows."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        found: list[Row] = []
        for index, (sql, params) in enumerate(statements):
            rows = connection.execute(sql, _values(params)).fetchall()
            found = rows if index == 0 else found
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
        raise
    return found


class _SQLiteSession:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return list(await self._db.execute_fetchall(sql, _values(params)))

    async def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        await self._db.execute(sql, _values(params))

    async def execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        await self._db.executemany(sql, [_values(row) for row in rows])


class SQLiteStore(BriefQueries, ScheduleQueries):
    def __init__(self, db: aiosqlite.Connection, where: str) -> None:
        self._db: aiosqlite.Connection | None = db
        self.where = where
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, busy_timeout: float = 5.0) -> SQLiteStore:
        """Open (creating if needed) and migrate; fails once, with a StoreError, if unusable.

        Nothing is logged here: the caller reports the error (the CLI prints its one line).
        """
        where = str(path)
        if where != ":memory:":
            try:
                Path(where).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for {where}: {exc.strerror}") from None
        connecting = aiosqlite.connect(where, isolation_level=None, timeout=busy_timeout)
        try:
            db = await connecting
        except sqlite3.Error as exc:
            # aiosqlite stops its worker thread without waiting; if the loop closed first, the
            # thread would print a traceback after our one-line error.
            await asyncio.to_thread(connecting._thread.join, 5.0)
            raise StoreError(describe_failure(where, exc)) from exc
        store = cls(db, where)
        try:
            await db.execute(f"PRAGMA busy_timeout = {max(0, int(busy_timeout * 1000))}")
            await db.execute("PRAGMA foreign_keys = ON")
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA synchronous = NORMAL")
            found = await schema_version(db)
            if found > LATEST:
                raise StoreError(
                    f"{where} was written by a newer briefbot "
                    f"(schema {found}, this one knows {LATEST})"
                )
            # A damaged page would otherwise surface at the first read, in the middle of a chat.
            async with db.execute("PRAGMA quick_check(1)") as cursor:
                verdict = await cursor.fetchone()
            if verdict is None or verdict[0] != "ok":
                raise StoreError(f"{where} is not a usable briefbot database (corrupt pages)")
            await apply_migrations(db)
            # Fail now, not at the first brief, if nothing can be written.
            await db.execute("BEGIN IMMEDIATE")
            await db.execute("DELETE FROM briefings WHERE 0")
            await db.execute("ROLLBACK")
            await store._schedule_unscheduled()
        except sqlite3.Error as exc:
            await store.close()
            raise StoreError(describe_failure(where, exc)) from exc
        except BaseException:
            await store.close()
            raise
        return store

    async def close(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                await db.close()

    @contextlib.asynccontextmanager
    async def _guard(self) -> AsyncIterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise store_failure(describe_failure(self.where, exc), exc) from exc

    def _connection(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StoreError(f"{self.where} is closed")
        return self._db

    @contextlib.asynccontextmanager
    async def _read(self) -> AsyncIterator[Session]:
        async with self._lock, self._guard():
            yield _SQLiteSession(self._connection())

    async def _write_returning(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        # Outside a transaction (the connection autocommits), one statement is a transaction of
        # its own, and a writing one takes the write lock when it starts, waiting the busy
        # timeout like BEGIN IMMEDIATE: one call to the connection's thread instead of three.
        async with self._lock, self._guard():
            return await _SQLiteSession(self._connection()).fetch(sql, params)

    async def _write_statement(self, sql: str, params: Sequence[object] = ()) -> None:
        await self._write_returning(sql, params)

    async def _write_all(
        self, statements: Sequence[Statement], *, returning: bool = False
    ) -> list[Row]:
        # The whole transaction is one call to the connection's thread, where aiosqlite runs
        # each of its own calls (`_execute`), instead of a call per statement plus BEGIN and
        # COMMIT: each call is a hop between threads, what a busy bot spends most on here.
        async with self._lock, self._guard():
            db = self._connection()
            run: Callable[..., Awaitable[list[Row]]] = db._execute
            found = await run(_run_all, db._conn, statements)
        return found if returning else []

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[Session]:
        async with self._lock, self._guard():
            db = self._connection()
            await db.execute("BEGIN IMMEDIATE")
            try:
                yield _SQLiteSession(db)
            except BaseException:
                if db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        await db.execute("ROLLBACK")
                raise
            await db.execute("COMMIT")
