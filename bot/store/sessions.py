"""What a backend gives the shared queries: sessions on its connections; stored values read back.

The store's SQL is written once for both dialects (`sql_briefs`, `sql_schedule`): SQLite and
PostgreSQL run the same text. It uses `?` placeholders and the standard subset both understand
(`ON CONFLICT (...) DO ...`, `RETURNING`, window functions, aliased subqueries); the PostgreSQL
session turns `?` into `%s`. Parameters are Python values (datetime, time, bool); the SQLite
session stores times as ISO text in UTC with fixed precision, so text order is time order there.
Why one text: the contract tests run every store test against both backends, and running the
same SQL is the surest way to keep the same promises. A backend supplies `_read` and `_write`
(one transaction) and overrides the few statements that differ.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

Row = Sequence[Any]
Statement = tuple[str, Sequence[object]]
"""SQL and its parameters."""
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""Earlier than anything stored; stands for "since ever" (a NULL parameter has no type in
PostgreSQL)."""


class Session(Protocol):
    """One connection's statements, inside the transaction of `_write` or outside for reads."""

    async def fetch(self, sql: str, params: Sequence[object] = ()) -> list[Row]: ...

    async def execute(self, sql: str, params: Sequence[object] = ()) -> None: ...

    async def execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None: ...


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def moment(value: object) -> dt.datetime:
    """A stored time as an aware UTC datetime (SQLite keeps ISO text, PostgreSQL timestamptz)."""
    found = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if found.tzinfo is None:
        found = found.replace(tzinfo=dt.UTC)
    return found.astimezone(dt.UTC)


def clock(value: object) -> dt.time:
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))


class SQLBackend(abc.ABC):
    """The connection side of a store: what `BriefQueries` and `ScheduleQueries` run on."""

    where: str
    """The database as the operator names it (a path, or a URL without its password)."""

    @abc.abstractmethod
    def _read(self) -> contextlib.AbstractAsyncContextManager[Session]:
        """A session for reads (SQLite: the one connection, in turn)."""

    @abc.abstractmethod
    def _write(self) -> contextlib.AbstractAsyncContextManager[Session]:
        """A session inside one transaction, committed when the block ends without error."""

    async def _rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        async with self._read() as db:
            return await db.fetch(sql, params)

    async def _write_returning(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """One write that is a single statement with RETURNING, in a transaction of its own; a
        backend where a lone statement already is one runs it without BEGIN and COMMIT."""
        async with self._write() as db:
            return await db.fetch(sql, params)

    async def _write_statement(self, sql: str, params: Sequence[object] = ()) -> None:
        """`_write_returning` for a statement without RETURNING."""
        async with self._write() as db:
            await db.execute(sql, params)

    async def _write_all(
        self, statements: Sequence[Statement], *, returning: bool = False
    ) -> list[Row]:
        """Statements that need nothing from one another's results, in order, in one
        transaction; the rows of the first one's RETURNING when `returning` ([] otherwise). A
        backend may hand them over at once instead of one by one."""
        found: list[Row] = []
        async with self._write() as db:
            for index, (sql, params) in enumerate(statements):
                if index == 0 and returning:
                    found = await db.fetch(sql, params)
                else:
                    await db.execute(sql, params)
        return found
