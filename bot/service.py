"""The use cases, free of any transport: the CLI, the bot and the tests all drive these."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.config import Settings
from bot.engines.base import Engine
from bot.engines.select import close_engine
from bot.errors import StoreError
from bot.grounding.checks import ground_answer, ground_brief
from bot.ingest.source import article_from_text, article_from_url
from bot.models import Answer, Article, Brief, Turn
from bot.store.sqlite import BriefStore, StoredBrief

log = logging.getLogger(__name__)

Stage = Literal["fetching", "reading", "writing"]
Progress = Callable[[Stage], Awaitable[None]]
Admit = Callable[[bool], Awaitable[None]]
"""Raises to refuse (a rate limit): awaited with False before a page is fetched (a check that
spends nothing) and with True just before the engine writes a brief (which spends one)."""


async def brief_article(article: Article, engine: Engine) -> Brief:
    """Brief one article and ground every quote in its text, whatever engine wrote it."""
    brief = await engine.brief(article)
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
class ChatAnswer:
    """An answer, and the id of the stored turn (None when storage could not keep it)."""

    answer: Answer
    turn_id: int | None


async def _no_progress(stage: Stage) -> None:
    return None


async def _admit_all(charge: bool) -> None:
    return None


class BriefService:
    """Briefs and answers for chats, cached in the store, with a cap on concurrent engine calls."""

    def __init__(
        self, settings: Settings, engine: Engine, store: BriefStore, *, engine_version: str
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.store = store
        self.engine_version = engine_version
        self._engine_slots = asyncio.Semaphore(settings.max_concurrent_briefs)

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
        await admit(False)  # no fetching on behalf of someone who could not get the brief
        await progress("fetching")
        article = await article_from_url(url, self.settings)
        return await self._brief(chat_id, article, refresh=refresh, progress=progress, admit=admit)

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
        return await self._brief(chat_id, article, refresh=False, progress=progress, admit=admit)

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
            chat_id, known.article, refresh=True, progress=progress, admit=admit
        )

    async def _brief(
        self, chat_id: int, article: Article, *, refresh: bool, progress: Progress, admit: Admit
    ) -> ChatBrief:
        await progress("reading")
        article_id = await self.store.save_article(article)
        engine_name = self.engine.name
        if not refresh:
            cached = await self.store.cached_brief(
                article.content_hash, engine_name, self.engine_version
            )
            if cached is not None:
                return ChatBrief(cached.brief_id, article, cached.brief, stored=False)
        # Only a brief the engine has to write counts against a limit; a cached one is free.
        await admit(True)
        await progress("writing")
        async with self._engine_slots:
            brief = await brief_article(article, self.engine)
        # A brief the fallback engine wrote is kept, but never under the key of the engine that
        # failed: the next request should try that engine again.
        version = self.engine_version if brief.engine == engine_name else "fallback"
        brief_id = await self.store.save_brief(article_id, brief, brief.engine, version)
        return ChatBrief(brief_id, article, brief, stored=False)

    async def aclose(self) -> None:
        """Release the engine's connections (the LLM client); the store is closed by its owner."""
        await close_engine(self.engine)

    async def record_delivery(self, chat_id: int, brief_id: int, message_ids: list[int]) -> None:
        await self.store.record_delivery(chat_id, brief_id, message_ids)

    async def chat_brief(self, chat_id: int, brief_id: int) -> StoredBrief | None:
        return await self.store.chat_brief(chat_id, brief_id)

    async def ask(self, chat_id: int, brief_id: int, question: str) -> ChatAnswer | None:
        """Answer from that article only, with the chat's earlier turns; None if not the chat's."""
        known = await self.store.chat_brief(chat_id, brief_id)
        if known is None:
            return None
        history = await self.store.turns(chat_id, brief_id)
        async with self._engine_slots:
            answer = await answer_question(known.article, question, self.engine, history)
        turn_id: int | None = None
        try:
            turn_id = await self.store.add_turn(chat_id, brief_id, question, answer.answer)
        except StoreError as exc:
            # The answer is worth more than its memory: a full or read-only database only
            # costs the next question this turn as context.
            log.warning("answer given but not remembered for chat %s: %s", chat_id, exc)
        return ChatAnswer(answer, turn_id)

    async def question_of_turn(self, chat_id: int, turn_id: int) -> str | None:
        """The question the chat asked in that turn; None when it is not (or no longer) there."""
        return await self.store.turn_question(chat_id, turn_id)
