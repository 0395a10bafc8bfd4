"""The bot harness for fault tests: the stand-in Bot API and a FakeEngine, or any engine wrapped in
a HookedEngine by the test that opens its own."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.telegram import TelegramStandIn
from tests.telegram.harness import (
    SECOND_STORY,
    STORY,
    Harness,
    close_harness,
    open_harness,
    story_page,
)


@pytest.fixture
def pages() -> Iterator[PageServer]:
    routes = {
        "/story": Route(body=story_page("Harbor board accused of hiding spill", STORY)),
        "/second": Route(body=story_page("Second look at the harbor spill", SECOND_STORY)),
    }
    with serve_pages(routes) as server:
        yield server


@pytest.fixture
async def bot(telegram: TelegramStandIn, tmp_path: Path) -> AsyncIterator[Harness[Any]]:
    opened = await open_harness(telegram, None, tmp_path / "faults.sqlite3")
    yield opened
    await close_harness(opened)
