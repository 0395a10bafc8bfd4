"""The language model failing in every way at once, as a person in a chat sees it."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.engines.llm.engine import LLMEngine
from bot.engines.offline.engine import OfflineEngine
from bot.testing.openai_server import MODEL, OpenAIStandIn, Reply
from bot.testing.pages import PageServer
from bot.testing.telegram import TelegramStandIn
from tests.fake_sleep import RecordingSleep
from tests.telegram.harness import CHAT, HookedEngine, close_harness, open_harness

API_KEY = "sk-fault-test-key-0123456789"


async def test_rate_limits_then_errors_then_timeouts_give_an_offline_brief_with_a_note(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    async with OpenAIStandIn() as server:
        server.enqueue(
            *[Reply.failure(429, "slow down", retry_after="1")] * 2,
            *[Reply.failure(500, "internal error")] * 2,
            *[Reply.json({"summary": "too late"}).after(2.0)] * 2,
        )
        settings = Settings(
            openai_base_url=server.base_url,
            openai_api_key=API_KEY,
            llm_model=MODEL,
            llm_max_retries=5,
            llm_timeout=0.15,
            _env_file=None,
        )
        sleep = RecordingSleep()
        engine = LLMEngine(settings, OfflineEngine(), sleep=sleep)
        bot = await open_harness(telegram, None, tmp_path / "db.sqlite3", HookedEngine(engine))
        try:
            await bot.send(bot.link(pages.url("/story")))
            await bot.send(bot.link(pages.url("/story")))
        finally:
            await close_harness(bot)

    assert len(server.requests) == 6  # the second link came from the store
    assert sleep.delays == [1.0, 1.0, 4.0, 8.0, 16.0]
    first, again = bot.texts()
    assert (
        "The language model was unavailable (a timeout after 5 retries); "
        "this brief was made by the offline engine." in first
    )
    assert "Claim ·" in first
    assert "Briefed on" in again
    assert API_KEY not in first + again
    assert telegram.token not in first + again

    (stored,) = chat_engines(tmp_path)
    assert stored == "offline"


def chat_engines(tmp_path: Path) -> list[str]:
    """Engines of the chat's briefs, read straight from the database file."""
    import sqlite3

    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        rows = db.execute(
            "SELECT b.engine FROM chat_briefs cb JOIN briefs b ON b.id = cb.brief_id"
            " WHERE cb.chat_id = ?",
            (CHAT,),
        ).fetchall()
    return [str(row[0]) for row in rows]
