"""Shared fixtures. Loopback traffic must never go through a proxy from the environment."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.testing.telegram import TelegramStandIn, running_telegram_stand_in

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _loopback_without_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost,::1")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost,::1")
    # PTB 22 warns about RetryAfter's int form unless this is set; warnings are errors here.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    return


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramStandIn]:
    """The Bot API stand-in, one per test like the application that talks to it."""
    async with running_telegram_stand_in() as stand_in:
        yield stand_in
