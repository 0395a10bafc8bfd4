"""fetch_page's guard against unusable URLs and forbidden addresses (SSRF): refused before any
lookup, after the lookup, or at a redirect; the checked address is the one connected to; the
allow list lets named hosts and ranges through."""

from __future__ import annotations

import pytest

from bot.errors import FetchError, InvalidURLError, RefusedAddressError
from bot.ingest.fetch import fetch_page
from bot.testing.pages import PageServer, Route
from tests.ingest.fetching import (
    ARTICLE,
    RecordingResolver,
    closed_settings,
    loopback_settings,
    one_line_naming,
)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a link",
        "ftp://files.example/report.html",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://",
        "http:///path-only",
        "https://reader:secret@news.example/story",
        "https://reader@news.example/story",
        "http://news.example:99999/",
    ],
)
async def test_unusable_urls_are_refused_before_any_lookup(url: str) -> None:
    resolver = RecordingResolver()
    with pytest.raises(InvalidURLError) as error:
        await fetch_page(url, closed_settings(), resolver=resolver)
    assert "\n" not in str(error.value)
    assert resolver.questions == []


# --- SSRF guard -------------------------------------------------------------------------------

FORBIDDEN_LITERALS = [
    "http://127.0.0.1/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://127.1/",
    "http://0177.0.0.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::1]/",
    "http://0.0.0.0/",
    "http://0/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[2002:c0a8:101::1]/",
    "https://127.0.0.1.:8443/",
]


@pytest.mark.parametrize("url", FORBIDDEN_LITERALS)
async def test_forbidden_addresses_are_refused_without_an_allow_list(url: str) -> None:
    loopback = [["127.0.0.1", "::1"]]
    resolver = RecordingResolver({"localhost": loopback, "localhost.": loopback})
    with pytest.raises(RefusedAddressError) as error:
        await fetch_page(url, closed_settings(), resolver=resolver)
    assert "refusing to fetch" in str(error.value)
    assert "\n" not in str(error.value)


async def test_a_name_resolving_to_a_forbidden_address_is_refused() -> None:
    resolver = RecordingResolver({"intranet.example": [["93.184.215.14", "127.0.0.7"]]})
    with pytest.raises(RefusedAddressError) as error:
        await fetch_page("http://intranet.example/wiki", closed_settings(), resolver=resolver)
    assert "intranet.example (127.0.0.7)" in one_line_naming(error, "intranet.example")
    assert resolver.questions == ["intranet.example"]


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/inside",
        "http://[::1]:{port}/inside",
        "http://0x7f.0.0.3:{port}/inside",
        "http://2130706434:{port}/inside",
        "http://metadata.example:{port}/inside",
        "gopher://127.0.0.1:{port}/inside",
        "http://reader:secret@127.0.0.1:{port}/inside",
    ],
)
async def test_a_redirect_to_a_forbidden_address_is_refused(
    page_server: PageServer, target: str
) -> None:
    resolver = RecordingResolver({"metadata.example": [["127.0.0.9"]]})
    page_server.add("/inside", Route(body=ARTICLE))
    url = page_server.redirect("/out", target.format(port=page_server.port))
    with pytest.raises((RefusedAddressError, InvalidURLError)):
        await fetch_page(url, loopback_settings(), resolver=resolver)
    assert page_server.requests == ["/out"]


async def test_a_malformed_redirect_is_a_fetch_error(page_server: PageServer) -> None:
    url = page_server.redirect("/out", "http://[::1/inside")
    with pytest.raises(FetchError) as error:
        await fetch_page(url, loopback_settings())
    assert "malformed" in one_line_naming(error, "127.0.0.1")


async def test_the_checked_address_is_the_one_connected_to(page_server: PageServer) -> None:
    """The name is looked up once; the socket goes to that answer, not to a second lookup that a
    rebinding DNS server could answer differently. `news.example` exists only in the fake."""
    page_server.add("/story", Route(body=ARTICLE))
    resolver = RecordingResolver({"news.example": [["127.0.0.1"], ["127.0.0.2"]]})
    url = page_server.url("/story", host="news.example")

    page = await fetch_page(url, loopback_settings(), resolver=resolver)

    assert page.final_url == url
    assert "every forty minutes" in page.text
    assert resolver.questions == ["news.example"]


async def test_a_redirect_on_the_same_host_reuses_the_checked_connection(
    page_server: PageServer,
) -> None:
    page_server.add("/story", Route(body=ARTICLE))
    page_server.redirect("/start", "/story")
    resolver = RecordingResolver({"news.example": [["127.0.0.1"], ["127.0.0.2"]]})

    page = await fetch_page(
        page_server.url("/start", host="news.example"), loopback_settings(), resolver=resolver
    )

    assert page.final_url == page_server.url("/story", host="news.example")
    assert resolver.questions == ["news.example"]


@pytest.mark.parametrize(
    ("allow", "host"),
    [
        ("127.0.0.0/8", "127.0.0.1"),
        ("localhost", "localhost"),
        ("10.0.0.0/8, 127.0.0.1", "127.0.0.1"),
        ("::ffff:127.0.0.1", "[::ffff:127.0.0.1]"),
    ],
)
async def test_the_allow_list_lets_named_hosts_and_ranges_through(
    page_server: PageServer, allow: str, host: str
) -> None:
    page_server.add("/story", Route(body=ARTICLE))
    resolver = RecordingResolver({"localhost": [["::1", "127.0.0.1"]]})
    settings = closed_settings(fetch_allow=allow)

    page = await fetch_page(page_server.url("/story", host=host), settings, resolver=resolver)

    assert "every forty minutes" in page.text
