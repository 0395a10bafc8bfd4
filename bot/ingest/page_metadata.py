"""The metadata an article keeps (title, site, author, date), read by trafilatura's own readers.

trafilatura's `extract_metadata` also looks for categories, tags, a licence and an image, which
nothing here shows; that search was a fifth of the intake's time. The steps kept are the same,
in the same order, so the fields come out as they did.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from courlan import extract_domain
from htmldate import find_date
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)


@dataclass(frozen=True)
class PageMetadata:
    title: str | None
    url: str | None
    site: str | None
    author: str | None
    published: str | None


def page_metadata(tree: Any, url: str | None, date_params: dict[str, Any]) -> PageMetadata:
    """As `trafilatura.metadata.extract_metadata`, without the fields no brief shows."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD reader has bugs of its own
        found = extract_meta_json(tree, found)
    if not found.title:
        found.title = extract_title(tree)
    if not found.author:
        found.author = extract_author(tree)
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
    )
