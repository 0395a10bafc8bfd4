"""Turn a SOURCE (a URL, a file, standard input or pasted text) into a cleaned Article."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import BinaryIO

from bot.config import Settings
from bot.errors import SourceError
from bot.ingest.article import build_article
from bot.ingest.charset import decode_bytes
from bot.ingest.extract import extract_page, paragraphs_from_text
from bot.models import Article

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
MAX_FILE_BYTES = 20_000_000

_URL_LIKE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|div|p)\b", re.I | re.S
)
_HEADLINE_MAX = 150


def is_url(source: str) -> bool:
    return bool(_URL_LIKE.match(source.strip()))


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


async def load_source(source: str, settings: Settings, *, stdin: BinaryIO | None = None) -> Article:
    """Dispatch on the kind of SOURCE the command line accepts."""
    if source == "-":
        if stdin is None:
            raise SourceError("no standard input to read")
        return await article_from_bytes(stdin.read(MAX_FILE_BYTES + 1), name="standard input")
    if is_url(source):
        return await article_from_url(source.strip(), settings)
    return await article_from_file(Path(source))


async def article_from_url(url: str, settings: Settings) -> Article:
    from bot.ingest.fetch import fetch_page  # the network stack, only for a URL

    page = await fetch_page(url, settings)
    if page.content_type == "text/plain":
        return await asyncio.to_thread(
            article_from_text, page.text, url=url, final_url=page.final_url
        )
    return await article_from_html(page.text, url=url, final_url=page.final_url)


async def article_from_html(
    html: str, *, url: str | None = None, final_url: str | None = None
) -> Article:
    """Extraction and cleaning run in a worker thread, so the event loop keeps serving chats
    while a large page is read."""
    return await asyncio.to_thread(_article_from_html, html, url, final_url)


def _article_from_html(html: str, url: str | None, final_url: str | None) -> Article:
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


async def article_from_file(path: Path) -> Article:
    data = await asyncio.to_thread(read_source_file, path)
    suffix = path.suffix.lower()
    kind = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
    return await article_from_bytes(data, name=str(path), kind=kind)


def read_source_file(path: Path) -> bytes:
    try:
        if not path.exists():
            raise SourceError(f"no such file: {path}")
        if path.is_dir():
            raise SourceError(f"{path} is a directory, not an article file")
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc


async def article_from_bytes(data: bytes, *, name: str, kind: str | None = None) -> Article:
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"{name} is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    if not data.strip():
        raise SourceError(f"{name} is empty")
    if _is_binary(data):
        raise SourceError(f"{name} is a binary file, not an HTML page or text")
    text, _encoding = decode_bytes(data, None)
    if kind is None:
        kind = "html" if looks_like_html(text) else "text"
    if kind == "html":
        return await article_from_html(text)
    return article_from_text(text)


def _is_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04")):
        return True
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.05


def _is_headline(line: str) -> bool:
    stripped = line.strip()
    return (
        0 < len(stripped) <= _HEADLINE_MAX
        and "\n" not in stripped
        and not stripped.endswith((".", "!", "?", ":", ";", ",", '"', "”", "»"))
    )
