"""The use cases, free of any transport: the CLI, the bot and the tests all drive these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.engines.base import Engine
from bot.engines.grounding import ground_answer, ground_brief
from bot.models import Answer, Article, Brief, Turn


@dataclass(frozen=True)
class BriefResult:
    article: Article
    brief: Brief


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
    return ground_brief(brief, article)


async def answer_question(
    article: Article, question: str, engine: Engine, history: Sequence[Turn] = ()
) -> Answer:
    answer = await engine.answer(article, question, history)
    return ground_answer(answer, article)
