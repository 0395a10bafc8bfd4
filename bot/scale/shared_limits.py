"""The limits that one process kept in memory, shared by every process through PostgreSQL.

- `AdvisoryEngineSlots`: the cap on engine calls as N advisory-lock slots. A process holds a
  slot on its own connection for as long as the engine writes; the server releases it when the
  connection goes, so a worker that dies frees its slots.
- `TableUserLimiter`: the per-user sliding window as rows of `scale_user_events`.
- `ReservedFloodLimiter`: Telegram's flood limits (per bot, per chat, per group) as reservations
  in `scale_send_slots`: each send takes the earliest moment that keeps every limit, under a
  transaction lock, then sleeps until it. RetryAfter from Telegram stays the backstop.

Every message a worker sends takes a reservation (bot.scale.sent_journal asks for it), so the
bot's 30 a second and a group's 20 a minute hold for all workers together. The one-a-second
spacing within a chat is kept for scheduled briefings only, as the embedded bot does: a reply
answers someone who just wrote, and holding the brief a second behind its status message would
only make them wait.
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
from bot.scale.locks import NAMESPACE, USER_NAMESPACE, LockKey, connect_holder

_SLOT_RETRY = (0.2, 0.4)
"""Seconds a turn waits for word of a freed slot before it asks again anyway."""
_FREED_CHANNEL = "briefbot_engine_slot_freed"
Connection = psycopg.AsyncConnection[tuple[object, ...]]


class AdvisoryEngineSlots:
    """`slots` engine calls at once across every process that shares the database.

    A turn takes the first free slot in one statement; one that finds none waits for a
    notification that a slot was let go (or a short while, should one be missed) and tries again.
    Only holders keep a connection of their own; those waiting share the idle ones to ask.
    """

    def __init__(self, conninfo: str, slots: int) -> None:
        self.conninfo = conninfo
        self.slots = slots
        self._idle: list[Connection] = []
        self._freed = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None

    async def _connection(self) -> Connection:
        if self._idle:
            return self._idle.pop()
        return await connect_holder(self.conninfo)

    async def _try_slot(self, conn: Connection) -> int | None:
        # From a random slot on, so that processes do not all queue on slot 0; the scan stops at
        # the first lock taken (a LIMIT over a function scan pulls one row at a time).
        cursor = await conn.execute(
            "SELECT slot FROM (SELECT (s + %(start)s) %% %(n)s AS slot "
            "FROM generate_series(0, %(n)s - 1) AS s) AS slots "
            "WHERE pg_try_advisory_lock(%(ns)s, %(base)s + slot) LIMIT 1",
            {
                "start": random.randrange(self.slots),
                "n": self.slots,
                "ns": NAMESPACE,
                "base": int(LockKey.ENGINE_SLOT_BASE),
            },
        )
        row = await cursor.fetchone()
        return None if row is None else int(row[0])  # type: ignore[call-overload]

    async def _listen(self) -> None:
        conn = await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True)
        try:
            await conn.execute(f"LISTEN {_FREED_CHANNEL}")
            async for _ in conn.notifies():
                self._freed.set()
        finally:
            await conn.close()

    @contextlib.asynccontextmanager
    async def turn(self, waiting: Waiting) -> AsyncIterator[None]:
        if self._listener is None:
            self._listener = asyncio.create_task(self._listen())
        told = False
        while True:
            self._freed.clear()
            conn = await self._connection()
            try:
                index = await self._try_slot(conn)
            except BaseException:
                await conn.close()
                raise
            if index is not None:
                break
            self._idle.append(conn)
            if not told:
                told = True
                await waiting()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._freed.wait(), random.uniform(*_SLOT_RETRY))
        try:
            yield
        finally:
            await self._release(conn, index)

    async def _release(self, conn: Connection, index: int) -> None:
        try:
            await conn.execute(
                "SELECT pg_advisory_unlock(%s, %s)", (NAMESPACE, LockKey.ENGINE_SLOT_BASE + index)
            )
            await conn.execute(f"NOTIFY {_FREED_CHANNEL}")
        except BaseException:
            # A connection in doubt is closed: the server then drops its locks.
            await conn.close()
            raise
        self._idle.append(conn)

    async def aclose(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, psycopg.Error):
                await self._listener
            self._listener = None
        for conn in self._idle:
            await conn.close()
        self._idle.clear()


async def _lock_user(conn: Connection, key: int) -> None:
    """One user's events are counted and added one process at a time (for the transaction)."""
    await conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (USER_NAMESPACE, str(key)))


class TableUserLimiter:
    """`limit` events per `window` seconds per user, across processes."""

    def __init__(self, pool: AsyncConnectionPool, limit: int, window: float) -> None:
        self._pool = pool
        self.limit = limit
        self.window = window

    async def _wait(self, conn: Connection, key: int) -> float:
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

    async def reserve(self, chat_id: int, *, paced: bool = True) -> tuple[dt.datetime, float]:
        """Take the earliest moment that keeps every limit (the chat's one a second only when
        `paced`): the moment (the database's clock) and the seconds until it."""
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
            limits: list[tuple[int | None, int, float]] = [(None, self.bot_per_second, 1.0)]
            if paced:
                limits.append((chat_id, 1, self.chat_interval))
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
        conn: Connection,
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

    async def acquire(self, chat_id: int, *, paced: bool = True) -> None:
        _, wait = await self.reserve(chat_id, paced=paced)
        if wait > 0:
            await asyncio.sleep(wait)


class ReservedPerRequest:
    """The flood limiter of a worker's briefing sender: nothing to wait for here, because the
    worker's requests take their reservations themselves, paced in a briefing's scope."""

    async def acquire(self, chat_id: int) -> None:
        return None
