"""One spelling per page, so that a link sent again finds the brief made for it."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url


def canonical_url(url: str) -> str:
    """courlan's normal form (case, default ports, tracking parameters, sorted query), without
    the fragment and the trailing slash, which never name another page."""
    stripped = url.strip()
    try:
        normal = normalize_url(stripped, strict=False)
    except ValueError:
        normal = stripped
    parts = urlsplit(normal)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), parts.query, ""))
