"""`briefbot run` stops promptly on SIGINT and SIGTERM while a page is being read."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.telegram import TelegramStandIn
from tests.test_run_process import CHAT, bot_env, link_message, start_bot

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
# Minutes of extraction once the markup budget is lifted.
SLOW_PAGE = ("<html><body>" + "<p>said</p>" * 90_000 + "</body></html>").encode()


@pytest.fixture
def pages() -> Iterator[PageServer]:
    with serve_pages({"/said": Route(body=SLOW_PAGE)}) as server:
        yield server


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
async def test_a_signal_stops_the_bot_in_the_middle_of_an_extraction(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path, number: signal.Signals
) -> None:
    env = {
        **bot_env(telegram, tmp_path / "run.sqlite3"),
        "PYTHONPATH": str(ROOT),
        "BRIEFBOT_EXTRACT_MAX_TAGS": "10000000",
        "BRIEFBOT_EXTRACT_TIMEOUT": "600",
    }
    process = await start_bot(env, tmp_path)
    try:
        await telegram.wait_for(lambda: bool(telegram.calls_to("setMyCommands")), timeout=30)
        telegram.queue_update(link_message(telegram, pages.url("/said")))
        await telegram.wait_for(
            lambda: any(
                "Fetching the article" in text
                for message in telegram.sent_messages(CHAT)
                for text in [message.visible_text, *message.previous_texts]
            ),
            timeout=30,
        )
        await telegram.wait_for(lambda: "/said" in pages.requests, timeout=30)
        await asyncio.sleep(1.0)  # the worker is now inside trafilatura
        process.send_signal(number)
        code = await asyncio.wait_for(process.wait(), timeout=15)
        stderr = (tmp_path / "stderr.log").read_text(errors="replace")
        assert code == 0, stderr
        assert "Traceback" not in stderr
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
