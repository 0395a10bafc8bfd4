"""The engine interface every brief writer implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.models import Answer, Article, Brief, Turn


class Engine(Protocol):
    """Writes briefs and answers questions about one article."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str:
        """Changes whenever the rules or prompts change; part of the brief cache key."""
        ...

    async def brief(self, article: Article) -> Brief: ...

    async def answer(self, article: Article, question: str, history: Sequence[Turn]) -> Answer: ...

    async def aclose(self) -> None:
        """Release what the engine holds open (connections); a no-op where nothing is."""
        ...
