"""The limits that one process kept in memory, shared by every process through PostgreSQL.

- `AdvisoryEngineSlots`: the cap on engine calls as N advisory-lock slots. A process holds a
  slot on its own connection for as long as the engine writes; the server releases it when the
  connection goes, so a worker that dies frees its slots.
- `TableUserLimiter`: the per-user sliding window as rows of `scale_user_events`.
- `ReservedFloodLimiter`: Telegram's flood limits (per bot, per chat, per group) as reservations
  in `scale_send_slots`: each send takes the earliest moment that keeps every limit, under a
  transaction lock, then sleeps until it. RetryAfter from Telegram stays the backstop.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import random
from collections.abc import AsyncIterator

import psycopg
from psycopg_pool import AsyncConnectionPool

from bot.engine_slots import Waiting
from bot.scale.locks import NAMESPACE, USER_NAMESPACE, LockKey

_SLOT_POLL = (0.02, 0.2)
"""Seconds between tries for a free engine slot (a random pause in this range)."""


class AdvisoryEngineSlots:
    """`slots` engine calls at once across every process that shares the database."""

    def __init__(self, conninfo: str, slots: int) -> None:
        self.conninfo = conninfo
        self.slots = slots
        self._idle: list[psycopg.AsyncConnection[tuple[object, ...]]] = []
        self._held: set[int] = set()

    async def _connection(self) -> psycopg.AsyncConnection[tuple[object, ...]]:
        if self._idle:
            return self._idle.pop()
        return await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True)

    async def _try_slots(self, conn: psycopg.AsyncConnection[tuple[object, ...]]) -> int | None:
        # Start at a random slot so that processes do not all queue on slot 0.
        start = random.randrange(self.slots)
        for offset in range(self.slots):
            index = (start + offset) % self.slots
            if index in self._held:
                continue  # a session may take its own lock twice: never try a held slot
            self._held.add(index)
            cursor = await conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)",
                (NAMESPACE, LockKey.ENGINE_SLOT_BASE + index),
            )
            row = await cursor.fetchone()
            if row and row[0]:
                return index
            self._held.discard(index)
        return None

    @contextlib.asynccontextmanager
    async def turn(self, waiting: Waiting) -> AsyncIterator[None]:
        conn = await self._connection()
        told = False
        index: int | None = None
        try:
            while (index := await self._try_slots(conn)) is None:
                if not told:
                    told = True
                    await waiting()
                await asyncio.sleep(random.uniform(*_SLOT_POLL))
            yield
        finally:
            if index is not None:
                await self._release(conn, index)
            else:
                self._idle.append(conn)

    async def _release(self, conn: psycopg.AsyncConnection[tuple[object, ...]], index: int) -> None:
        try:
            await conn.execute(
                "SELECT pg_advisory_unlock(%s, %s)", (NAMESPACE, LockKey.ENGINE_SLOT_BASE + index)
            )
        except (psycopg.Error, asyncio.CancelledError):
            # A connection in doubt is closed: the server then drops its locks.
            await conn.close()
            raise
        finally:
            self._held.discard(index)
        self._idle.append(conn)

    async def aclose(self) -> None:
        for conn in self._idle:
            await conn.close()
        self._idle.clear()


async def _lock_user(conn: psycopg.AsyncConnection[tuple[object, ...]], key: int) -> None:
    """One user's events are counted and added one process at a time (for the transaction)."""
    await conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (USER_NAMESPACE, str(key)))


