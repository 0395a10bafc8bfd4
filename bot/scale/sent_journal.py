"""Each message a job sends, journalled, so that a job run again does not send it again.

A job is delivered at least once: a worker killed after sending a reply but before the job was
marked done leaves the job to be run again by another worker. The handlers run again as they
are; what keeps the person from reading the reply twice is here. Every `sendMessage` of a job is
numbered in order within the job's scope (the update, or the chat's briefing due at a time); when
a run finds a number already journalled, Telegram's recorded answer is returned instead of
calling it again. A send that Telegram refused (flood control, a rejected text) gives its number
back to the next send, so the numbers count the messages the chat got, whatever was retried on
the way, and a run again meets each message under the number the first run gave it. Edits,
deletions and chat actions are idempotent and pass through.

The journal sits at the HTTP layer (`BaseRequest`, PTB's documented hook for networking) so
every way the handlers send (`reply_text`, `bot.send_message`, the senders in bot.telegram)
goes through it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import heapq
import random
from collections.abc import Iterator
from typing import Any, Protocol

import psycopg
from psycopg_pool import AsyncConnectionPool
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import RequestData

from bot.scale.locks import SENDER_NAMESPACE, connect_holder
from bot.telegram.aiohttp_request import AiohttpRequest

_JOURNALLED = ("/sendmessage",)
CLAIM_TIMEOUT = 300.0
"""Seconds after which a send claimed but never answered may be made by another run although
its sender still holds its lock: a sender that is alive but stuck. Far longer than a send
takes, so that a slow sender is not doubled; a sender whose machine vanished loses its lock
sooner, when the server's keepalives find its connection dead (bot.scale.locks)."""
_CLAIM_POLL = 0.2


class FloodReservations(Protocol):
    """Waits for the moment a message to `chat_id` keeps Telegram's flood limits
    (bot.scale.shared_limits.ReservedFloodLimiter)."""

    async def acquire(self, chat_id: int, *, paced: bool) -> None: ...


class SendScope:
    """What one run of a job sends, numbered in order of the messages delivered; `paced` when
    its messages keep the one-a-second spacing within a chat (a scheduled briefing)."""

    def __init__(self, key: str, *, paced: bool = False) -> None:
        self.key = key
        self.paced = paced
        self._next = 0
        self._returned: list[int] = []

    def take_number(self) -> int:
        """The lowest number given back by a failed send, else the next new one."""
        if self._returned:
            return heapq.heappop(self._returned)
        number = self._next
        self._next += 1
        return number

    def give_back(self, number: int) -> None:
        """The send under `number` delivered nothing: the next send takes the number."""
        heapq.heappush(self._returned, number)


_scope: contextvars.ContextVar[SendScope | None] = contextvars.ContextVar(
    "briefbot_send_scope", default=None
)


@contextlib.contextmanager
def sending_for(key: str, *, paced: bool = False) -> Iterator[SendScope]:
    """The block's sends belong to `key` (tasks it starts inherit the scope)."""
    scope = SendScope(key, paced=paced)
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


