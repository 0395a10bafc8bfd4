"""Assemble the `Article` every engine reads from extracted or pasted paragraphs."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

from bot.errors import EmptyArticleError
from bot.ingest.clean import clean_paragraphs
from bot.ingest.language import guess_language
from bot.models import Article
from bot.text.display import display_safe, has_visible_text

_WHITESPACE = re.compile(r"\s+")


def build_article(
    paragraphs: list[str],
    *,
    url: str | None = None,
    final_url: str | None = None,
    title: str | None = None,
    site: str | None = None,
    author: str | None = None,
    published: str | None = None,
    language: str | None = None,
) -> Article:
    """Clean the paragraphs and record what went; an article with nothing left is an error."""
    result = clean_paragraphs([_normalise_paragraph(p) for p in paragraphs], title=title)
    kept = [paragraph for paragraph in result.paragraphs if paragraph]
    if not any(has_visible_text(paragraph) for paragraph in kept):
        kept = []
    if not kept:
        if result.removed:
            raise EmptyArticleError(
                "the article is empty after cleaning: only boilerplate was found"
            )
        raise EmptyArticleError("the article has no text")
    text = "\n\n".join(kept)
    return Article(
        url=url,
        final_url=final_url,
        title=_shown(title),
        site=_shown(site),
        author=_shown(author),
        published=published,
        language=language or guess_language(text),
        paragraphs=kept,
        text=text,
        content_hash=content_hash(text),
        removed=result.removed,
        removed_counts=dict(Counter(item.reason for item in result.removed)),
    )


def content_hash(text: str) -> str:
    """sha256 of the text with Unicode form and spacing normalised: the cache key of a story.

    The same article pasted twice, or fetched once and pasted once, hashes the same when only
    line breaks or spacing differ; case is kept because quotes must match the text verbatim.
    """
    normalised = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _shown(field: str | None) -> str | None:
    return display_safe(field) if field is not None else None


def _normalise_paragraph(paragraph: str) -> str:
    text = display_safe(unicodedata.normalize("NFC", paragraph))
    return _WHITESPACE.sub(" ", text).strip()
