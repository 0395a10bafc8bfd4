"""/daily and /briefing: a chat chooses when its briefing comes, or asks for one now."""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from telegram import Update

from bot.digest.schedule import next_briefing
from bot.errors import DailyRequestError
from bot.service import Subscription
from bot.telegram.context import BotContext
from bot.telegram.jobs import send_briefing
from bot.telegram.sending import format_moment

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?(am|pm)?$", re.I)
_OFF = frozenset({"off", "stop", "cancel"})
_QUIET = "quiet"
_LOUD = "loud"

USAGE = (
    "Send /daily 07:30 Europe/Berlin for a briefing every day at that time "
    "(the time zone is optional). Add quiet to stay silent on days without new stories, "
    "e.g. /daily quiet 07:30 (loud turns it off again). What you leave out stays as it was. "
    "/daily off stops it, /briefing sends one now."
)


@dataclass(frozen=True)
class DailyRequest:
    off: bool = False
    at: dt.time | None = None
    zone: str | None = None
    quiet: bool | None = None

    @property
    def shows(self) -> bool:
        return not self.off and self.at is None and self.zone is None and self.quiet is None


@functools.cache
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def find_zone(word: str) -> str | None:
    """The IANA name for `word`, spelled in any case; None when there is no such zone."""
    return _zones().get(word.strip().lower())


def parse_clock(word: str) -> dt.time | None:
    """07:30, 7:30, 7.30, 19h05, 7am, 7:30pm; None when the word is not a time at all.
    Raises DailyRequestError for a time-like word that is no time of day."""
    match = _CLOCK.match(word.strip())
    if match is None:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if match.group(2) is None and half is None:
        return None
    if half is not None:
        if not 1 <= hour <= 12:
            raise DailyRequestError(f"{word} is not a time: with am/pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DailyRequestError(
            f"{word} is not a time of day: use 24-hour time from 00:00 to 23:59, e.g. 07:30."
        )
    return dt.time(hour, minute)


def parse_daily_args(args: Sequence[str]) -> DailyRequest:
    words = [word for word in args if word.strip()]
    if not words:
        return DailyRequest()
    if any(word.lower() in _OFF for word in words):
        if len(words) > 1:
            raise DailyRequestError("Send /daily off on its own to stop the daily briefing.")
        return DailyRequest(off=True)
    at: dt.time | None = None
    zone: str | None = None
    quiet: bool | None = None
    for word in words:
        lower = word.lower()
        if lower in (_QUIET, _LOUD):
            quiet = lower == _QUIET
            continue
        clock = parse_clock(word)
        if clock is not None:
            if at is not None:
                raise DailyRequestError("Send one time only, e.g. /daily 07:30.")
            at = clock
            continue
        found = find_zone(word)
        if found is not None:
            if zone is not None:
                raise DailyRequestError("Send one time zone only, e.g. /daily 07:30 Europe/Berlin.")
            zone = found
            continue
        if word.isdigit():
            raise DailyRequestError(f"Send the time as hours and minutes, e.g. {word}:00.")
        if "/" in word or word.isupper():
            raise DailyRequestError(
                f"I don't know the time zone {word!r}. Use an IANA name such as "
                "Europe/Berlin, America/New_York or Asia/Tokyo."
            )
        raise DailyRequestError(f"I didn't understand {word!r}. {USAGE}")
    return DailyRequest(at=at, zone=zone, quiet=quiet)


def describe_subscription(subscription: Subscription, now: dt.datetime | None = None) -> str:
    zone = ZoneInfo(subscription.timezone)
    upcoming = next_briefing(subscription.time, zone, now)
    quiet = (
        "Quiet mode is on: days without new stories stay silent."
        if subscription.quiet
        else "On days without new stories you get one short line."
    )
    return (
        f"Your briefing comes every day at {subscription.time:%H:%M} ({subscription.timezone}). "
        f"Next one: {format_moment(upcoming, zone)}. {quiet}"
    )


async def daily_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    services = context.bot_data.services
    briefs = services.briefs
    try:
        request = parse_daily_args(context.args or [])
    except DailyRequestError as bad:
        await message.reply_text(str(bad))
        return
    current = await briefs.subscription(chat.id)
    if request.shows:
        if current is None:
            await message.reply_text(f"No daily briefing is set for this chat. {USAGE}")
        else:
            await message.reply_text(describe_subscription(current) + " /daily off stops it.")
        return
    if request.off:
        if current is None:
            await message.reply_text("There was no daily briefing to stop.")
            return
        await briefs.unsubscribe(chat.id)
        await message.reply_text("Daily briefing stopped. /daily 07:30 starts it again.")
        return
    at = request.at or (current.time if current is not None else None)
    if at is None:
        await message.reply_text(f"Which time? {USAGE}")
        return
    zone = request.zone or (current.timezone if current is not None else None)
    zone = zone or services.settings.default_timezone
    quiet = request.quiet if request.quiet is not None else bool(current and current.quiet)
    try:
        ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        await message.reply_text(f"The configured time zone {zone!r} is unknown. {USAGE}")
        return
    subscription = Subscription(chat_id=chat.id, time=at, timezone=zone, quiet=quiet)
    # The store keeps the next time; the scan of due briefings (bot.telegram.jobs) sends it.
    await briefs.subscribe(chat.id, at, zone, quiet=quiet)
    await message.reply_text("Done. " + describe_subscription(subscription))


async def briefing_command(update: Update, context: BotContext) -> None:
    """A briefing now, covering what arrived since the last one; the next is counted from here."""
    chat = update.effective_chat
    if chat is None:
        return
    services = context.bot_data.services
    current = await services.briefs.subscription(chat.id)
    zone_name = current.timezone if current is not None else services.settings.default_timezone
    try:
        zone = ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    await send_briefing(context.bot, services, chat.id, zone=zone, quiet=False)


__all__ = [
    "USAGE",
    "DailyRequest",
    "DailyRequestError",
    "briefing_command",
    "daily_command",
    "describe_subscription",
    "find_zone",
    "parse_clock",
    "parse_daily_args",
]
