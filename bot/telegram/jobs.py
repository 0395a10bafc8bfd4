"""Daily briefings: one scan decides which are due, in the embedded bot and with workers alike.

The subscriptions in the store carry each chat's next time in UTC (bot.digest.schedule keeps
07:30 at 07:30 local time across daylight-saving changes). The scan claims the due ones (each
claim is one process's alone, however many scan at once; one missed by more than an hour is
skipped, and the next briefing covers its stories) and hands each to a sender: the embedded bot
runs the scan every few seconds from PTB's JobQueue and sends at once; with several processes
the scan is a periodic job that queues each send under the chat's lock (bot.scale.briefings).
Either way the send is `send_due_briefing`, which skips a briefing already marked sent (a send
run again). Nothing about the schedule lives in memory: `/daily` changes only the store.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import Bot
from telegram.ext import Job, JobQueue

from bot.errors import ChatUnreachable
from bot.service import BriefService
from bot.store.records import DueBriefing
from bot.telegram.context import BotContext, BotServices
from bot.telegram.render import Part
from bot.telegram.sending import digest_keyboard, no_news_text, render_digest_parts

log = logging.getLogger(__name__)

BriefingOutcome = Literal["sent", "no_news", "silent", "unreachable"]
BotJobQueue = JobQueue[Any]
"""PTB types `context.job_queue` loosely; the jobs here run with a `BotContext`."""


SCAN_EVERY = 10.0
"""Seconds between scans: a briefing goes out within this of its time."""
SCAN_LIMIT = 200
"""Briefings claimed by one scan at most; the rest wait for the next one."""
SCAN_JOB = "daily-briefings"


async def claim_due_briefings(briefs: BriefService, now: dt.datetime) -> list[DueBriefing]:
    return await briefs.claim_due_briefings(now, SCAN_LIMIT)


async def send_due_briefing(
    bot: Bot, services: BotServices, due: DueBriefing
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


async def send_briefing(
    bot: Bot,
    services: BotServices,
    chat_id: int,
    *,
    zone: ZoneInfo,
    quiet: bool,
    now: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
) -> BriefingOutcome:
    """Build the chat's briefing since the last one, send it, and mark it sent (with `due_at`,
    as that claimed briefing).

    A chat that blocked the bot is unsubscribed. Other failures propagate and leave the mark
    where it was, so the next briefing covers the missed one too.
    """
    briefs = services.briefs
    now = now or dt.datetime.now(dt.UTC)
    daily = await briefs.daily_digest(chat_id, now)
    digest, last = daily.digest, daily.last
    outcome: BriefingOutcome
    try:
        if digest.stories:
            parts = render_digest_parts(digest, zone)
            keyboard = digest_keyboard(digest)
            await services.sender.send_parts(bot, chat_id, parts, markup=keyboard)
            outcome = "sent"
        elif quiet:
            outcome = "silent"
        else:
            line = no_news_text(last, zone)
            await services.sender.send(bot, chat_id, Part(line, line))
            outcome = "no_news"
    except ChatUnreachable as gone:
        log.info("unsubscribing chat %s: %s", chat_id, gone.reason)
        await briefs.unsubscribe(chat_id)
        return "unreachable"
    await briefs.mark_briefing_sent(chat_id, now, due_at=due_at)
    return outcome


__all__ = [
    "SCAN_EVERY",
    "SCAN_JOB",
    "BriefingOutcome",
    "claim_due_briefings",
    "scan_daily_briefings",
    "send_briefing",
    "send_due_briefing",
    "start_briefing_scan",
]
