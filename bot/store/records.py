"""What the store hands back: a brief as a chat received it, and a chat's daily subscription."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
