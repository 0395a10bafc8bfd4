"""Which of a chat's stories a question is about: BM25 over the stories' titles and texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.qa.retrieval import Ranker, build_query, terms

CLOSE = 0.8
"""A runner-up scoring at least this share of the best is "about equally" good."""


@dataclass(frozen=True)
class StoryPick:
    best: int
    """Index of the story to answer about (the first, the latest, when nothing matches)."""
    unsure: bool
    """True when another story matches about as well, or none matches at all."""


def pick_story(question: str, stories: Sequence[str]) -> StoryPick:
    if len(stories) <= 1:
        return StoryPick(0, False)
    scores = Ranker([terms(text) for text in stories]).scores(build_query(question))
    order = sorted(range(len(stories)), key=lambda index: (-scores[index], index))
    best, runner_up = scores[order[0]], scores[order[1]]
    return StoryPick(order[0], best <= 0 or runner_up >= CLOSE * best)