class SentJournal:
    """The `scale_sent_messages` table: a send is claimed before it is made, then recorded.

    A row is the intent to send; only Telegram's answer (`record`) marks it sent, and a run
    finding an intent not marked sent sends again unless its sender is still at it. The claim
    matters when a job runs twice at once (a worker thought stopped that was only slow): the
    second run waits for the first one's answer instead of sending as well. Each journal holds
    an advisory lock of its own for as long as its process lives (the server drops it when the
    process dies) and names it in its claims, so a claim left by a killed worker is taken over at
    once; one whose sender still holds its lock, after `CLAIM_TIMEOUT`.
    """

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self._pool = pool
        self._presence: psycopg.AsyncConnection[Any] | None = None
        self._owner = 0
        self._opening = asyncio.Lock()

    async def owner(self) -> int:
        """The key of this journal's advisory lock, taken (again, on a new connection, should
        the last one have gone) before a claim names it."""
        async with self._opening:
            if self._presence is None or self._presence.closed or self._presence.broken:
                conninfo = self._pool.conninfo
                assert isinstance(conninfo, str)  # the pools here are opened on a URL
                conn = await connect_holder(conninfo)
                while True:
                    owner = random.randrange(1, 2**31)
                    cursor = await conn.execute(
                        "SELECT pg_try_advisory_lock(%s, %s)", (SENDER_NAMESPACE, owner)
                    )
                    row = await cursor.fetchone()
                    if row and row[0]:
                        break
                self._presence, self._owner = conn, owner
        return self._owner

    async def aclose(self) -> None:
        if self._presence is not None:
            await self._presence.close()
            self._presence = None

    async def claim(self, scope: str, seq: int) -> bool:
        """True when this run is to send: the send was never claimed, or its claim lapsed (its
        sender's lock is gone, or `CLAIM_TIMEOUT` passed) before Telegram's answer came."""
        owner = await self.owner()
        async with self._pool.connection() as conn:
            cursor = await conn.execute(
                "INSERT INTO scale_sent_messages (scope, seq, owner) VALUES (%(scope)s, %(seq)s, "
                "%(owner)s) ON CONFLICT (scope, seq) DO UPDATE "
                "SET claimed_at = now(), owner = excluded.owner "
                "WHERE scale_sent_messages.response IS NULL AND ("
                "scale_sent_messages.claimed_at < now() - make_interval(secs => %(timeout)s) "
                "OR (scale_sent_messages.owner IS NOT NULL AND NOT EXISTS ("
                "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND classid = %(ns)s::oid AND objid = scale_sent_messages.owner::oid "
                "AND objsubid = 2))) "
                "RETURNING 1",
                {
                    "scope": scope,
                    "seq": seq,
                    "owner": owner,
                    "timeout": CLAIM_TIMEOUT,
                    "ns": SENDER_NAMESPACE,
                },
            )
            return await cursor.fetchone() is not None

    async def recorded(self, scope: str, seq: int) -> bytes | None:
        async with self._pool.connection() as conn:
            cursor = await conn.execute(
                "SELECT response FROM scale_sent_messages WHERE scope = %s AND seq = %s",
                (scope, seq),
            )
            row = await cursor.fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    async def record(self, scope: str, seq: int, response: bytes) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(
                "UPDATE scale_sent_messages SET response = %s WHERE scope = %s AND seq = %s",
                (response, scope, seq),
            )

    async def release(self, scope: str, seq: int) -> None:
        """The send failed: the next run may try it."""
        async with self._pool.connection() as conn:
            await conn.execute(
                "DELETE FROM scale_sent_messages "
                "WHERE scope = %s AND seq = %s AND response IS NULL",
                (scope, seq),
            )

    async def prune(self, older_than_hours: float) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(
                "DELETE FROM scale_sent_messages "
                "WHERE claimed_at < now() - make_interval(secs => %s)",
                (older_than_hours * 3600,),
            )


class JournalledRequest(AiohttpRequest):
    """The bot's networking (bot.telegram.aiohttp_request) with the sends of a scoped job
    journalled, each send first taking its flood-limit reservation (before the claim, so a long
    wait cannot outlast the claim)."""

    def __init__(
        self,
        journal: SentJournal,
        *,
        connection_pool_size: int,
        pool_timeout: float,
        flood: FloodReservations | None = None,
    ):
        super().__init__(connection_pool_size=connection_pool_size, pool_timeout=pool_timeout)
        self.journal = journal
        self.flood = flood

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        scope = _scope.get()
        sending = url.lower().endswith(_JOURNALLED)
        if sending and self.flood is not None:
            chat_id = request_data.parameters.get("chat_id") if request_data else None
            if isinstance(chat_id, int):
                await self.flood.acquire(chat_id, paced=scope is not None and scope.paced)
        if scope is None or not sending:
            return await super().do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout,
                pool_timeout,
            )  # fmt: skip
        number = scope.take_number()
        try:
            earlier = await self._claim(scope.key, number)
        except BaseException:
            scope.give_back(number)
            raise
        if earlier is not None:
            return 200, earlier
        try:
            status, body = await super().do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout,
                pool_timeout,
            )  # fmt: skip
        except BaseException:
            scope.give_back(number)
            await self.journal.release(scope.key, number)
            raise
        if status == 200:
            await self.journal.record(scope.key, number, body)
        else:
            scope.give_back(number)
            await self.journal.release(scope.key, number)
        return status, body

    async def _claim(self, key: str, number: int) -> bytes | None:
        """None once this run holds the send; Telegram's answer when an earlier run made it."""
        while not await self.journal.claim(key, number):
            earlier = await self.journal.recorded(key, number)
            if earlier is not None:
                return earlier
            await asyncio.sleep(_CLAIM_POLL)  # another run of this job is sending it
        return None
