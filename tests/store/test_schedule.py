"""The daily schedule in the store, on SQLite and on PostgreSQL: when briefings are due, and
that each is claimed once however many processes ask; and Telegram's update ids seen once."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.store.base import Store
from bot.store.records import DueBriefing
from bot.store.select import open_store

UTC = dt.UTC
# 06:00 in Berlin (summer time, UTC+2) on a Thursday.
MORNING = dt.datetime(2031, 5, 1, 4, 0, tzinfo=UTC)


def at(hours: float) -> dt.datetime:
    return MORNING + dt.timedelta(hours=hours)


async def test_a_subscription_is_next_due_at_its_local_time(store: Store) -> None:
    await store.set_subscription(1, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    await store.set_subscription(2, dt.time(5, 0), "Europe/Berlin", now=MORNING)
    await store.set_subscription(3, dt.time(7, 30), "America/New_York", now=MORNING)
    due = {s.chat_id: s.next_at for s in await store.subscriptions()}
    assert due == {
        1: dt.datetime(2031, 5, 1, 5, 30, tzinfo=UTC),
        2: dt.datetime(2031, 5, 2, 3, 0, tzinfo=UTC),  # 05:00 has passed today
        3: dt.datetime(2031, 5, 1, 11, 30, tzinfo=UTC),
    }


async def test_changing_the_time_moves_the_next_briefing_and_quiet_does_not(
    store: Store,
) -> None:
    await store.set_subscription(1, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    await store.set_subscription(1, dt.time(7, 30), "Europe/Berlin", quiet=True, now=at(3))
    found = await store.subscription(1)
    assert found is not None
    assert found.quiet
    assert found.next_at == dt.datetime(2031, 5, 1, 5, 30, tzinfo=UTC)  # still due today

    await store.set_subscription(1, dt.time(8, 0), "Europe/Berlin", quiet=True, now=at(3))
    moved = await store.subscription(1)
    assert moved is not None
    assert moved.next_at == dt.datetime(2031, 5, 2, 6, 0, tzinfo=UTC)
    await store.set_subscription(1, dt.time(8, 0), "Asia/Tokyo", quiet=True, now=at(3))
    zoned = await store.subscription(1)
    assert zoned is not None
    assert zoned.next_at == dt.datetime(2031, 5, 1, 23, 0, tzinfo=UTC)


async def test_a_due_briefing_is_claimed_once_and_the_next_one_the_next_day(
    store: Store,
) -> None:
    await store.set_subscription(1, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    await store.set_subscription(2, dt.time(9, 0), "Europe/Berlin", now=MORNING)
    due_at = dt.datetime(2031, 5, 1, 5, 30, tzinfo=UTC)

    assert await store.claim_due_briefings(at(1), limit=10) == []
    claimed = await store.claim_due_briefings(at(1.6), limit=10)
    assert claimed == [DueBriefing(1, due_at)]
    assert claimed[0].due_at.tzinfo == UTC
    assert await store.claim_due_briefings(at(1.6), limit=10) == []
    assert await store.claim_due_briefings(at(2), limit=10) == []

    following = await store.subscription(1)
    assert following is not None
    assert following.next_at == due_at + dt.timedelta(days=1)
    assert [item.chat_id for item in await store.claim_due_briefings(at(3.5), 10)] == [2]

    next_day = dt.datetime(2031, 5, 2, 7, 0, 5, tzinfo=UTC)
    tomorrow = await store.claim_due_briefings(next_day, 10, grace=dt.timedelta(hours=3))
    assert tomorrow == [
        DueBriefing(1, due_at + dt.timedelta(days=1)),  # the longest due first
        DueBriefing(2, dt.datetime(2031, 5, 2, 7, 0, tzinfo=UTC)),
    ]


async def test_days_missed_make_one_briefing_and_a_long_missed_one_is_skipped(
    store: Store,
) -> None:
    await store.set_subscription(1, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    three_days_on = dt.datetime(2031, 5, 4, 5, 50, tzinfo=UTC)
    await store.set_subscription(2, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    missed = await store.claim_due_briefings(three_days_on, limit=10)
    # Both were due three days ago: more than the grace late, so skipped, and moved on.
    assert missed == []
    for chat_id in (1, 2):
        found = await store.subscription(chat_id)
        assert found is not None
        assert found.next_at == dt.datetime(2031, 5, 5, 5, 30, tzinfo=UTC)

    await store.set_subscription(3, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    late = await store.claim_due_briefings(three_days_on, limit=10, grace=dt.timedelta(days=4))
    assert late == [DueBriefing(3, dt.datetime(2031, 5, 1, 5, 30, tzinfo=UTC))]
    assert await store.claim_due_briefings(three_days_on, 10, grace=dt.timedelta(days=4)) == []
    found = await store.subscription(3)
    assert found is not None
    assert found.next_at == dt.datetime(2031, 5, 5, 5, 30, tzinfo=UTC)


async def test_the_limit_takes_the_longest_due_first(store: Store) -> None:
    for chat_id, minute in ((1, 40), (2, 10), (3, 30), (4, 20)):
        await store.set_subscription(chat_id, dt.time(7, minute), "Europe/Berlin", now=MORNING)
    first = await store.claim_due_briefings(at(2), limit=2)
    second = await store.claim_due_briefings(at(2), limit=2)
    assert [item.chat_id for item in first] == [2, 4]
    assert [item.chat_id for item in second] == [3, 1]
    assert await store.claim_due_briefings(at(2), limit=2) == []


async def test_an_unknown_zone_is_never_due(store: Store) -> None:
    await store.set_subscription(1, dt.time(7, 30), "Mars/Olympus_Mons", now=MORNING)
    found = await store.subscription(1)
    assert found is not None
    assert found.next_at is None
    assert await store.claim_due_briefings(at(48), limit=10) == []


async def test_a_claimed_briefing_marked_sent_is_known_as_sent(store: Store) -> None:
    await store.set_subscription(1, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    [claimed] = await store.claim_due_briefings(at(1.6), limit=10)
    assert not await store.briefing_sent(1, claimed.due_at)
    await store.mark_briefing_sent(1, at(1.62), due_at=claimed.due_at)
    assert await store.briefing_sent(1, claimed.due_at)
    assert await store.last_briefing_at(1) == at(1.62)
    assert not await store.briefing_sent(1, claimed.due_at + dt.timedelta(days=1))
    assert not await store.briefing_sent(2, claimed.due_at)


async def test_a_briefing_sent_at_its_time_is_not_claimed_again(store: Store) -> None:
    """The bot's own job may send the briefing at its time; the schedule moves on with it."""
    await store.set_subscription(1, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    await store.mark_briefing_sent(1, at(1.5) + dt.timedelta(seconds=2))
    assert await store.claim_due_briefings(at(2), limit=10) == []
    found = await store.subscription(1)
    assert found is not None
    assert found.next_at == dt.datetime(2031, 5, 2, 5, 30, tzinfo=UTC)

    # A briefing asked for before the time leaves the scheduled one where it was.
    await store.set_subscription(2, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    await store.mark_briefing_sent(2, at(1))
    assert [item.chat_id for item in await store.claim_due_briefings(at(2), limit=10)] == [2]


async def test_forgetting_a_chat_forgets_its_claims(store: Store) -> None:
    await store.set_subscription(1, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    [claimed] = await store.claim_due_briefings(at(1.6), limit=10)
    await store.mark_briefing_sent(1, at(1.6), due_at=claimed.due_at)
    await store.forget_chat(1)
    assert not await store.briefing_sent(1, claimed.due_at)
    assert await store.subscription(1) is None


async def test_an_update_id_is_new_once(store: Store) -> None:
    assert await store.record_update(1001)
    assert not await store.record_update(1001)
    assert await store.record_update(1002)
    assert not await store.record_update(1002)
    assert await store.record_update(2**40)  # update ids outgrow 32 bits


async def test_pruning_forgets_old_update_ids_and_claims(store: Store) -> None:
    old = dt.datetime(2031, 5, 1, tzinfo=UTC)
    assert await store.record_update(7, now=old)
    assert await store.record_update(8, now=old + dt.timedelta(days=2))
    await store.set_subscription(1, dt.time(7, 30), "Europe/Berlin", now=MORNING)
    [claimed] = await store.claim_due_briefings(at(1.6), limit=10)
    await store.mark_briefing_sent(1, at(1.6), due_at=claimed.due_at)

    await store.prune(old + dt.timedelta(days=1))

    assert await store.record_update(7)
    assert not await store.record_update(8)
    assert not await store.briefing_sent(1, claimed.due_at)
    assert await store.last_briefing_at(1) == at(1.6)  # the briefing itself stays sent


async def test_two_stores_claiming_at_once_claim_each_briefing_once(database: str) -> None:
    """Two stores on one database, like two processes: however the claims interleave, every
    due briefing goes to exactly one of them."""
    first = await open_store(database)
    second = await open_store(database)
    try:
        for chat_id in range(1, 41):
            await first.set_subscription(
                chat_id, dt.time(7, chat_id % 60), "Europe/Berlin", now=MORNING
            )
        rounds = [
            store.claim_due_briefings(at(1.75), limit=3)
            for _ in range(20)
            for store in (first, second)
        ]
        claims = [item for batch in await asyncio.gather(*rounds) for item in batch]
        assert sorted(item.chat_id for item in claims) == list(range(1, 41))

        await first.set_subscription(99, dt.time(7, 30), "Europe/Berlin", now=MORNING)
        one, other = await asyncio.gather(
            first.claim_due_briefings(at(1.75), limit=10),
            second.claim_due_briefings(at(1.75), limit=10),
        )
        assert sorted([*one, *other]) == [
            DueBriefing(99, dt.datetime(2031, 5, 1, 5, 30, tzinfo=UTC))
        ]
    finally:
        await first.close()
        await second.close()


async def test_two_stores_recording_one_update_at_once_record_it_once(database: str) -> None:
    first = await open_store(database)
    second = await open_store(database)
    try:
        seen = await asyncio.gather(
            *(
                store.record_update(update_id)
                for update_id in range(500, 520)
                for store in (first, second, first)
            )
        )
        assert sum(seen) == 20
    finally:
        await first.close()
        await second.close()
