"""Pasted articles cleaned end to end: exactly which paragraphs survive, what was removed and
why, and the language guessed."""

from __future__ import annotations

import pytest

from bot.errors import EmptyArticleError
from tests.ingest.pasted_articles import EXPECTED, pasted_article


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pasted_article_keeps_exactly_the_article(name: str) -> None:
    article = pasted_article(name)
    paragraphs, removed = EXPECTED[name]
    assert article.paragraphs == paragraphs
    assert [(item.reason, item.text) for item in article.removed] == removed


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_removed_counts_match_removed(name: str) -> None:
    article = pasted_article(name)
    counts: dict[str, int] = {}
    for reason, _text in EXPECTED[name][1]:
        counts[reason] = counts.get(reason, 0) + 1
    assert article.removed_counts == counts
    assert article.text == "\n\n".join(article.paragraphs)


def test_paywall_article_counts_each_kind_of_noise() -> None:
    article = pasted_article("pasted_paywall_repeat")
    assert article.removed_counts == {
        "paywall": 2,
        "photo_credit": 1,
        "trial_offer": 1,
        "comments": 2,
        "credit": 1,
        "duplicate": 3,
    }
    assert article.title == "Kettle Ford clinic to stay open after late funding deal"


def test_passing_mentions_of_subscriptions_and_comments_stay() -> None:
    article = pasted_article("pasted_passing_mentions")
    assert article.removed == []
    assert (
        "The ministry declined to comment on the subscription figures, which rose 4% last year."
        in article.paragraphs
    )


def test_text_that_is_all_boilerplate_is_an_empty_article() -> None:
    with pytest.raises(EmptyArticleError, match="boilerplate"):
        pasted_article("pasted_all_boilerplate")


def test_languages_are_guessed_for_pasted_text() -> None:
    assert pasted_article("pasted_german").language == "de"
    assert pasted_article("pasted_russian").language == "ru"
    assert pasted_article("pasted_japanese").language == "ja"
    assert pasted_article("pasted_very_short").language == "en"
