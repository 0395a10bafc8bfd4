"""The daily briefings with several workers: the periodic scan defers each claimed briefing."""

from __future__ import annotations

import datetime as dt

from bot.scale.queue import Queue
from bot.service import BriefService
from bot.telegram.jobs import claim_due_briefings


async def defer_due_briefings(briefs: BriefService, queue: Queue, now: dt.datetime) -> int:
    """Claim what is due (each for this scan alone) and queue its send under the chat lock."""
    deferred = 0
    for due in await claim_due_briefings(briefs, now):
        if await queue.defer_briefing(due.chat_id, due.due_at) is not None:
            deferred += 1
    return deferred
