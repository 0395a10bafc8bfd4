"""Daily subscriptions, claimed briefings and Telegram's update ids: the queries both backends run.

The subscriptions table is the source of truth for when briefings go out: each row keeps its
next time in UTC (`bot.digest.schedule` turns the chat's wall-clock time into it), and
`claim_due_briefings` moves it on in the same transaction that records the claim, so however
many processes scan at once, one of them sends each briefing.
"""

from __future__ import annotations

import datetime as dt
import logging

from bot.digest.schedule import next_briefing_utc
from bot.store.base import BRIEFING_GRACE
from bot.store.records import DueBriefing, Subscription
from bot.store.sessions import Row, Session, SQLBackend, clock, moment, utc_now

log = logging.getLogger(__name__)

_SUBSCRIPTION = "SELECT chat_id, at, timezone, quiet, next_at FROM subscriptions"


async def record_update_in(db: Session, update_id: int, now: dt.datetime) -> bool:
    """In the caller's transaction: True the first time this update id is recorded."""
    rows = await db.fetch(
        "INSERT INTO seen_updates (update_id, seen_at) VALUES (?, ?)"
        " ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
        (update_id, now),
    )
    return bool(rows)


class ScheduleQueries(SQLBackend):
    _LOCK_DUE = ""
    """Appended to the query of due subscriptions (PostgreSQL: skip rows another claims)."""

    async def set_subscription(
        self,
        chat_id: int,
        at: dt.time,
        timezone: str,
        *,
        quiet: bool = False,
        now: dt.datetime | None = None,
    ) -> None:
        at = at.replace(tzinfo=None, microsecond=0)
        upcoming = next_briefing_utc(at, timezone, now or utc_now())
        async with self._write() as db:
            await db.execute(
                """
                INSERT INTO subscriptions (chat_id, at, timezone, quiet, next_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (chat_id) DO UPDATE SET
                next_at = CASE
                    WHEN subscriptions.at = excluded.at
                    AND subscriptions.timezone = excluded.timezone
                    THEN coalesce(subscriptions.next_at, excluded.next_at)
                    ELSE excluded.next_at END,
                at = excluded.at, timezone = excluded.timezone, quiet = excluded.quiet
                """,
                (chat_id, at, timezone, quiet, upcoming),
            )

    async def subscription(self, chat_id: int) -> Subscription | None:
        rows = await self._rows(f"{_SUBSCRIPTION} WHERE chat_id = ?", (chat_id,))
        return _subscription(rows[0]) if rows else None

    async def subscriptions(self) -> list[Subscription]:
        return [_subscription(row) for row in await self._rows(f"{_SUBSCRIPTION} ORDER BY chat_id")]

    async def remove_subscription(self, chat_id: int) -> None:
        async with self._write() as db:
            await db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))

    async def claim_due_briefings(
        self, now: dt.datetime, limit: int, *, grace: dt.timedelta = BRIEFING_GRACE
    ) -> list[DueBriefing]:
        async with self._write() as db:
            return await self._claim_due_in(db, now, limit, grace)

    async def _claim_due_in(
        self, db: Session, now: dt.datetime, limit: int, grace: dt.timedelta
    ) -> list[DueBriefing]:
        """`claim_due_briefings` in the caller's transaction."""
        claimed: list[DueBriefing] = []
        due = await db.fetch(
            "SELECT chat_id, at, timezone, next_at FROM subscriptions"
            " WHERE next_at <= ? ORDER BY next_at, chat_id LIMIT ?" + self._LOCK_DUE,
            (now, max(0, limit)),
        )
        for chat_id, at, zone, next_at in due:
            due_at = moment(next_at)
            await db.execute(
                "UPDATE subscriptions SET next_at = ? WHERE chat_id = ?",
                (next_briefing_utc(clock(at), zone, now), chat_id),
            )
            if due_at < now - grace:
                log.info("chat %s: the briefing due at %s is too late; skipped", chat_id, due_at)
                continue
            won = await db.fetch(
                "INSERT INTO briefing_claims (chat_id, due_at, claimed_at) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id, due_at) DO NOTHING RETURNING chat_id",
                (chat_id, due_at, now),
            )
            if won:
                claimed.append(DueBriefing(int(chat_id), due_at))
        return claimed

    async def briefing_sent(self, chat_id: int, due_at: dt.datetime) -> bool:
        rows = await self._rows(
            "SELECT sent_at FROM briefing_claims WHERE chat_id = ? AND due_at = ?",
            (chat_id, due_at),
        )
        return bool(rows) and rows[0][0] is not None

    async def last_briefing_at(self, chat_id: int) -> dt.datetime | None:
        rows = await self._rows("SELECT sent_at FROM briefings WHERE chat_id = ?", (chat_id,))
        return moment(rows[0][0]) if rows else None

    async def mark_briefing_sent(
        self, chat_id: int, at: dt.datetime, *, due_at: dt.datetime | None = None
    ) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO briefings (chat_id, sent_at) VALUES (?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET sent_at = excluded.sent_at",
                (chat_id, at),
            )
            reached = await db.fetch(
                "SELECT at, timezone FROM subscriptions WHERE chat_id = ? AND next_at <= ?",
                (chat_id, at),
            )
            if reached:
                await db.execute(
                    "UPDATE subscriptions SET next_at = ? WHERE chat_id = ?",
                    (next_briefing_utc(clock(reached[0][0]), reached[0][1], at), chat_id),
                )
            if due_at is not None:
                await db.execute(
                    "UPDATE briefing_claims SET sent_at = ? WHERE chat_id = ? AND due_at = ?",
                    (at, chat_id, due_at),
                )

    async def record_update(self, update_id: int, *, now: dt.datetime | None = None) -> bool:
        async with self._write() as db:
            return await record_update_in(db, update_id, now or utc_now())

    async def prune(self, before: dt.datetime) -> None:
        async with self._write() as db:
            await db.execute("DELETE FROM seen_updates WHERE seen_at < ?", (before,))
            await db.execute("DELETE FROM briefing_claims WHERE claimed_at < ?", (before,))

    async def _schedule_unscheduled(self) -> None:
        """Give subscriptions from before next_at existed their next time (at start-up)."""
        now = utc_now()
        updates = []
        for row in await self._rows(f"{_SUBSCRIPTION} WHERE next_at IS NULL"):
            item = _subscription(row)
            upcoming = next_briefing_utc(item.time, item.timezone, now)
            if upcoming is not None:
                updates.append((upcoming, item.chat_id))
        if updates:
            async with self._write() as db:
                await db.execute_many(
                    "UPDATE subscriptions SET next_at = ? WHERE chat_id = ? AND next_at IS NULL",
                    updates,
                )


def _subscription(row: Row) -> Subscription:
    return Subscription(
        chat_id=int(row[0]),
        time=clock(row[1]),
        timezone=str(row[2]),
        quiet=bool(row[3]),
        next_at=moment(row[4]) if row[4] is not None else None,
    )
