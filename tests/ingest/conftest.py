"""The loopback page server for the fetcher's tests: real HTTP on 127.0.0.1, one per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.testing.pages import PageServer, serve_pages


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    with serve_pages() as server:
        yield server
