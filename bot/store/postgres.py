"""PostgresStore: the store on a PostgreSQL server, shared by every process on every machine.

The queries are `sql_briefs` and `sql_schedule`, the same text SQLite runs; this module gives
them connections (psycopg 3, async, from a `psycopg_pool.AsyncConnectionPool` in autocommit
mode, each write in one transaction) and overrides the two statements that differ: a
delivery's order comes from one sequence (two processes cannot take the same number), and due
briefings are locked with `FOR UPDATE SKIP LOCKED` (two scanners never wait on each other and
never claim the same row). Importing this module needs the `scale` extra; `bot.store.select`
says so in words when it is missing. `psycopg.Error` never leaves this module: it becomes a
`StoreError` that names the database (without its password).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import AsyncConnectionPool

from bot.errors import StoreError
from bot.store.base import BRIEFING_GRACE
from bot.store.failures import store_failure
from bot.store.postgres_migrations import apply_migrations
from bot.store.records import DueBriefing
from bot.store.sessions import Row, Session, utc_now
from bot.store.sql_briefs import BriefQueries
from bot.store.sql_schedule import ScheduleQueries, record_update_in

Connection = psycopg.AsyncConnection[tuple[Any, ...]]


def describe_database(dsn: str) -> str:
    """How the operator names the database in messages: never with its password."""
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "the PostgreSQL database (an unreadable BRIEFBOT_DB URL)"
    host = str(parts.get("host") or "localhost")
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"PostgreSQL database {parts.get('dbname') or parts.get('user') or ''} at {host}{port}"


def describe_postgres_failure(where: str, exc: psycopg.Error) -> str:
    """A short sentence for the log and the operator, never the exception's repr."""
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, errors.ForeignKeyViolation):
        return f"{where} no longer holds that brief or article"
    if isinstance(exc, errors.DiskFull):
        return f"no space left to write {where}"
    if isinstance(exc, errors.ReadOnlySqlTransaction):
        return f"{where} is read-only"
    if isinstance(exc, errors.InsufficientPrivilege):
        return f"no permission for {where}: {detail}"
    if isinstance(exc, psycopg.OperationalError):
        return f"cannot reach {where}: {detail}"
    return f"database error in {where}: {detail}"


async def migrate(dsn: str, *, connect_timeout: float = 10.0) -> int:
    """Bring the database's schema up to date (safe with other processes doing the same) and
    return its version; a StoreError if the server cannot be reached or used."""
    where = describe_database(dsn)
    try:
        first = await psycopg.AsyncConnection.connect(
            dsn, autocommit=True, connect_timeout=max(1, round(connect_timeout))
        )
        async with first:
            return await apply_migrations(first, where)
    except psycopg.Error as exc:
        raise StoreError(describe_postgres_failure(where, exc)) from exc


@functools.lru_cache(maxsize=512)
def _placeholders(sql: str) -> bytes:
    """The shared `?` placeholders as psycopg's `%s` (the SQL has no other `?` and no `%`)."""
    return sql.replace("%", "%%").replace("?", "%s").encode()


class _PostgresSession:
    def __init__(self, db: Connection) -> None:
        self._db = db

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        cursor = await self._db.execute(_placeholders(sql), tuple(params))
        return list(await cursor.fetchall())

    async def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        await self._db.execute(_placeholders(sql), tuple(params))

    async def execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            async with self._db.cursor() as cursor:
                await cursor.executemany(_placeholders(sql), [tuple(row) for row in rows])


class PostgresStore(BriefQueries, ScheduleQueries):
    _DELIVERY = """
        INSERT INTO chat_briefs (chat_id, brief_id, first_at, last_at, first_seq, last_seq)
        SELECT ?::bigint, ?::bigint, ?::timestamptz, ?::timestamptz, seq, seq
        FROM (SELECT nextval('delivery_seq') AS seq, ?::bigint AS chat) AS next_seq
        ON CONFLICT (chat_id, brief_id)
        DO UPDATE SET last_at = excluded.last_at, last_seq = excluded.last_seq
    """
    _LOCK_DUE = " FOR UPDATE SKIP LOCKED"

    def __init__(self, pool: AsyncConnectionPool[Connection], where: str) -> None:
        self._pool: AsyncConnectionPool[Connection] | None = pool
        self.where = where

    @classmethod
    async def open(
        cls, dsn: str, *, pool_size: int = 10, connect_timeout: float = 10.0
    ) -> PostgresStore:
        """Connect, migrate (safe with other processes doing the same) and keep a pool;
        fails once, with a StoreError, if the server cannot be reached or used."""
        where = describe_database(dsn)
        await migrate(dsn, connect_timeout=connect_timeout)
        pool: AsyncConnectionPool[Connection] = AsyncConnectionPool(
            dsn,
            min_size=1,
            max_size=max(1, pool_size),
            kwargs={"autocommit": True},
            check=AsyncConnectionPool.check_connection,
            timeout=connect_timeout,
            open=False,
            name="briefbot",
        )
        store = cls(pool, where)
        try:
            await pool.open(wait=True, timeout=connect_timeout)
            await store._schedule_unscheduled()
        except psycopg.Error as exc:
            await store.close()
            raise StoreError(describe_postgres_failure(where, exc)) from exc
        except BaseException:
            await store.close()
            raise
        return store

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            with contextlib.suppress(psycopg.Error):
                await pool.close()

    def _connections(self) -> AsyncConnectionPool[Connection]:
        if self._pool is None:
            raise StoreError(f"{self.where} is closed")
        return self._pool

    async def record_update_then(
        self, update_id: int, then: Callable[[Connection], Awaitable[object]]
    ) -> bool:
        """`record_update`, and when the update is new `then` on the same transaction (the
        ingress queues the update's job there): both are kept or neither."""
        try:
            async with self._connections().connection() as db, db.transaction():
                new = await record_update_in(_PostgresSession(db), update_id, utc_now())
                if new:
                    await then(db)
        except psycopg.Error as exc:
            raise store_failure(describe_postgres_failure(self.where, exc), exc) from exc
        return new

    async def claim_due_briefings_then(
        self,
        now: dt.datetime,
        limit: int,
        then: Callable[[DueBriefing, Connection], Awaitable[object]],
        *,
        grace: dt.timedelta = BRIEFING_GRACE,
    ) -> list[DueBriefing]:
        """`claim_due_briefings`, and `then` for each claimed briefing on the same transaction
        (the scan queues the send there): a claim is kept only with what `then` did, so a
        scanner that dies between the two leaves the briefing due for the next scan."""
        try:
            async with self._connections().connection() as db, db.transaction():
                claimed = await self._claim_due_in(_PostgresSession(db), now, limit, grace)
                for due in claimed:
                    await then(due, db)
        except psycopg.Error as exc:
            raise store_failure(describe_postgres_failure(self.where, exc), exc) from exc
        return claimed

    @contextlib.asynccontextmanager
    async def _read(self) -> AsyncIterator[Session]:
        try:
            async with self._connections().connection() as db:
                yield _PostgresSession(db)
        except psycopg.Error as exc:
            raise store_failure(describe_postgres_failure(self.where, exc), exc) from exc

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[Session]:
        try:
            async with self._connections().connection() as db, db.transaction():
                yield _PostgresSession(db)
        except psycopg.Error as exc:
            raise store_failure(describe_postgres_failure(self.where, exc), exc) from exc
