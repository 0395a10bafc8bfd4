"""Fetch one web page for briefing: guarded, bounded, decoded.

Redirects are followed here, hop by hop, so that every hop's URL is validated and every hop's
connection goes through the SSRF guard (`guarded_network`). The body is streamed and reading
stops at the size cap. Every failure becomes one of `bot.errors`' fetch errors with a one-line
message that names the host.
"""

from __future__ import annotations

import asyncio
import email.utils
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from bot.config import Settings
from bot.errors import (
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    RedirectError,
    TooLargeError,
    UnsupportedContentError,
)
from bot.ingest.address_policy import AddressPolicy
from bot.ingest.charset import charset_from_content_type, decode_bytes, utf16_without_bom
from bot.ingest.decoding import ACCEPT_ENCODING, decoded_body
from bot.ingest.guarded_network import GuardedTransport, Resolver
from bot.ingest.local_input import known_format

__all__ = ["FetchedPage", "Resolver", "fetch_page"]

READABLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DRAIN_LIMIT = 65_536
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
# A server that trickles one byte just inside each read timeout would otherwise hold a fetch for
# hours; the whole fetch gets the connect timeout plus a few read timeouts.
_READ_TIMEOUTS_PER_FETCH = 4
_LONGEST_RETRY_SHOWN = 86_400  # a longer wait asked for is shown as "a few minutes"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|title|meta|article|div|p)\b",
    re.I | re.S,
)


@dataclass(frozen=True)
class FetchedPage:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str  # e.g. "text/html"
    text: str  # decoded body
    encoding: str  # the charset used


async def fetch_page(
    url: str, settings: Settings, *, resolver: Resolver | None = None
) -> FetchedPage:
    """Fetch `url`, following at most `settings.fetch_max_redirects` redirects."""
    policy = AddressPolicy.from_allow_list(settings.fetch_allow)
    current = validated_url(url, policy)
    timeout = httpx.Timeout(
        connect=settings.fetch_connect_timeout,
        read=settings.fetch_read_timeout,
        write=settings.fetch_read_timeout,
        pool=settings.fetch_connect_timeout,
    )
    deadline = (
        settings.fetch_connect_timeout + _READ_TIMEOUTS_PER_FETCH * settings.fetch_read_timeout
    )
    client = httpx.AsyncClient(
        transport=GuardedTransport(policy, resolver),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        headers={
            "User-Agent": settings.fetch_user_agent,
            "Accept": _ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
        },
    )
    try:
        async with client, asyncio.timeout(deadline):
            return await _follow(client, url, current, settings, policy)
    except TimeoutError as exc:
        raise FetchTimeoutError(
            f"{_host(current)} timed out: the page took longer than {deadline:g} s to arrive"
        ) from exc


async def _follow(
    client: httpx.AsyncClient,
    requested: str,
    current: httpx.URL,
    settings: Settings,
    policy: AddressPolicy,
) -> FetchedPage:
    seen = {_without_fragment(current)}
    redirects = 0
    while True:
        with _transport_errors(current, settings):
            async with client.stream("GET", current) as response:
                target = _redirect_target(response, policy)
                if target is None:
                    return await _read_page(response, requested, settings)
                await _drain(response)
        redirects += 1
        if redirects > settings.fetch_max_redirects:
            raise RedirectError(
                f"{_host(current)} redirected more than {settings.fetch_max_redirects} times"
            )
        if _without_fragment(target) in seen:
            raise RedirectError(f"{_host(current)} redirects in a loop")
        seen.add(_without_fragment(target))
        current = target


async def _drain(response: httpx.Response) -> None:
    """Read a short redirect body to its end so the connection can carry the next hop."""
    received = 0
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > _DRAIN_LIMIT:
            return


def _redirect_target(response: httpx.Response, policy: AddressPolicy) -> httpx.URL | None:
    location = response.headers.get("location")
    if response.status_code not in _REDIRECT_STATUSES or not location:
        return None
    try:
        joined = response.url.join(location)
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise InvalidURLError(
            f"{_host(response.url)} redirects to an invalid address: {location[:100]}"
        ) from exc
    return validated_url(str(joined), policy)


