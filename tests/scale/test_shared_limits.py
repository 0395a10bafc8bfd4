"""The limits several processes share, against a real PostgreSQL server. Each limiter object
has connections of its own, as a separate process would."""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from collections.abc import AsyncIterator

import pytest
from psycopg_pool import AsyncConnectionPool

from bot.scale.locks import connect_holder
from bot.scale.shared_limits import AdvisoryEngineSlots, ReservedFloodLimiter, TableUserLimiter
from bot.store.postgres import migrate
from tests.conftest import REPO_ROOT


@pytest.fixture
async def db(postgres_db: str) -> str:
    await migrate(postgres_db)
    return postgres_db


@pytest.fixture
async def pool(db: str) -> AsyncIterator[AsyncConnectionPool]:
    async with AsyncConnectionPool(db, min_size=1, max_size=4, open=False) as opened:
        yield opened


async def test_engine_slots_cap_every_process_together(db: str) -> None:
    processes = [AdvisoryEngineSlots(db, 3) for _ in range(3)]
    running = peak = 0
    waited = 0

    async def call(slots: AdvisoryEngineSlots) -> None:
        nonlocal running, peak, waited

        async def waiting() -> None:
            nonlocal waited
            waited += 1

        async with slots.turn(waiting):
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.05)
            running -= 1

    try:
        await asyncio.gather(*(call(processes[i % 3]) for i in range(18)))
    finally:
        for slots in processes:
            await slots.aclose()
    assert peak == 3
    assert waited > 0


HOLD_A_SLOT = """
import asyncio, sys
from bot.scale.shared_limits import AdvisoryEngineSlots

async def main() -> None:
    async def nothing() -> None:
        return None

    async with AdvisoryEngineSlots(sys.argv[1], 1).turn(nothing):
        print("held", flush=True)
        await asyncio.sleep(120)

asyncio.run(main())
"""


async def test_a_killed_process_s_slot_is_freed_by_the_server(db: str) -> None:
    holder = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLD_A_SLOT, db,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    living = AdvisoryEngineSlots(db, 1)

    async def nothing() -> None:
        return None

    try:
        assert holder.stdout is not None
        async with asyncio.timeout(60):
            assert await holder.stdout.readline() == b"held\n"
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.5), living.turn(nothing):
                pass
        holder.kill()
        await holder.wait()
        async with asyncio.timeout(10), living.turn(nothing):
            pass
    finally:
        if holder.returncode is None:
            holder.kill()
            await holder.wait()
        await living.aclose()


async def test_user_limit_is_one_window_for_every_process(pool: AsyncConnectionPool) -> None:
    first, second = TableUserLimiter(pool, 2, 60.0), TableUserLimiter(pool, 2, 60.0)
    assert await first.try_acquire(7) == 0
    assert await second.try_acquire(7) == 0
    wait = await first.try_acquire(7)
    assert 59 < wait <= 60
    assert await second.peek(7) > 59
    assert await second.try_acquire(8) == 0  # another user is not held back
    assert await first.first_notice(7, "limit")
    assert not await second.first_notice(7, "limit")
    assert await second.first_notice(7, "hint")


def most_in_any_window(moments: list[float], span: float) -> int:
    ordered = sorted(moments)
    return max(
        sum(1 for other in ordered[i:] if other < moment + span - 1e-6)
        for i, moment in enumerate(ordered)
    )


async def test_flood_reservations_keep_each_limit(pool: AsyncConnectionPool) -> None:
    processes = [ReservedFloodLimiter(pool), ReservedFloodLimiter(pool)]
    booked: list[tuple[int, float]] = []

    async def reserve(index: int, chat_id: int) -> None:
        at, _ = await processes[index % 2].reserve(chat_id)
        booked.append((chat_id, at.timestamp()))

    # Three chats writing often, 40 chats once, and a group: from both processes at once.
    sends = [5, 6, 7] * 4 + list(range(100, 140)) + [-42] * 22
    await asyncio.gather(*(reserve(i, chat) for i, chat in enumerate(sends)))
    moments = [at for _, at in booked]
    assert most_in_any_window(moments, 1.0) <= 30
    for chat in (5, 6, 7):
        mine = sorted(at for c, at in booked if c == chat)
        assert min(b - a for a, b in itertools.pairwise(mine)) >= 1.0 - 1e-6
    group = [at for c, at in booked if c == -42]
    assert most_in_any_window(group, 60.0) <= 20
    assert max(group) - min(group) >= 59  # the 21st waits for the minute to pass
    # Nothing waits longer than the limits make it: the single sends all fit in about 3 s.
    singles = [at for c, at in booked if 100 <= c < 140]
    assert max(singles) - min(moments) < 4.0


async def test_reservations_pace_a_chat_only_when_asked(pool: AsyncConnectionPool) -> None:
    """A reply is not held behind the chat's last message; a briefing's message is."""
    flood = ReservedFloodLimiter(pool)
    await flood.reserve(42, paced=False)
    unpaced, wait = await flood.reserve(42, paced=False)
    assert wait == 0
    paced, _ = await flood.reserve(42, paced=True)
    assert (paced - unpaced).total_seconds() >= 1.0 - 1e-6


async def test_lock_holders_ask_the_server_to_notice_a_vanished_machine(db: str) -> None:
    async with await connect_holder(db) as conn:
        settings = {}
        for name in ("tcp_keepalives_idle", "tcp_keepalives_count", "tcp_user_timeout"):
            cursor = await conn.execute(f"SELECT current_setting('{name}')")
            row = await cursor.fetchone()
            assert row is not None
            settings[name] = row[0]
    assert settings == {
        "tcp_keepalives_idle": "10",
        "tcp_keepalives_count": "3",
        "tcp_user_timeout": "30000",
    }
