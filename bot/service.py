"""The use cases, free of any transport: the CLI, the bot and the tests all drive these."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from bot.config import Settings
from bot.digest.digest import build_digest
from bot.engine_slots import EngineSlots, LocalEngineSlots
from bot.engines.base import Engine
from bot.engines.select import close_engine
from bot.errors import StoreError
from bot.grounding.checks import ground_answer, ground_brief
from bot.ingest.extraction_pool import ExtractionPool
from bot.ingest.source import article_from_text, article_from_url
from bot.models import Answer, Article, Brief, Digest, Turn
from bot.store.base import Store
from bot.store.records import DueBriefing
from bot.store.records import StoredBrief as StoredBrief
from bot.store.records import Subscription as Subscription
from bot.store.select import open_configured_store

log = logging.getLogger(__name__)

FIRST_LOOKBACK = dt.timedelta(days=1)
"""How far back the first briefing of a chat looks, when none was sent before."""
EARLIER_LIMIT = 200
"""How many older briefs are read to tell what is new in a story."""

Stage = Literal["fetching", "reading", "waiting", "writing"]
"""`fetching` covers reading the page too; `reading` is pasted text being cleaned; `waiting` only
when every engine slot is taken; `writing` once this request holds one."""
Progress = Callable[[Stage], Awaitable[None]]
Admit = Callable[[bool], Awaitable[None]]
"""Raises to refuse (a rate limit). Awaited with True, which spends one, before a page is
fetched (whatever then comes of the fetch) and before the engine writes a brief of pasted text;
False asks for a check that spends nothing."""


async def brief_article(article: Article, engine: Engine) -> Brief:
    """Brief one article and ground every quote in its text, whatever engine wrote it."""
    return await grounded_brief(await engine.brief(article), article)


async def grounded_brief(brief: Brief, article: Article) -> Brief:
    """The engine's brief with the article's own title, link, site and date where it has none,
    and every quote grounded in the article's text."""
    brief = brief.model_copy(
        update={
            "title": brief.title or article.title,
            "url": brief.url or article.final_url or article.url,
            "site": brief.site or article.site,
            "published": brief.published or article.published,
        }
    )
    # Fuzzy quote matching over a long article takes a while: off the loop, like the engines.
    return await asyncio.to_thread(ground_brief, brief, article)


async def answer_question(
    article: Article, question: str, engine: Engine, history: Sequence[Turn] = ()
) -> Answer:
    answer = await engine.answer(article, question, history)
    return await asyncio.to_thread(ground_answer, answer, article)


@dataclass(frozen=True)
class ChatBrief:
    """A brief as one chat sees it; `stored` when the chat already had it."""

    brief_id: int
    article: Article
    brief: Brief
    stored: bool
    delivered_at: dt.datetime | None = None
    """When the chat last received it (a stored brief only)."""


@dataclass(frozen=True)
class DailyDigest:
    """The chat's stories since its last briefing (`last`, None before the first one)."""

    digest: Digest
    last: dt.datetime | None


@dataclass(frozen=True)
class ChatAnswer:
    """An answer, the brief it is about, and the id of the stored turn (None when storage could
    not keep it)."""

    answer: Answer
    turn_id: int | None
    about: StoredBrief


async def _no_progress(stage: Stage) -> None:
    return None


async def _admit_all(charge: bool) -> None:
    return None


