"""Main text and metadata of a web page (trafilatura).

trafilatura is run with `favor_precision=True` and without comments: on the evaluation pages
that setting loses almost no article text while keeping far less navigation and promotion, and
cleaning (bot.ingest.clean) handles what it still lets through. Paragraphs come from the XML
tree trafilatura builds, so headings, list items, quotes and table rows stay separate blocks.

The page is parsed once and that tree is handed to trafilatura's extraction sequence, the step
`trafilatura.bare_extraction` runs, without what that wrapper adds and no brief uses: a copy of
the whole tree made before every extraction, and the body's text rendered as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from typing import Any

import lxml.html  # type: ignore[import-untyped]
from lxml import etree
from trafilatura.core import trafilatura_sequence
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from bot.errors import ExtractionError
from bot.ingest.language import guess_language
from bot.ingest.page_metadata import body_author, page_metadata
from bot.ingest.text_paragraphs import normalise_space


@dataclass(frozen=True)
class ExtractedPage:
    """What one HTML page yields before cleaning."""

    title: str | None
    site: str | None
    author: str | None
    published: str | None
    language: str | None
    paragraphs: list[str]


# Without the extensive search a date comes from the page's metadata or URL, not from a
# copyright line in the footer ("© 2024" would otherwise become 2024-01-01).
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def extract_page(html: str, url: str | None = None) -> ExtractedPage:
    """Extract the article body and metadata; CPU-bound, so async callers use the wrapper."""
    if not html or not html.strip():
        raise ExtractionError("the page is empty")
    # One parse, as trafilatura parses: hidden elements go from that tree, the metadata is read
    # from it, and trafilatura extracts the body from it instead of parsing again. Extraction
    # prunes the tree it reads, so it reads a copy only when an author named in the body is
    # still to be looked for in the tree itself, last.
    try:
        tree = load_html(html)
        if tree is None:  # not HTML at all, as trafilatura judges it
            raise ExtractionError("no article text was found in the page")
        drop_hidden_in_tree(tree)
        metadata = page_metadata(tree, url, _DATE_PARAMS)
        body = _article_body(copy(tree) if metadata.author_in_body else tree, url or metadata.url)
        paragraphs = list(_paragraphs_of_body(body)) if body is not None else []
        if not paragraphs:
            raise ExtractionError("no article text was found in the page")
        author = body_author(tree) if metadata.author_in_body else metadata.author
    except (ValueError, TypeError) as exc:  # malformed markup trafilatura cannot parse
        raise ExtractionError("the page could not be parsed as HTML") from exc
    return ExtractedPage(
        title=_clean_field(metadata.title),
        site=_clean_field(metadata.site),
        author=_clean_field(author),
        published=_clean_field(metadata.published),
        language=html_language(html) or guess_language(" ".join(paragraphs[:20])),
        paragraphs=paragraphs,
    )


def _article_body(tree: Any, url: str | None) -> Any:
    """trafilatura's body of the page as `trafilatura.bare_extraction(tree, url=url,
    favor_precision=True, include_comments=False, include_tables=True)` finds it, reading (and
    pruning) `tree` itself; None when the text is shorter than trafilatura keeps."""
    options = Extractor(precision=True, comments=False, tables=True, url=url)
    _drop_unread(tree)
    try:
        body, text, _, _ = trafilatura_sequence(tree, options, options.url)
    except (TypeError, ValueError):  # what bare_extraction reports as nothing found
        return None
    return body if len(text) >= options.min_output_size else None


_UNREAD = etree.XPath("//style | //meta | //link | //script[not(@type = 'application/ld+json')]")


def _drop_unread(tree: Any) -> None:
    """Style sheets, meta and link tags and scripts other than the JSON-LD trafilatura looks
    at: every step of its extraction drops them or reads past them (no text of theirs is ever
    kept), yet each of its tree-wide searches tests them, on the page and on its copies."""
    for element in _UNREAD(tree):
        element.drop_tree()  # keeps the tail, as trafilatura does


# --- text no reader sees ----------------------------------------------------------------------

_HIDING_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)"
    r"|opacity\s*:\s*0*(?:\.0+)?\s*(?:!\s*important\s*)?(?:;|$)"
    r"|font-size\s*:\s*0+(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:!\s*important\s*)?(?:;|$))",
    re.IGNORECASE,
)
_HIDING_HINTS = ("hidden", "template", "display", "opacity", "font-size")
_MAY_HIDE = etree.XPath("//template | //*[@hidden] | //*[@style]")


def _may_hide(html: str) -> bool:
    lowered = html.lower()
    return any(hint in lowered for hint in _HIDING_HINTS)


def drop_hidden_elements(html: str) -> str:
    """Remove what a browser never shows: the `hidden` attribute, inline styles that hide, and
    `<template>`. Such text is where instructions aimed at a language model are planted, and
    trafilatura keeps some of it. (It drops comments itself.) Rules in style sheets are not
    evaluated. A page with nothing hidden is returned unchanged."""
    if not _may_hide(html):
        return html
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return html
    if not drop_hidden_in_tree(tree):
        return html
    return str(lxml.html.tostring(tree, encoding="unicode"))


def drop_hidden_in_tree(tree: Any) -> bool:
    """`drop_hidden_elements` on a parsed page, in place; True when something was dropped."""
    doomed = [element for element in _MAY_HIDE(tree) if _is_hidden(element)]
    for element in doomed:
        element.drop_tree()  # keeps the tail: the text after the element is visible
    return bool(doomed)


def _is_hidden(element: Any) -> bool:
    if element.tag == "template":
        return True
    hidden = element.get("hidden")
    if hidden is not None and hidden.strip().lower() != "until-found":
        return True
    return bool(_HIDING_STYLE.search(element.get("style") or ""))


# --- paragraphs from trafilatura's XML tree --------------------------------------------------

_BLOCK_TAGS = frozenset({"p", "head", "quote", "list", "item", "table", "row", "div", "code"})


def _paragraphs_of_body(body: Any) -> Iterator[str]:
    for element in body:
        yield from _paragraphs_of_block(element)


def _paragraphs_of_block(element: Any) -> Iterator[str]:
    tag = element.tag
    if tag == "row":
        cells = [normalise_space(" ".join(cell.itertext())) for cell in element]
        line = " | ".join(cell for cell in cells if cell)
        if line:
            yield line
        return
    if tag in {"list", "table", "div"} or (
        tag == "quote" and any(child.tag in _BLOCK_TAGS for child in element)
    ):
        lead = normalise_space(element.text or "")
        if lead:
            yield lead
        for child in element:
            if child.tag in _BLOCK_TAGS:
                yield from _paragraphs_of_block(child)
            else:
                yield from _lines_of_inline(child, with_tail=True)
        return
    yield from _lines_of_inline(element, with_tail=False)
    tail = normalise_space(element.tail or "")
    if tail:
        yield tail


def _lines_of_inline(element: Any, *, with_tail: bool) -> Iterator[str]:
    """Text of one block; a line break (`lb`) ends a paragraph, as `<br><br>` pages intend."""
    parts: list[str] = []
    nested: list[Any] = []

    def walk(node: Any, include_tail: bool) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.tag in _BLOCK_TAGS and node is not element:
            parts.append("\n")
            nested.append(node)
            parts.append("\x00")
            parts.append("\n")
        else:
            parts.append(node.text or "")
            for child in node:
                walk(child, True)
        if include_tail:
            parts.append(node.tail or "")

    walk(element, with_tail)
    text = "".join(parts)
    pending = iter(nested)
    for raw in text.split("\n"):
        if raw == "\x00":
            yield from _paragraphs_of_block(next(pending))
            continue
        line = normalise_space(raw)
        if line:
            yield line


def _clean_field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = normalise_space(value)
    return text or None


# --- language ---------------------------------------------------------------------------------

_HTML_LANG = re.compile(
    r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I
)
_META_LANG = re.compile(
    r"<meta\b[^>]*?(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']?og:locale)"
    r"[^>]*?content\s*=\s*[\"']?\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?",
    re.I,
)


def html_language(html: str) -> str | None:
    """The language the page declares on `<html lang>` or in a content-language meta tag."""
    head = html[:20_000]
    for pattern in (_HTML_LANG, _META_LANG):
        match = pattern.search(head)
        if match:
            return match.group(1).lower()
    return None
