"""fetch_page's content types: HTML, XHTML and plain text accepted, anything else refused, and a
page without a type sniffed."""

from __future__ import annotations

import pytest

from bot.errors import UnsupportedContentError
from bot.ingest.fetch import fetch_page
from bot.testing.pages import PageServer, Route
from tests.ingest.fetching import ARTICLE, RUSSIAN, loopback_settings, one_line_naming


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("application/json", b'{"headline": "not a page"}'),
        ("application/octet-stream", b"\x00\x01\x02\x03"),
    ],
)
async def test_other_content_types_are_refused(
    page_server: PageServer, content_type: str, body: bytes
) -> None:
    url = page_server.add("/file", Route(body=body, content_type=content_type))
    with pytest.raises(UnsupportedContentError) as error:
        await fetch_page(url, loopback_settings())
    assert content_type in one_line_naming(error, "127.0.0.1")


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/xhtml+xml; charset=utf-8", "application/xhtml+xml"),
        ("text/plain; charset=utf-8", "text/plain"),
        ("TEXT/HTML", "text/html"),
    ],
)
async def test_xhtml_and_plain_text_are_accepted(
    page_server: PageServer, content_type: str, expected: str
) -> None:
    url = page_server.add("/doc", Route(body=ARTICLE, content_type=content_type))
    page = await fetch_page(url, loopback_settings())
    assert page.content_type == expected
    assert "every forty minutes" in page.text


async def test_a_page_without_content_type_is_sniffed(page_server: PageServer) -> None:
    html_url = page_server.add("/bare.html", Route(body=ARTICLE, content_type=None))
    png_url = page_server.add(
        "/bare.png", Route(body=b"\x89PNG\r\n\x1a\n" + bytes(64), content_type=None)
    )
    settings = loopback_settings()

    text_url = page_server.add("/bare.txt", Route(body=RUSSIAN.encode("cp1251"), content_type=None))

    page = await fetch_page(html_url, settings)
    assert page.content_type == "text/html"
    page = await fetch_page(text_url, settings)
    assert page.content_type == "text/plain"
    assert page.text == RUSSIAN
    with pytest.raises(UnsupportedContentError):
        await fetch_page(png_url, settings)