class BriefService:
    """Briefs and answers for chats, cached in the store, with a cap on concurrent engine calls."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        store: Store,
        *,
        engine_version: str | None = None,
        engine_slots: EngineSlots | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.store = store
        self.engine_version = engine.version if engine_version is None else engine_version
        self.engine_slots: EngineSlots = engine_slots or LocalEngineSlots(
            settings.max_concurrent_briefs
        )
        self._owns_store = False
        self.extraction = ExtractionPool.from_settings(settings, long_lived=True)
        self._running: set[asyncio.Task[object]] = set()

    async def brief_url(
        self,
        chat_id: int,
        url: str,
        *,
        refresh: bool = False,
        progress: Progress = _no_progress,
        admit: Admit = _admit_all,
    ) -> ChatBrief:
        if not refresh:
            known = await self.store.chat_brief_for_url(chat_id, url)
            if known is not None:
                return ChatBrief(
                    known.brief_id,
                    known.article,
                    known.brief,
                    stored=True,
                    delivered_at=known.delivered_at,
                )
        # Every fetch is charged, whatever comes of it: a page that fails to read costs the
        # bot as much as one that is briefed.
        await admit(True)
        await progress("fetching")
        with self._cancelled_on_stop():
            article = await article_from_url(url, self.settings, pool=self.extraction)
        return await self._brief(
            chat_id, article, refresh=refresh, progress=progress, admit=admit, charged=True
        )

    async def brief_text(
        self,
        chat_id: int,
        text: str,
        *,
        progress: Progress = _no_progress,
        admit: Admit = _admit_all,
    ) -> ChatBrief:
        await progress("reading")
        article = await asyncio.to_thread(article_from_text, text)
        return await self._brief(
            chat_id, article, refresh=False, progress=progress, admit=admit, charged=False
        )

    async def refresh(
        self,
        chat_id: int,
        brief_id: int,
        *,
        progress: Progress = _no_progress,
        admit: Admit = _admit_all,
    ) -> ChatBrief | None:
        """Brief the same source again; None when the chat never received that brief."""
        known = await self.store.chat_brief(chat_id, brief_id)
        if known is None:
            return None
        url = known.article.url or known.article.final_url
        if url:
            return await self.brief_url(chat_id, url, refresh=True, progress=progress, admit=admit)
        return await self._brief(
            chat_id, known.article, refresh=True, progress=progress, admit=admit, charged=False
        )

    async def _brief(
        self,
        chat_id: int,
        article: Article,
        *,
        refresh: bool,
        progress: Progress,
        admit: Admit,
        charged: bool,
    ) -> ChatBrief:
        # No "reading" here: a fetched page is read by the time it gets here, and each stage
        # shown is one more edit of the status message, for the bot and for Telegram.
        article_id = await self.store.save_article(article)
        engine_name = self.engine.name
        if not refresh:
            cached = await self.store.cached_brief(
                article.content_hash, engine_name, self.engine_version
            )
            if cached is not None:
                return ChatBrief(cached.brief_id, article, cached.brief, stored=False)
        # A brief the engine has to write counts against a limit unless its fetch already did.
        if not charged:
            await admit(True)
        with self._cancelled_on_stop():
            # The engine slot is held for the engine's call only; grounding needs no slot.
            async with self._engine_turn(progress):
                written = await self.engine.brief(article)
            brief = await grounded_brief(written, article)
        # A brief the fallback engine wrote is kept, but never under the key of the engine that
        # failed: the next request should try that engine again.
        version = self.engine_version if brief.engine == engine_name else "fallback"
        brief = brief.model_copy(update={"engine_version": version})
        brief_id = await self.store.save_brief(article_id, brief, brief.engine, version)
        return ChatBrief(brief_id, article, brief, stored=False)

    @classmethod
    async def open(
        cls, settings: Settings, *, engine_slots: EngineSlots | None = None
    ) -> BriefService:
        """The service over the configured database and engine; `close` releases both."""
        from bot.engines.select import build_engine

        engine = build_engine(settings)
        store = await open_configured_store(settings)
        service = cls(settings, engine, store, engine_slots=engine_slots)
        service._owns_store = True
        return service

    async def aclose(self) -> None:
        """Release the engine's connections (the LLM client) and the extraction workers; the
        store is closed by its owner."""
        self.extraction.close()
        await close_engine(self.engine)

    async def close(self) -> None:
        """Release the engine and, when this service opened it, the store."""
        await self.aclose()
        if self._owns_store:
            await self.store.close()

    def stop_now(self) -> None:
        """Stop what is running for chats: extraction workers are killed and each fetch, read
        or engine call in progress is cancelled, so that the bot can stop within seconds."""
        self.extraction.close()
        for task in list(self._running):
            task.cancel()

    @contextmanager
    def _cancelled_on_stop(self) -> Iterator[None]:
        task = asyncio.current_task()
        if task is None:
            yield
            return
        self._running.add(task)
        try:
            yield
        finally:
            self._running.discard(task)

    async def record_delivery(self, chat_id: int, brief_id: int, message_ids: list[int]) -> None:
        await self.store.record_delivery(chat_id, brief_id, message_ids)

    async def chat_brief(self, chat_id: int, brief_id: int) -> StoredBrief | None:
        return await self.store.chat_brief(chat_id, brief_id)

    @contextlib.asynccontextmanager
    async def _engine_turn(self, progress: Progress) -> AsyncIterator[None]:
        """Holds an engine slot; tells `progress` when the request waits in line and when not.

        "writing" is told while the engine already writes, and waited for only once the slot is
        free again: a slot is the engine's, and a progress report (a message edited in a chat)
        should not keep the next request waiting.
        """

        async def waiting() -> None:
            await progress("waiting")

        told: asyncio.Future[None] | None = None
        try:
            async with self.engine_slots.turn(waiting):
                told = asyncio.ensure_future(progress("writing"))
                yield
        except BaseException:
            if told is not None:
                if told.done() and not told.cancelled():
                    told.exception()  # the request's own failure is the one to report
                told.cancel()
            raise
        # Told before the result goes out, so that a late report cannot follow it.
        await told

    async def ask(
        self,
        chat_id: int,
        brief_id: int,
        question: str,
        *,
        progress: Progress = _no_progress,
        known: StoredBrief | None = None,
    ) -> ChatAnswer | None:
        """Answer from that article only, with the chat's earlier turns; None if not the chat's.

        `known`: that brief as read for this chat already (the brief a reply points at, one of
        the chat's history), so that it is not read again."""
        if known is None or known.brief_id != brief_id:
            known = await self.store.chat_brief(chat_id, brief_id)
        if known is None:
            return None
        history = await self.store.turns(chat_id, brief_id)
        with self._cancelled_on_stop():
            async with self._engine_turn(progress):
                written = await self.engine.answer(known.article, question, history)
            answer = await asyncio.to_thread(ground_answer, written, known.article)
        turn_id: int | None = None
        try:
            turn_id = await self.store.add_turn(chat_id, brief_id, question, answer.answer)
        except StoreError as exc:
            # The answer is worth more than its memory: a full or read-only database only
            # costs the next question this turn as context.
            log.warning("answer given but not remembered for chat %s: %s", chat_id, exc)
        return ChatAnswer(answer, turn_id, known)

    async def question_of_turn(self, chat_id: int, turn_id: int) -> str | None:
        """The question the chat asked in that turn; None when it is not (or no longer) there."""
        return await self.store.turn_question(chat_id, turn_id)

    async def record_pending_delivery(self, chat_id: int, brief_id: int, message_id: int) -> None:
        await self.store.record_pending_delivery(chat_id, brief_id, message_id)

    async def undo_delivery(self, chat_id: int, brief_id: int, message_id: int) -> None:
        await self.store.undo_delivery(chat_id, brief_id, message_id)

    async def adopt_message(
        self, chat_id: int, brief_id: int, message_id: int
    ) -> StoredBrief | None:
        """Record a message of the bot's that carries a stored brief but whose delivery was
        never recorded; None unless the brief reached the chat (its status message is recorded
        as pending before the brief goes out), so a forged reply cannot reach another chat's."""
        if not await self.store.brief_reached_chat(chat_id, brief_id):
            return None
        try:
            await self.store.record_delivery(chat_id, brief_id, [message_id])
        except StoreError:
            return None
        return await self.store.brief_for_message(chat_id, message_id)

    async def brief_for_message(self, chat_id: int, message_id: int) -> StoredBrief | None:
        """The brief a message of this chat carried; None for any other message."""
        return await self.store.brief_for_message(chat_id, message_id)

    async def history(self, chat_id: int, limit: int) -> list[StoredBrief]:
        """The chat's distinct briefs, the latest delivery first."""
        return await self.store.chat_history(chat_id, limit=limit)

    async def forget_chat(self, chat_id: int) -> None:
        """Remove the chat's deliveries, questions and subscription."""
        await self.store.forget_chat(chat_id)

    async def subscriptions(self) -> list[Subscription]:
        return await self.store.subscriptions()

    async def subscription(self, chat_id: int) -> Subscription | None:
        return await self.store.subscription(chat_id)

    async def subscribe(self, chat_id: int, at: dt.time, zone: str, *, quiet: bool) -> None:
        await self.store.set_subscription(chat_id, at, zone, quiet=quiet)

    async def unsubscribe(self, chat_id: int) -> None:
        await self.store.remove_subscription(chat_id)

    async def daily_digest(self, chat_id: int, now: dt.datetime) -> DailyDigest:
        """The chat's stories since its last briefing, each told against what it saw before."""
        last = await self.store.last_briefing_at(chat_id)
        recent = await self.store.chat_briefs_since(chat_id, last or now - FIRST_LOOKBACK)
        recent_ids = {item.brief_id for item in recent}
        # Earlier briefs are those first delivered before the window, even if shown again since.
        history = await self.store.chat_history(chat_id, limit=EARLIER_LIMIT, one_per_story=False)
        earlier = [item for item in history if item.brief_id not in recent_ids]
        return DailyDigest(build_digest(recent, earlier, since=last), last)

    async def mark_briefing_sent(
        self, chat_id: int, at: dt.datetime, *, due_at: dt.datetime | None = None
    ) -> None:
        await self.store.mark_briefing_sent(chat_id, at, due_at=due_at)

    async def claim_due_briefings(self, now: dt.datetime, limit: int) -> list[DueBriefing]:
        """The due briefings this caller alone sends (see `Store.claim_due_briefings`)."""
        return await self.store.claim_due_briefings(now, limit)

    async def briefing_sent(self, chat_id: int, due_at: dt.datetime) -> bool:
        return await self.store.briefing_sent(chat_id, due_at)
