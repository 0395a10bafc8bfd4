"""Token budget and paragraph-aligned parts, and the wait a server asks for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from bot.engines.llm.chat import retry_after_seconds
from bot.engines.llm.chunking import estimate_tokens, split_into_chunks


def test_short_articles_stay_in_one_part() -> None:
    paragraphs = ["The mill closed.", "Workers protested."]
    assert split_into_chunks(paragraphs, 500) == [paragraphs]


def test_parts_follow_paragraphs_and_respect_the_budget() -> None:
    paragraphs = [
        f"Paragraph {n} tells of the ferry strike in some detail. " * 12 for n in range(9)
    ]
    chunks = split_into_chunks(paragraphs, 500)
    assert len(chunks) > 1
    assert [p for chunk in chunks for p in chunk] == paragraphs
    assert all(sum(estimate_tokens(p) + 1 for p in chunk) <= 500 for chunk in chunks)


def test_a_paragraph_over_the_budget_is_cut_at_sentences() -> None:
    sentence = "The harbour master said the cranes were idle for nine days. "
    paragraph = (sentence * 60).strip()
    chunks = split_into_chunks([paragraph], 500)
    assert len(chunks) >= 2
    pieces = [piece for chunk in chunks for piece in chunk]
    assert all(piece.endswith("days.") for piece in pieces)
    assert " ".join(pieces) == paragraph


def test_retry_after_accepts_seconds_milliseconds_and_dates() -> None:
    assert retry_after_seconds({"retry-after": "7"}) == 7.0
    assert retry_after_seconds({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert retry_after_seconds({}) is None
    assert retry_after_seconds({"retry-after": "soon"}) is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    waited = retry_after_seconds({"retry-after": later})
    assert waited is not None
    assert 20 < waited <= 30
