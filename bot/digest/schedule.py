"""When a chat's daily briefing next happens: a wall-clock time in the chat's own time zone.

Kept apart from any scheduler, so the store (which keeps each subscription's next time in UTC)
and the bot's jobs agree on one answer, across daylight-saving changes too.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def next_briefing(at: dt.time, zone: ZoneInfo, now: dt.datetime | None = None) -> dt.datetime:
    """When a briefing at `at` (wall clock in `zone`) next happens after `now`, in that zone."""
    local_now = (now or dt.datetime.now(dt.UTC)).astimezone(zone)
    day = local_now.date()
    for _ in range(3):
        candidate = dt.datetime.combine(day, at.replace(tzinfo=None), tzinfo=zone)
        # A time skipped by a spring-forward change happens an hour later on that day.
        candidate = candidate.astimezone(dt.UTC).astimezone(zone)
        if candidate > local_now:
            return candidate
        day += dt.timedelta(days=1)
    raise AssertionError("unreachable: a later day always has the time")


def next_briefing_utc(at: dt.time, zone_name: str, now: dt.datetime) -> dt.datetime | None:
    """The next briefing after `now` in UTC; None when the zone is unknown (never scheduled)."""
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return next_briefing(at, zone, now).astimezone(dt.UTC)
