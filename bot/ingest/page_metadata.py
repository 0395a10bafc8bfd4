"""The metadata an article keeps (title, site, author, date), read by trafilatura's own readers.

trafilatura's `extract_metadata` also looks for categories, tags, a licence and an image, which
nothing here shows; that search was a fifth of the intake's time. The steps kept are the same,
in the same order, so the fields come out as they did. The one step left for last is the search
for an author in the page's body, for pages whose meta tags name none: it prunes the tree it
searches, and trafilatura copies the whole page for it, so `body_author` runs in place once
nothing else needs the tree.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from html import unescape
from typing import Any

from courlan import extract_domain
from htmldate import find_date
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_metainfo,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.utils import line_processing
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

_AUTHOR_MAX_CHARS = 120
"""trafilatura's limit for an author found in the body."""


@dataclass(frozen=True)
class PageMetadata:
    title: str | None
    url: str | None
    site: str | None
    author: str | None
    """From the meta tags; None also when `body_author` is still to look in the body."""
    published: str | None
    author_in_body: bool
    """The meta tags name no author: `body_author` is the next place to look."""


def page_metadata(tree: Any, url: str | None, date_params: dict[str, Any]) -> PageMetadata:
    """As `trafilatura.metadata.extract_metadata`, without the fields no brief shows and without
    the body's author (see `body_author`)."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD reader has bugs of its own
        found = extract_meta_json(tree, found)
    if not found.title:
        found.title = extract_title(tree)
    author_in_body = not found.author
    if not found.url:
        found.url = extract_url(tree, url)
    if found.url:
        found.hostname = extract_domain(found.url, fast=True)
    found.date = find_date(tree, **{**date_params, "url": found.url})
    if not found.sitename:
        found.sitename = extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url:
        match = META_URL.match(found.url)
        if match:
            found.sitename = match[1]
    found.clean_and_trim()
    return PageMetadata(
        title=found.title,
        url=found.url,
        site=found.sitename or found.hostname,
        author=found.author,
        published=found.date,
        author_in_body=author_in_body,
    )


def body_author(tree: Any) -> str | None:
    """trafilatura's `extract_author` on the tree itself rather than a copy: the tree loses the
    comments, dates and figures it prunes, so this is the last thing read from it."""
    pruned = prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS)
    author = extract_metainfo(pruned, AUTHOR_XPATHS, len_limit=_AUTHOR_MAX_CHARS)
    if not author:
        return None
    author = normalize_authors(None, author)
    # trimmed as trafilatura trims every metadata field
    return line_processing(unescape(author)) if author else author
