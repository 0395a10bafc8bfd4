"""A server that calls binary data a web page: refused at the fetch, never extracted."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.errors import UnsupportedContentError
from bot.ingest.source import article_from_url
from bot.testing.pages import PageServer, Route, serve_pages
from tests.telegram.harness import CHAT, Harness

PAGE = (
    "<html><head><title>Tollbridge fees</title></head><body><article>"
    "<p>The Tollbridge trust raised crossing fees twice in one year, the Marlow Fen district "
    "council said on Thursday, and it wants the trust's accounts opened to the public.</p>"
    "<p>The trust denied that fees had risen faster than its repair costs and said every "
    "increase had been approved by its board of local members.</p>"
    "</article></body></html>"
)


def png() -> bytes:
    pixels = zlib.compress(b"\x00\xff\x00\x00" * 4)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(13) + pixels


BINARIES = {
    "png": (png(), "PNG image"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    "gif": (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(16), "GIF image"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(32), "JPEG image"),
    "zip": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(32), "ZIP archive"),
    "nul": (b"<html><body><p>Tollbridge</p>\x00\x00\x00\x01\x02" + bytes(64), "binary"),
}


@pytest.fixture
def liars() -> Iterator[PageServer]:
    routes = {f"/{name}": Route(body=body) for name, (body, _) in BINARIES.items()}
    routes["/png.txt"] = Route(body=png(), content_type="text/plain; charset=utf-8")
    routes["/xhtml.pdf"] = Route(body=BINARIES["pdf"][0], content_type="application/xhtml+xml")
    routes["/page"] = Route(body=PAGE.encode())
    routes["/utf16"] = Route(body=PAGE.encode("utf-16"), content_type="text/html; charset=utf-16")
    routes["/utf16le"] = Route(
        body=PAGE.encode("utf-16-le"), content_type="text/html; charset=utf-16le"
    )
    with serve_pages(routes) as server:
        yield server


@pytest.fixture
def settings() -> Settings:
    return Settings.from_environ({"BRIEFBOT_FETCH_ALLOW": "127.0.0.1"})


@pytest.mark.parametrize("name", BINARIES)
async def test_binary_served_as_html_is_refused(
    liars: PageServer, settings: Settings, name: str
) -> None:
    with pytest.raises(UnsupportedContentError) as refused:
        await article_from_url(liars.url(f"/{name}"), settings)

    reason = str(refused.value)
    assert reason.startswith("127.0.0.1 sent ")
    assert BINARIES[name][1] in reason
    assert "text/html" in reason
    assert "\n" not in reason


@pytest.mark.parametrize(
    ("path", "declared"), [("/png.txt", "text/plain"), ("/xhtml.pdf", "application/xhtml+xml")]
)
async def test_binary_under_any_readable_type_is_refused(
    liars: PageServer, settings: Settings, path: str, declared: str
) -> None:
    with pytest.raises(UnsupportedContentError, match=re.escape(f"labelled {declared}")):
        await article_from_url(liars.url(path), settings)


@pytest.mark.parametrize("path", ["/page", "/utf16", "/utf16le"])
async def test_real_pages_are_still_read(liars: PageServer, settings: Settings, path: str) -> None:
    article = await article_from_url(liars.url(path), settings)

    assert "The trust denied that fees had risen" in article.text


async def test_the_reader_is_told_why_a_lying_page_was_refused(bot: Harness) -> None:
    with serve_pages({"/chart": Route(body=png())}) as liar:
        url = liar.url("/chart")
        entity = {"type": "url", "offset": 0, "length": len(url)}
        await bot.send(bot.telegram.user_message(CHAT, url, entities=[entity]))

    (reply,) = bot.texts()
    assert reply.startswith("I couldn't fetch that link: 127.0.0.1 sent ")
    assert "PNG image" in reply
    assert bot.engine.briefs == 0
