"""The daily briefing schedule: one JobQueue job per chat, named after the chat.

The store holds the subscriptions; the jobs are only their in-memory image, rebuilt at start-up
by `reschedule_all`. Each job reads its subscription again when it runs, so a chat that was
forgotten or unsubscribed elsewhere simply stops. The time of day carries the chat's `ZoneInfo`,
so APScheduler's cron trigger keeps 07:30 at 07:30 local time across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import Bot
from telegram.ext import Application, Job, JobQueue

from bot.errors import ChatUnreachable
from bot.service import Subscription
from bot.telegram.context import BotContext, BotData, BotServices
from bot.telegram.render import Part
from bot.telegram.sending import digest_keyboard, no_news_text, render_digest_parts

log = logging.getLogger(__name__)

JOB_PREFIX = "daily:"
MISFIRE_GRACE = 3600
"""A briefing missed by a short outage still goes out, up to an hour late, once."""

BriefingOutcome = Literal["sent", "no_news", "silent", "unreachable"]
BotJobQueue = JobQueue[Any]
"""PTB types `context.job_queue` loosely; the jobs here run with a `BotContext`."""


def job_name(chat_id: int) -> str:
    return f"{JOB_PREFIX}{chat_id}"


def briefing_time(subscription: Subscription) -> dt.time:
    """The wall-clock time in the chat's zone (raises ZoneInfoNotFoundError for a bad zone)."""
    return subscription.time.replace(tzinfo=ZoneInfo(subscription.timezone))


def cancel_daily(job_queue: BotJobQueue, chat_id: int) -> int:
    """Remove the chat's jobs; returns how many there were."""
    jobs = job_queue.get_jobs_by_name(job_name(chat_id))
    for job in jobs:
        job.schedule_removal()
    return len(jobs)


def schedule_daily(job_queue: BotJobQueue, subscription: Subscription) -> Job[Any]:
    """Replace the chat's job with one for this subscription."""
    at = briefing_time(subscription)
    cancel_daily(job_queue, subscription.chat_id)
    return job_queue.run_daily(
        daily_briefing_job,
        at,
        chat_id=subscription.chat_id,
        name=job_name(subscription.chat_id),
        job_kwargs={"misfire_grace_time": MISFIRE_GRACE, "coalesce": True},
    )


async def reschedule_all(application: Application) -> int:  # type: ignore[type-arg]
    """From the store at start-up (post_init); returns how many chats were scheduled."""
    job_queue: BotJobQueue | None = application.job_queue
    if job_queue is None:
        log.warning("no JobQueue (python-telegram-bot[job-queue]): daily briefings are off")
        return 0
    data: BotData = application.bot_data
    scheduled = 0
    for subscription in await data.services.briefs.subscriptions():
        try:
            schedule_daily(job_queue, subscription)
        except (ZoneInfoNotFoundError, ValueError):
            log.warning(
                "chat %s has an unknown time zone %r; its briefing is not scheduled",
                subscription.chat_id,
                subscription.timezone,
            )
            continue
        scheduled += 1
    log.info("scheduled daily briefings for %d chat(s)", scheduled)
    return scheduled


async def daily_briefing_job(context: BotContext) -> None:
    job = context.job
    if job is None or job.chat_id is None:
        return
    services = context.bot_data.services
    subscription = await services.briefs.subscription(job.chat_id)
    if subscription is None:
        job.schedule_removal()
        return
    await send_briefing(
        context.bot,
        services,
        job.chat_id,
        zone=ZoneInfo(subscription.timezone),
        quiet=subscription.quiet,
        job_queue=context.job_queue,
    )


async def send_briefing(
    bot: Bot,
    services: BotServices,
    chat_id: int,
    *,
    zone: ZoneInfo,
    quiet: bool,
    job_queue: BotJobQueue | None = None,
    now: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
) -> BriefingOutcome:
    """Build the chat's briefing since the last one, send it, and mark it sent.

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
        if job_queue is not None:
            cancel_daily(job_queue, chat_id)
        return "unreachable"
    await briefs.mark_briefing_sent(chat_id, now, due_at=due_at)
    return outcome


__all__ = [
    "JOB_PREFIX",
    "BriefingOutcome",
    "briefing_time",
    "cancel_daily",
    "daily_briefing_job",
    "job_name",
    "reschedule_all",
    "schedule_daily",
    "send_briefing",
]
