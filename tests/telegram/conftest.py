"""The bot harness for the Telegram tests: the stand-in Bot API, the story pages, a FakeEngine."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.testing.pages import PageServer, serve_pages
from bot.testing.telegram import TelegramStandIn
from tests.telegram.harness import Harness, close_harness, open_harness, story_routes


@pytest.fixture
def pages() -> Iterator[PageServer]:
    with serve_pages(story_routes()) as server:
        yield server


@pytest.fixture
async def bot(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> AsyncIterator[Harness[Any]]:
    harness = await open_harness(telegram, pages, tmp_path / "bot.sqlite3")
    yield harness
    await close_harness(harness)
