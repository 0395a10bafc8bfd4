"""Reading attributions off a text, as the attribution tests look at them."""

from __future__ import annotations

from bot.engines.offline.attributed import Attribution
from bot.engines.offline.attribution import attribute
from bot.engines.offline.engine import write_brief
from bot.models import Article, Brief
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


def make_article(paragraphs: list[str], title: str = "Harbour dispute") -> Article:
    text = "\n\n".join(paragraphs)
    return Article(title=title, paragraphs=paragraphs, text=text, content_hash="h")


def brief_of(paragraphs: list[str]) -> Brief:
    return write_brief(make_article(paragraphs))


def items(brief: Brief) -> list[tuple[str | None, str]]:
    return [(item.by, item.text) for item in [*brief.claims, *brief.denials, *brief.evidence]]


def speakers(text: str) -> list[str]:
    return [found.speaker for found in attributions(text) if found is not None]


# Lomar, Varga and Quint appear mid-sentence, so the rules know them as names.
NAMES = "Officials in Lomar met Ilse Varga and Edda Quint on Monday."
