"""fetch_page's charsets: legacy encodings read whether the header, a meta tag or detection
names them, a mislabelled header giving way, and UTF-16 without a byte order mark."""

from __future__ import annotations

import pytest

from bot.ingest.fetch import fetch_page
from bot.testing.pages import PageServer, Route
from tests.ingest.fetching import ARTICLE, JAPANESE, RUSSIAN, loopback_settings


def html_page(text: str, encoding: str, head: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{text[:20]}</title></head>"
        f"<body><p>{text}</p></body></html>"
    ).encode(encoding)


CHARSET_CASES: list[tuple[str, str, str]] = [
    (RUSSIAN, "windows-1251", "cp1251"),
    (JAPANESE, "shift_jis", "cp932"),
]


@pytest.mark.parametrize(("text", "encoding", "codec"), CHARSET_CASES)
@pytest.mark.parametrize(
    ("declare_in_header", "meta"),
    [
        (True, ""),
        (False, '<meta charset="{}">'),
        (False, '<meta http-equiv="Content-Type" content="text/html; charset={}">'),
        (False, ""),  # nothing declares it: detection
    ],
    ids=["header", "meta-charset", "meta-http-equiv", "detected"],
)
async def test_legacy_charsets_come_out_readable(
    page_server: PageServer,
    text: str,
    encoding: str,
    codec: str,
    declare_in_header: bool,
    meta: str,
) -> None:
    content_type = f"text/html; charset={encoding}" if declare_in_header else "text/html"
    body = html_page(text, encoding, meta.format(encoding))
    url = page_server.add("/legacy", Route(body=body, content_type=content_type))

    page = await fetch_page(url, loopback_settings())

    assert text in page.text
    assert page.encoding == codec


@pytest.mark.parametrize(("text", "encoding", "codec"), CHARSET_CASES)
async def test_plain_text_without_charset_is_detected(
    page_server: PageServer, text: str, encoding: str, codec: str
) -> None:
    url = page_server.add("/note.txt", Route(body=text.encode(encoding), content_type="text/plain"))
    page = await fetch_page(url, loopback_settings())
    assert page.text == text
    assert page.encoding == codec


async def test_a_header_charset_that_does_not_fit_gives_way(page_server: PageServer) -> None:
    body = html_page(RUSSIAN, "windows-1251", '<meta charset="windows-1251">')
    url = page_server.add("/mislabelled", Route(body=body, content_type="text/html; charset=utf-8"))
    page = await fetch_page(url, loopback_settings())
    assert RUSSIAN in page.text


async def test_a_utf16_page_without_a_bom_is_read_whatever_its_label(
    page_server: PageServer,
) -> None:
    body = ARTICLE.decode().encode("utf-16-le")
    url = page_server.add("/wide", Route(body=body, content_type="text/html; charset=utf-8"))
    page = await fetch_page(url, loopback_settings())
    assert page.encoding == "utf-16-le"
    assert page.text == ARTICLE.decode()
