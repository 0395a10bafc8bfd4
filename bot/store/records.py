"""What the store hands back: a brief as a chat received it, a chat's daily subscription, and a
daily briefing claimed for sending."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from bot.models import Article, Brief


@dataclass(frozen=True)
class StoredBrief:
    brief_id: int
    article_id: int
    article: Article
    brief: Brief
    engine: str
    engine_version: str
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    """The latest delivery to the asking chat; None when read from the shared cache."""


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    time: dt.time
    timezone: str
    quiet: bool
    next_at: dt.datetime | None = field(default=None, compare=False)
    """When the next briefing is due, in UTC; derived from the rest (None for an unknown zone),
    so two subscriptions with the same choice are equal whatever their next time."""


class DueBriefing(NamedTuple):
    """A daily briefing one process claimed: it alone sends the chat's briefing due at `due_at`."""

    chat_id: int
    due_at: dt.datetime
