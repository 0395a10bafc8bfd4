"""Turn a SOURCE (a URL, a file, standard input or pasted text) into a cleaned Article."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from bot.errors import SourceError
from bot.ingest.article import build_article
from bot.ingest.charset import decode_bytes
from bot.ingest.extraction_pool import ExtractionPool
from bot.ingest.local_input import (
    MAX_FILE_BYTES,
    binary_file_message,
    is_binary,
    read_source_file,
    read_standard_input,
    text_bom,
)
from bot.ingest.text_paragraphs import paragraphs_from_text
from bot.models import Article

if TYPE_CHECKING:
    from bot.config import Settings

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})

_URL_LIKE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|div|p)\b", re.I | re.S
)
_HEADLINE_MAX = 150
_HEAVY_TEXT_CHARS = 200_000


def is_url(source: str) -> bool:
    return bool(_URL_LIKE.match(source.strip()))


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


async def load_source(
    source: str,
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    pool: ExtractionPool | None = None,
) -> Article:
    """Dispatch on the kind of SOURCE the command line accepts; without a `pool`, one is opened
    for this source and closed after it."""
    if pool is None:
        own = ExtractionPool.for_one_page(settings)
        try:
            return await load_source(source, settings, stdin=stdin, pool=own)
        finally:
            own.close()
    if not source.strip():
        raise SourceError("the source is empty: give a URL, a file, or - for standard input")
    if source == "-":
        data = await read_standard_input(stdin, settings.stdin_timeout)
        return await article_from_bytes(data, name="standard input", pool=pool)
    if is_url(source):
        return await article_from_url(source.strip(), settings, pool=pool)
    return await article_from_file(Path(source), pool=pool)


async def article_from_url(
    url: str, settings: Settings, *, pool: ExtractionPool | None = None
) -> Article:
    from bot.ingest.fetch import fetch_page  # the network stack, only for a URL

    page = await fetch_page(url, settings)
    if page.content_type == "text/plain":
        return await article_from_plain_text(
            page.text, url=url, final_url=page.final_url, pool=pool
        )
    return await article_from_html(page.text, url=url, final_url=page.final_url, pool=pool)


async def article_from_html(
    html: str,
    *,
    url: str | None = None,
    final_url: str | None = None,
    pool: ExtractionPool | None = None,
) -> Article:
    """Extraction and cleaning run off the event loop: in `pool`'s worker processes, under its
    deadline and markup budget, or else in a thread."""
    if pool is None:
        return await asyncio.to_thread(_article_from_html, html, url, final_url)
    heavy = pool.check_budget(html)
    return await pool.run(_article_from_html, html, url, final_url, heavy=heavy)


async def article_from_plain_text(
    text: str,
    *,
    url: str | None = None,
    final_url: str | None = None,
    pool: ExtractionPool | None = None,
) -> Article:
    if pool is None:
        return await asyncio.to_thread(_article_from_plain_text, text, url, final_url)
    heavy = len(text) > _HEAVY_TEXT_CHARS
    return await pool.run(_article_from_plain_text, text, url, final_url, heavy=heavy)


def _article_from_plain_text(text: str, url: str | None, final_url: str | None) -> Article:
    return article_from_text(text, url=url, final_url=final_url)


def _article_from_html(html: str, url: str | None, final_url: str | None) -> Article:
    # The extraction stack (trafilatura, lxml) is loaded where pages are read: in the extraction
    # workers, whose fork server loads it once, and not in the bot's own process.
    from bot.ingest.extract import extract_page

    extracted = extract_page(html, final_url or url)
    return build_article(
        extracted.paragraphs,
        url=url,
        final_url=final_url,
        title=extracted.title,
        site=extracted.site,
        author=extracted.author,
        published=extracted.published,
        language=extracted.language,
    )


def article_from_text(
    text: str, *, url: str | None = None, final_url: str | None = None, title: str | None = None
) -> Article:
    """Pasted text: a short first line without final punctuation is taken as the headline."""
    paragraphs = paragraphs_from_text(text)
    if title is None and len(paragraphs) > 1 and _is_headline(paragraphs[0]):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    return build_article(paragraphs, url=url, final_url=final_url, title=title)


async def article_from_file(path: Path, *, pool: ExtractionPool | None = None) -> Article:
    data = await asyncio.to_thread(read_source_file, path)
    suffix = path.suffix.lower()
    kind = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
    return await article_from_bytes(data, name=str(path), kind=kind, pool=pool)


async def article_from_bytes(
    data: bytes, *, name: str, kind: str | None = None, pool: ExtractionPool | None = None
) -> Article:
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"{name} is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    bom = text_bom(data)
    if not data.strip() or (bom is not None and not data.decode(bom, "replace").strip()):
        raise SourceError(f"{name} is empty: give the article's page or text")
    if is_binary(data):
        raise SourceError(binary_file_message(name, data))
    text, _encoding = decode_bytes(data, None)
    if kind is None:
        kind = "html" if looks_like_html(text) else "text"
    if kind == "html":
        return await article_from_html(text, pool=pool)
    return await article_from_plain_text(text, pool=pool)


def _is_headline(line: str) -> bool:
    stripped = line.strip()
    return (
        0 < len(stripped) <= _HEADLINE_MAX
        and "\n" not in stripped
        and not stripped.endswith((".", "!", "?", ":", ";", ",", '"', "”", "»"))
    )
