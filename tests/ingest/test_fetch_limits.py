"""fetch_page's limits: read, connect and whole-fetch timeouts, and the cap on a body's size."""

from __future__ import annotations

import asyncio

import pytest

from bot.errors import FetchTimeoutError, TooLargeError
from bot.ingest.fetch import fetch_page
from bot.testing.pages import ENDLESS_CHUNK_LIMIT, PageServer, Route
from tests.ingest.fetching import ARTICLE, loopback_settings, one_line_naming


async def test_a_server_slower_than_the_read_timeout_times_out(page_server: PageServer) -> None:
    url = page_server.add("/slow", Route(body=ARTICLE, stall=True))
    with pytest.raises(FetchTimeoutError) as error:
        await fetch_page(url, loopback_settings(fetch_read_timeout="0.1"))
    assert "timed out" in one_line_naming(error, "127.0.0.1")


async def test_a_trickling_server_hits_the_whole_fetch_deadline(
    page_server: PageServer,
) -> None:
    """Each byte arrives inside the read timeout; the deadline for the whole fetch still ends it."""
    # A byte every 10 ms, ten times within the read timeout; the whole fetch may take 0.5 s.
    url = page_server.add("/trickle", Route(trickle=True, trickle_every=0.01))
    settings = loopback_settings(fetch_connect_timeout="0.1", fetch_read_timeout="0.1")
    with pytest.raises(FetchTimeoutError) as error:
        await fetch_page(url, settings)
    assert "took longer than 0.5 s" in one_line_naming(error, "127.0.0.1")


async def test_a_lookup_slower_than_the_connect_timeout_times_out() -> None:
    async def stalled_resolver(host: str, port: int) -> list[str]:
        await asyncio.sleep(5)
        return ["127.0.0.1"]

    settings = loopback_settings(fetch_connect_timeout="0.1")
    with pytest.raises(FetchTimeoutError) as error:
        await fetch_page("http://slow-dns.example/", settings, resolver=stalled_resolver)
    assert "could not connect" in one_line_naming(error, "slow-dns.example")


async def test_an_endless_body_stops_at_the_cap(page_server: PageServer) -> None:
    url = page_server.add("/endless", Route(endless=True))
    with pytest.raises(TooLargeError) as error:
        await fetch_page(url, loopback_settings(fetch_max_bytes="100000"))
    assert "100 kB" in one_line_naming(error, "127.0.0.1")
    # The server stopped because the client hung up, far from the end of its body.
    assert page_server.bytes_sent < ENDLESS_CHUNK_LIMIT * 16_384 // 4


async def test_a_declared_length_over_the_cap_is_refused(page_server: PageServer) -> None:
    url = page_server.add("/big", Route(body=b"<p>" + b"w" * 300_000 + b"</p>"))
    with pytest.raises(TooLargeError):
        await fetch_page(url, loopback_settings(fetch_max_bytes="100000"))
