"""Responses a hostile server can send: stacked compression, bombs, bad redirects, odd charsets."""

from __future__ import annotations

import gzip
import struct
import zlib

import pytest

from bot.errors import InvalidURLError, TooLargeError, UnsupportedEncodingError
from bot.ingest.fetch import fetch_page
from bot.testing.pages import PageServer, Route
from tests.ingest.fetching import ARTICLE, loopback_settings


def gzip_of_zeros(megabytes: int) -> bytes:
    """A gzip stream of that many megabytes of zero bytes. One megabyte is compressed, flushed
    so that it stands on its own, and repeated: compressing them all would cost a second of CPU
    for the same bytes."""
    block = bytes(1_000_000)
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    one = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    size = megabytes * len(block)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, no time
    trailer = struct.pack("<II", crc, size % 2**32)
    return header + one * megabytes + packer.flush() + trailer


async def test_a_body_compressed_twice_is_refused_before_inflating(
    page_server: PageServer,
) -> None:
    bomb = gzip.compress(gzip_of_zeros(200))
    url = page_server.add("/bomb", Route(body=bomb, headers={"Content-Encoding": "gzip, gzip"}))
    with pytest.raises(UnsupportedEncodingError) as error:
        await fetch_page(url, loopback_settings())
    assert "compressed 2 times" in str(error.value)


async def test_two_content_encoding_headers_count_as_two_layers(
    page_server: PageServer,
) -> None:
    body = gzip.compress(gzip.compress(ARTICLE))
    url = page_server.add("/twice", Route(body=body, headers={"Content-Encoding": "gzip,gzip"}))
    with pytest.raises(UnsupportedEncodingError):
        await fetch_page(url, loopback_settings())


async def test_one_layer_of_gzip_is_read(page_server: PageServer) -> None:
    body = gzip.compress(ARTICLE)
    url = page_server.add("/gz", Route(body=body, headers={"Content-Encoding": "gzip"}))
    page = await fetch_page(url, loopback_settings())
    assert "Lindqvist Bay" in page.text


async def test_raw_deflate_is_read(page_server: PageServer) -> None:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = packer.compress(ARTICLE) + packer.flush()
    url = page_server.add("/raw", Route(body=body, headers={"Content-Encoding": "deflate"}))
    page = await fetch_page(url, loopback_settings())
    assert "Lindqvist Bay" in page.text


async def test_a_single_layer_bomb_stops_at_the_cap(page_server: PageServer) -> None:
    url = page_server.add(
        "/one", Route(body=gzip_of_zeros(100), headers={"Content-Encoding": "gzip"})
    )
    with pytest.raises(TooLargeError) as error:
        await fetch_page(url, loopback_settings(fetch_max_bytes="100000"))
    assert "larger than 100 kB" in str(error.value)


async def test_an_unknown_coding_is_named(page_server: PageServer) -> None:
    url = page_server.add("/br", Route(body=b"\x8b\x02\x80", headers={"Content-Encoding": "br"}))
    with pytest.raises(UnsupportedEncodingError) as error:
        await fetch_page(url, loopback_settings())
    assert "compressed with br" in str(error.value)


async def test_a_body_that_is_not_gzip_is_refused(page_server: PageServer) -> None:
    url = page_server.add("/bad", Route(body=ARTICLE, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(UnsupportedEncodingError) as error:
        await fetch_page(url, loopback_settings())
    assert "could not be decompressed" in str(error.value)


@pytest.mark.parametrize(
    "location", ["javascript:alert(1)", "data:text/html,x", "http:127.0.0.1:{port}/"]
)
async def test_a_redirect_to_an_unfetchable_address_is_refused(
    page_server: PageServer, location: str
) -> None:
    url = page_server.redirect("/out", location.format(port=page_server.port))
    with pytest.raises(InvalidURLError) as error:
        await fetch_page(url, loopback_settings())
    assert "127.0.0.1" in str(error.value)


@pytest.mark.parametrize(
    ("content_type", "head"),
    [
        ("text/html; charset=punycode", ""),
        ("text/html", '<meta charset="punycode">'),
        ("text/html; charset=unicode_escape", ""),
        ("text/html; charset=utf-7", ""),
    ],
)
async def test_an_exotic_charset_is_read_as_the_bytes_allow(
    page_server: PageServer, content_type: str, head: str
) -> None:
    body = (
        f"<html><head>{head}</head><body><p>Café owners in Gråsjö said the ferry is late "
        "\\u0041 +AGEAYgBj-.</p></body></html>"
    ).encode()
    url = page_server.add("/odd", Route(body=body, content_type=content_type))
    page = await fetch_page(url, loopback_settings())
    assert "Café owners in Gråsjö" in page.text
    assert "\\u0041 +AGEAYgBj-" in page.text


@pytest.mark.parametrize(
    ("content_type", "head"),
    [("text/html; charset=punycode", ""), ("text/html", "<meta charset=punycode>")],
)
async def test_an_ascii_page_labelled_punycode_is_read(
    page_server: PageServer, content_type: str, head: str
) -> None:
    body = f"<html><head>{head}</head><body><p>A well-known ferry.</p></body></html>".encode()
    url = page_server.add("/ascii", Route(body=body, content_type=content_type))
    page = await fetch_page(url, loopback_settings())
    assert "A well-known ferry." in page.text
