"""The engine interface every brief writer implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.models import Answer, Article, Brief, Turn


class Engine(Protocol):
    """Writes briefs and answers questions about one article."""

    @property
    def name(self) -> str: ...

    async def brief(self, article: Article) -> Brief: ...

    async def answer(self, article: Article, question: str, history: Sequence[Turn]) -> Answer: ...