async def _read_page(response: httpx.Response, requested: str, settings: Settings) -> FetchedPage:
    host = _host(response.url)
    if response.status_code >= 300:
        reason = f" {response.reason_phrase}" if response.reason_phrase else ""
        advice = _status_advice(response.status_code, response.headers.get("retry-after", ""))
        raise HTTPStatusError(
            f"{host} answered {response.status_code}{reason}: {advice}", response.status_code
        )
    header = response.headers.get("content-type", "")
    media_type = header.split(";", 1)[0].strip().lower()
    if media_type and media_type not in READABLE_TYPES:
        raise UnsupportedContentError(
            f"{host} sent {media_type}, not a web page (only HTML, XHTML and plain text are read)"
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.fetch_max_bytes:
        raise TooLargeError(f"the page at {host} is larger than {_size(settings.fetch_max_bytes)}")
    data = await decoded_body(
        response.aiter_raw(),
        response.headers.get("content-encoding", ""),
        limit=settings.fetch_max_bytes,
        host=host,
        shown_limit=_size(settings.fetch_max_bytes),
    )
    charset = charset_from_content_type(header)
    binary = _binary_kind(data, charset)
    if binary is not None:
        label = f"labelled {media_type}" if media_type else "without a content type"
        raise UnsupportedContentError(f"{host} sent {binary} {label}, not a web page")
    text, encoding = decode_bytes(data, charset)
    if not media_type:
        media_type = _sniffed_type(data, text, host)
    return FetchedPage(
        url=requested,
        final_url=str(response.url),
        status=response.status_code,
        content_type=media_type,
        text=text,
        encoding=encoding,
    )


def _status_advice(status: int, retry_after: str) -> str:
    """What a person can do about an error status, with the wait a server asked for."""
    if status in (429, 503):
        wait = _retry_wait(retry_after)
        return f"try again in {wait}" if wait else "try again in a few minutes"
    if status in (404, 410):
        return "check the link; the page may have moved or been removed"
    if status in (401, 402, 403, 407, 451):
        return "the page is not open to briefbot; paste the article's text instead"
    if status >= 500:
        return "the site has a problem; try again later"
    if status < 400:
        return "the site sent a redirect without a usable address; try the page's own link"
    return "check the link"


def _retry_wait(value: str) -> str | None:
    """A Retry-After header (seconds or an HTTP date) as a wait for a person, or None."""
    value = value.strip()
    if value.isdigit():
        seconds = int(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        seconds = int((when - datetime.now(UTC)).total_seconds())
    if seconds <= 0 or seconds > _LONGEST_RETRY_SHOWN:
        return None
    if seconds < 120:
        return f"{seconds} s"
    return f"{round(seconds / 60)} minutes"


def _binary_kind(body: bytes, charset: str | None) -> str | None:
    """What the body is when it clearly is no text, whatever the Content-Type header says:
    servers label images and downloads text/html, and extraction would find nothing in them."""
    head = body[:8192]
    kind = known_format(head)
    if kind is not None:
        return kind
    wide = (
        head.startswith(_UTF16_BOMS)
        or (charset or "").lower().startswith(("utf-16", "utf-32"))
        or utf16_without_bom(head) is not None
    )
    return "binary data" if b"\x00" in head and not wide else None


def _sniffed_type(body: bytes, text: str, host: str) -> str:
    """A page without a Content-Type is read when it looks like HTML or like plain text."""
    if _HTML_START.match(text[:4096]) or "<html" in text[:1024].lower():
        return "text/html"
    head = body[:4096]
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\x00" not in head and controls <= len(head) // 100:
        return "text/plain"
    raise UnsupportedContentError(f"{host} sent no content type and the body is not a web page")


def validated_url(url: str, policy: AddressPolicy) -> httpx.URL:
    """Check a URL before any connection: scheme, credentials, host, and forbidden IP literals."""
    text = url.strip()
    shown = text[:100] or "an empty link"
    try:
        parts = urlsplit(text)
        host = parts.hostname
        has_credentials = parts.username is not None or parts.password is not None
        _ = parts.port
    except ValueError as exc:
        raise InvalidURLError(f"not a valid web address: {shown}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if not scheme or "://" not in text:
            raise InvalidURLError(f"not a valid web address: {shown}")
        raise InvalidURLError(f"only http and https links can be fetched, not {scheme}: {shown}")
    if not host:
        raise InvalidURLError(f"the link has no host name: {shown}")
    if has_credentials:
        raise InvalidURLError(f"links with a user name or password are not fetched: {host}")
    policy.check_host_literal(host)
    try:
        parsed = httpx.URL(text)
        has_host = bool(parsed.host)  # decodes IDNA, as httpx does for the Host header
    except (httpx.InvalidURL, UnicodeError) as exc:  # a bad IDNA label is a UnicodeError
        raise InvalidURLError(f"not a valid web address: {shown}") from exc
    if not has_host:
        raise InvalidURLError(f"the link has no host name: {shown}")
    return parsed


@contextmanager
def _transport_errors(url: httpx.URL, settings: Settings) -> Iterator[None]:
    """Turn httpx's transport errors into briefbot's, naming the host of the hop that failed."""
    host = _host(url)
    try:
        yield
    except (httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        message = (
            f"could not connect to {host}: timed out after {settings.fetch_connect_timeout:g} s"
        )
        raise FetchTimeoutError(message) from exc
    except httpx.TimeoutException as exc:
        message = f"{host} timed out: no answer within {settings.fetch_read_timeout:g} s"
        raise FetchTimeoutError(message) from exc
    except httpx.ConnectError as exc:
        raise FetchError(f"could not connect to {host}") from exc
    except httpx.DecodingError as exc:
        raise FetchError(f"{host} sent a body that could not be decompressed") from exc
    except httpx.RemoteProtocolError as exc:  # also a Location header that is no URL
        raise FetchError(f"{host} sent a malformed response") from exc
    except httpx.InvalidURL as exc:  # httpx builds the next request of every redirect it sees
        raise InvalidURLError(f"{host} redirects to an address that cannot be fetched") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"the connection to {host} failed before the page arrived") from exc


def _host(url: httpx.URL) -> str:
    try:
        return url.host or str(url)[:100]
    except UnicodeError:  # an IDNA label httpx cannot decode for display
        return url.raw_host.decode("ascii", "replace")


def _without_fragment(url: httpx.URL) -> str:
    return str(url.copy_with(fragment=None))


def _size(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    if limit >= 1_000:
        return f"{limit / 1_000:g} kB"
    return f"{limit} bytes"
