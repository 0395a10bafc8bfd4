"""fetch_page when nothing answers: a refused connection and a name that does not resolve."""

from __future__ import annotations

import socket

import pytest

from bot.errors import FetchError
from bot.ingest.fetch import fetch_page
from tests.ingest.fetching import (
    RecordingResolver,
    closed_settings,
    loopback_settings,
    one_line_naming,
)


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_refused_connection_is_a_fetch_error() -> None:
    with pytest.raises(FetchError) as error:
        await fetch_page(f"http://127.0.0.1:{unused_port()}/", loopback_settings())
    assert type(error.value) is FetchError
    assert "could not connect to 127.0.0.1" in one_line_naming(error, "127.0.0.1")


async def test_a_name_that_does_not_resolve_is_a_fetch_error() -> None:
    resolver = RecordingResolver()
    with pytest.raises(FetchError) as error:
        await fetch_page("https://nowhere.example/news", closed_settings(), resolver=resolver)
    assert type(error.value) is FetchError
    assert "could not connect to nowhere.example" in one_line_naming(error, "nowhere.example")
    assert resolver.questions == ["nowhere.example"]
