"""Building an article: given metadata kept, the content hash, and no article from nothing."""

from __future__ import annotations

import hashlib

import pytest

from bot.errors import EmptyArticleError
from bot.ingest.article import build_article, content_hash


def test_empty_paragraph_list_is_an_empty_article() -> None:
    with pytest.raises(EmptyArticleError):
        build_article(["   ", ""])


def test_given_metadata_is_kept() -> None:
    article = build_article(
        ["The dam at Orvik will be raised by two metres, the water board said on Monday."],
        url="https://example.org/a",
        final_url="https://example.org/a?x=1",
        title="Orvik dam",
        site="Example",
        author="R. Lund",
        published="2024-02-03",
        language="sv",
    )
    assert (article.url, article.final_url, article.title, article.site) == (
        "https://example.org/a",
        "https://example.org/a?x=1",
        "Orvik dam",
        "Example",
    )
    assert (article.author, article.published, article.language) == ("R. Lund", "2024-02-03", "sv")


def test_content_hash_is_sha256_of_the_text_and_ignores_spacing() -> None:
    article = build_article(["First  paragraph of the story.", "Second paragraph, with a quote."])
    expected = hashlib.sha256(
        b"First paragraph of the story. Second paragraph, with a quote."
    ).hexdigest()
    assert article.content_hash == expected
    respaced = build_article(["First paragraph of the story.", " Second paragraph, with a quote. "])
    assert respaced.content_hash == article.content_hash
    assert content_hash("Other text.") != article.content_hash
