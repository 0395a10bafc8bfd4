"""Long polling end to end: every message answered, in order within each chat."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.testing.pages import PageServer
from bot.testing.telegram import TelegramStandIn
from tests.telegram.harness import close_harness, open_harness
from tests.telegram.test_bot_flow import link_update


async def test_messages_during_a_brief_are_all_answered_in_order(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    harness = await open_harness(telegram, pages, tmp_path / "poll.sqlite3")
    gate = harness.engine.gate = asyncio.Event()
    app = harness.app
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    await app.start()
    try:
        chats = [8101, 8102, 8103]
        for chat in chats:
            telegram.queue_update(link_update(harness, pages.url(f"/story/{chat % 5}"), chat))
            telegram.queue_update(telegram.command(chat, "/help"))
            telegram.queue_update(telegram.user_message(chat, "short note"))
            telegram.queue_update(telegram.command(chat, "/history"))
        # Every chat's brief is written at once before any finishes: chats are served side by
        # side, and each chat's later messages wait for its brief.
        try:
            await telegram.wait_for(lambda: harness.engine.running == len(chats))
        finally:
            gate.set()

        def answered() -> bool:
            return all(len(harness.texts(chat)) >= 4 for chat in chats)

        await telegram.wait_for(answered, timeout=15)
        for chat in chats:
            brief, help_text, hint, history = harness.texts(chat)
            assert "Claim ·" in brief
            assert "How to use me" in help_text
            assert "paste the article's full text" in hint
            assert "Recent briefs" in history
        assert harness.engine.briefs == 3
        assert harness.engine.peak == len(chats)
    finally:
        await app.updater.stop()
        await app.stop()
        await close_harness(harness)
