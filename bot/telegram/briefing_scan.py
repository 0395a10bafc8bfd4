"""Daily briefings: one scan decides which are due, in the embedded bot and with workers alike.

The subscriptions in the store carry each chat's next time in UTC. The scan claims the due ones
(each claim is one process's alone, however many scan at once) and hands each to a sender: the
embedded bot runs the scan every few seconds from PTB's JobQueue and sends at once; with several
processes the scan is a periodic job that queues each send under the chat's lock
(bot.scale.briefings). Either way the send is `send_due_briefing`, which skips a briefing
already marked sent (a send run again).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import Bot
from telegram.ext import Job

from bot.service import BriefService
from bot.store.records import DueBriefing
from bot.telegram.context import BotContext, BotServices
from bot.telegram.jobs import BotJobQueue, BriefingOutcome, send_briefing

log = logging.getLogger(__name__)

SCAN_EVERY = 10.0
"""Seconds between scans: a briefing goes out within this of its time."""
SCAN_LIMIT = 200
"""Briefings claimed by one scan at most; the rest wait for the next one."""
SCAN_JOB = "daily-briefings"


async def claim_due_briefings(briefs: BriefService, now: dt.datetime) -> list[DueBriefing]:
    return await briefs.claim_due_briefings(now, SCAN_LIMIT)


async def send_due_briefing(
    bot: Bot, services: BotServices, due: DueBriefing, *, job_queue: BotJobQueue | None = None
) -> BriefingOutcome | None:
    """Send one claimed briefing; None when there is nothing to send (sent already, or the chat
    unsubscribed since the claim)."""
    briefs = services.briefs
    if await briefs.briefing_sent(due.chat_id, due.due_at):
        return None
    subscription = await briefs.subscription(due.chat_id)
    if subscription is None:
        return None
    try:
        zone = ZoneInfo(subscription.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return await send_briefing(
        bot, services, due.chat_id, zone=zone, quiet=subscription.quiet, due_at=due.due_at
    )


async def scan_daily_briefings(context: BotContext) -> None:
    """The embedded bot's JobQueue job: claim what is due and send it now."""
    services = context.bot_data.services
    for due in await claim_due_briefings(services.briefs, dt.datetime.now(dt.UTC)):
        try:
            await send_due_briefing(context.bot, services, due)
        except Exception:  # one chat's failure does not hold up the others' briefings
            log.exception("the daily briefing of chat %s failed", due.chat_id)


def start_briefing_scan(job_queue: BotJobQueue, *, every: float = SCAN_EVERY) -> Job[Any]:
    for job in job_queue.get_jobs_by_name(SCAN_JOB):
        job.schedule_removal()
    return job_queue.run_repeating(scan_daily_briefings, interval=every, first=0.0, name=SCAN_JOB)
