"""The daily briefings with several workers: the periodic scan defers each claimed briefing.

The claim and the deferred send are one transaction (`PostgresStore.claim_due_briefings_then`):
a scanner killed between the two leaves the briefing due, and the next scan, on any worker,
claims and queues it.
"""

from __future__ import annotations

import datetime as dt

from bot.scale.queue import Queue
from bot.store.postgres import Connection, PostgresStore
from bot.store.records import DueBriefing
from bot.telegram.jobs import SCAN_LIMIT


async def defer_due_briefings(store: PostgresStore, queue: Queue, now: dt.datetime) -> int:
    """Claim what is due (each for this scan alone) and queue its send under the chat lock."""
    deferred = 0

    async def defer(due: DueBriefing, connection: Connection) -> None:
        nonlocal deferred
        if await queue.defer_briefing(due.chat_id, due.due_at, connection=connection) is not None:
            deferred += 1

    await store.claim_due_briefings_then(now, SCAN_LIMIT, defer)
    return deferred
