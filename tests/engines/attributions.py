"""Reading attributions off a text, as the attribution tests look at them."""

from __future__ import annotations

from bot.engines.offline.attributed import Attribution
from bot.engines.offline.attribution import attribute
from bot.text.sentences import split_sentences


def attributions(text: str) -> list[Attribution | None]:
    return attribute(text, split_sentences(text))


def only(text: str) -> Attribution:
    found = attributions(text)
    assert len(found) == 1
    assert found[0] is not None
    return found[0]


def content(text: str, found: Attribution) -> str:
    return text[found.content_start : found.content_end]
