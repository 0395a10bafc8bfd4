"""The store's interface: what the service (and the job queue) may ask of a database.

Two implementations keep the same promises: `bot.store.sqlite.SQLiteStore` (the embedded
default, one file) and `bot.store.postgres.PostgresStore` (several processes on several
machines). `bot.store.select.open_store` picks one from `BRIEFBOT_DB`. Every method raises
`StoreError` (with words fit for the operator) and nothing else of the database's own.

Every chat sees only what was delivered to it: lookups by brief id, URL or message id all go
through the chat's own deliveries. Every write is one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from bot.models import Article, Brief, Turn
from bot.store.records import DueBriefing, StoredBrief, Subscription

BRIEFING_GRACE = dt.timedelta(hours=1)
"""A briefing missed by a short outage still goes out, up to this late, once."""


class Store(Protocol):
    async def close(self) -> None:
        """Release the connections; safe to call twice. Any later call raises StoreError."""

    # Articles and briefs, shared by all chats.
    async def save_article(self, article: Article) -> int:
        """Keep the article (one row per canonical URL and text) and return its id."""

    async def cached_brief(
        self, content_hash: str, engine: str, engine_version: str
    ) -> StoredBrief | None:
        """The brief to reuse for this article text and engine; `delivered_at` is None."""

    async def save_brief(
        self, article_id: int, brief: Brief, engine: str, engine_version: str
    ) -> int:
        """Keep the brief and make it the cached one for its article text and engine."""

    # What each chat received.
    async def record_delivery(
        self, chat_id: int, brief_id: int, message_ids: Sequence[int]
    ) -> None:
        """The chat received the brief in these messages. Idempotent: recording the same
        delivery again (a retried job) leaves one delivery, which counts as the newest."""

    async def record_pending_delivery(self, chat_id: int, brief_id: int, message_id: int) -> None:
        """A message of the bot's (the status message a brief replaces) is to carry the brief,
        before the brief goes out. The chat is not given the brief by this (`chat_brief`,
        `chat_brief_for_url` and the history leave it out): a job run again after a stop sends
        the brief instead of taking it for delivered. `brief_reached_chat` counts it."""

    async def brief_reached_chat(self, chat_id: int, brief_id: int) -> bool:
        """The chat was given the brief, or a message of the bot's in it was to carry it."""

    async def undo_delivery(self, chat_id: int, brief_id: int, message_id: int) -> None:
        """Take back a delivery recorded ahead of a send that failed; the chat keeps the brief
        only if other messages of it carry the brief."""

    async def chat_brief(self, chat_id: int, brief_id: int) -> StoredBrief | None: ...

    async def chat_brief_for_url(self, chat_id: int, url: str) -> StoredBrief | None:
        """The chat's newest brief of that page, also when it came from another link's cache."""

    async def brief_for_message(self, chat_id: int, message_id: int) -> StoredBrief | None: ...

    async def chat_history(
        self, chat_id: int, limit: int, *, one_per_story: bool = True
    ) -> list[StoredBrief]:
        """Newest first; a story briefed again (Refresh, a changed page) counts once, as its
        newest brief, unless `one_per_story` is False."""

    async def chat_briefs_since(self, chat_id: int, since: dt.datetime | None) -> list[StoredBrief]:
        """Briefs new to the chat since `since`, oldest first: a brief shown again later does
        not count; a story briefed twice in that time counts once, as its newest brief."""

    # Questions.
    async def turns(self, chat_id: int, brief_id: int, limit: int = 10) -> list[Turn]:
        """The chat's last `limit` questions about the brief, oldest first."""

    async def add_turn(self, chat_id: int, brief_id: int, question: str, answer: str) -> int: ...

    async def turn_question(self, chat_id: int, turn_id: int) -> str | None:
        """The question of one of the chat's turns; another chat's turn id finds nothing."""

    async def forget_chat(self, chat_id: int) -> None:
        """Delete the chat's traces, and the articles and briefs that no other chat received."""

    # Daily briefings.
    async def set_subscription(
        self,
        chat_id: int,
        at: dt.time,
        timezone: str,
        *,
        quiet: bool = False,
        now: dt.datetime | None = None,
    ) -> None:
        """Subscribe (or change the subscription). The next briefing is due at the first `at`
        in `timezone` after `now`; it stays where it was when only `quiet` changes."""

    async def subscription(self, chat_id: int) -> Subscription | None: ...

    async def subscriptions(self) -> list[Subscription]:
        """All of them, by chat id."""

    async def remove_subscription(self, chat_id: int) -> None: ...

    async def claim_due_briefings(
        self, now: dt.datetime, limit: int, *, grace: dt.timedelta = BRIEFING_GRACE
    ) -> list[DueBriefing]:
        """Claim up to `limit` briefings due by `now`, the longest due first, each for exactly
        one caller however many processes ask at once: in one transaction each due
        subscription's next time moves to its first time after `now` (several missed days make
        one briefing) and `(chat_id, due_at)` is recorded under a unique key. A briefing more
        than `grace` late is skipped, not claimed (the next one covers its stories)."""

    async def briefing_sent(self, chat_id: int, due_at: dt.datetime) -> bool:
        """Whether the claimed briefing was marked sent (a retried send job checks this)."""

    async def last_briefing_at(self, chat_id: int) -> dt.datetime | None:
        """When the chat's last briefing went out (its stories are those since then)."""

    async def mark_briefing_sent(
        self, chat_id: int, at: dt.datetime, *, due_at: dt.datetime | None = None
    ) -> None:
        """A briefing went out at `at`; with `due_at`, it was that claimed one. A scheduled time
        already reached moves on, so a briefing sent at its time is not claimed again."""

    # Telegram's re-sends, across processes.
    async def record_update(self, update_id: int, *, now: dt.datetime | None = None) -> bool:
        """True the first time this update id is recorded, False for every later time."""

    async def prune(self, before: dt.datetime) -> None:
        """Forget update ids and briefing claims recorded before `before` (Telegram re-sends an
        update for a day at most)."""