class TableUserLimiter:
    """`limit` events per `window` seconds per user, across processes."""

    def __init__(self, pool: AsyncConnectionPool, limit: int, window: float) -> None:
        self._pool = pool
        self.limit = limit
        self.window = window

    async def _wait(self, conn: psycopg.AsyncConnection[tuple[object, ...]], key: int) -> float:
        cursor = await conn.execute(
            "SELECT count(*), min(at), now() FROM scale_user_events "
            "WHERE user_key = %s AND kind = 'event' AND at > now() - make_interval(secs => %s)",
            (key, self.window),
        )
        row = await cursor.fetchone()
        assert row is not None
        count, first, now = row
        if int(count) < self.limit or not isinstance(first, dt.datetime):  # type: ignore[call-overload]
            return 0.0
        assert isinstance(now, dt.datetime)
        return max(0.001, self.window - (now - first).total_seconds())

    async def peek(self, key: int) -> float:
        async with self._pool.connection() as conn:
            return await self._wait(conn, key)

    async def try_acquire(self, key: int) -> float:
        async with self._pool.connection() as conn, conn.transaction():
            await _lock_user(conn, key)
            wait = await self._wait(conn, key)
            if wait > 0:
                return wait
            await conn.execute(
                "DELETE FROM scale_user_events WHERE user_key = %s "
                "AND at <= now() - make_interval(secs => %s)",
                (key, self.window),
            )
            await conn.execute(
                "INSERT INTO scale_user_events (user_key, kind, at) VALUES (%s, 'event', now())",
                (key,),
            )
        return 0.0

    async def first_notice(self, key: int, kind: str) -> bool:
        notice = f"notice:{kind}"
        async with self._pool.connection() as conn, conn.transaction():
            await _lock_user(conn, key)
            cursor = await conn.execute(
                "SELECT 1 FROM scale_user_events WHERE user_key = %s AND kind = %s "
                "AND at > now() - make_interval(secs => %s) LIMIT 1",
                (key, notice, self.window),
            )
            if await cursor.fetchone() is not None:
                return False
            await conn.execute(
                "DELETE FROM scale_user_events WHERE user_key = %s AND kind = %s",
                (key, notice),
            )
            await conn.execute(
                "INSERT INTO scale_user_events (user_key, kind, at) VALUES (%s, %s, now())",
                (key, notice),
            )
        return True


BOT_PER_SECOND = 30
CHAT_INTERVAL = 1.0
GROUP_PER_MINUTE = 20


class ReservedFloodLimiter:
    """Telegram's flood limits for every process sending as this bot."""

    def __init__(
        self,
        pool: AsyncConnectionPool,
        *,
        bot_per_second: int = BOT_PER_SECOND,
        chat_interval: float = CHAT_INTERVAL,
        group_per_minute: int = GROUP_PER_MINUTE,
    ) -> None:
        self._pool = pool
        self.bot_per_second = bot_per_second
        self.chat_interval = chat_interval
        self.group_per_minute = group_per_minute

    async def reserve(self, chat_id: int) -> tuple[dt.datetime, float]:
        """Take the earliest moment that keeps every limit: the moment (the database's clock)
        and the seconds until it."""
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", (NAMESPACE, LockKey.SEND_SLOTS)
            )
            # The time after the lock was granted (now() is when the transaction began).
            cursor = await conn.execute("SELECT clock_timestamp()")
            row = await cursor.fetchone()
            assert row is not None
            now = row[0]
            assert isinstance(now, dt.datetime)
            # The bot: at most N in any second, so no sooner than a second after the Nth last;
            # the chat: one a second; a group or channel: 20 a minute.
            limits: list[tuple[int | None, int, float]] = [
                (None, self.bot_per_second, 1.0),
                (chat_id, 1, self.chat_interval),
            ]
            if chat_id < 0:
                limits.append((chat_id, self.group_per_minute, 60.0))
            at = now
            for chat, nth, span in limits:
                at = max(at, await self._after_nth(conn, chat, nth, span) or at)
            await conn.execute(
                "INSERT INTO scale_send_slots (chat_id, at) VALUES (%s, %s)", (chat_id, at)
            )
            await conn.execute(
                "DELETE FROM scale_send_slots WHERE at < %s - interval '61 seconds'", (now,)
            )
        return at, (at - now).total_seconds()

    async def _after_nth(
        self,
        conn: psycopg.AsyncConnection[tuple[object, ...]],
        chat_id: int | None,
        nth: int,
        span: float,
    ) -> dt.datetime | None:
        """`span` seconds after the `nth` latest reservation (of the chat, or of the bot)."""
        where = "" if chat_id is None else "WHERE chat_id = %(chat)s"
        cursor = await conn.execute(
            f"SELECT at + make_interval(secs => %(span)s) FROM scale_send_slots {where} "
            "ORDER BY at DESC OFFSET %(skip)s LIMIT 1",
            {"chat": chat_id, "span": span, "skip": nth - 1},
        )
        row = await cursor.fetchone()
        return row[0] if row and isinstance(row[0], dt.datetime) else None

    async def acquire(self, chat_id: int) -> None:
        _, wait = await self.reserve(chat_id)
        if wait > 0:
            await asyncio.sleep(wait)
