"""BRIEFBOT_MAX_CONCURRENT_BRIEFS: one cap on engine calls across every chat."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.telegram import messages
from bot.testing.pages import PageServer
from bot.testing.telegram import TelegramStandIn
from tests.telegram.harness import FakeEngine, Harness, close_harness, open_harness
from tests.telegram.test_bot_flow import link_update

CHATS = [8201, 8202, 8203, 8204, 8205]


def in_line(telegram: TelegramStandIn) -> int:
    """Chats whose status message says they wait for an engine slot."""
    return sum(
        any(
            m.visible_text == messages.STAGES["waiting"]
            for m in telegram.sent_messages(chat)
            if not m.deleted
        )
        for chat in CHATS
    )


async def brief_each_chat(harness: Harness[FakeEngine], pages: PageServer) -> None:
    """A link from each chat at once. The engine holds every brief until each chat's brief is
    being written or waits in line for a slot: a cap that let more through shows in the peak."""
    gate = harness.engine.gate = asyncio.Event()
    sends = asyncio.gather(
        *(
            harness.send(link_update(harness, pages.url(f"/story/{n}"), chat))
            for n, chat in enumerate(CHATS)
        )
    )
    try:
        await harness.telegram.wait_for(
            lambda: harness.engine.running + in_line(harness.telegram) == len(CHATS)
        )
    finally:
        gate.set()
        await sends


@pytest.mark.parametrize("cap", [1, 3])
async def test_engine_calls_across_chats_never_exceed_the_cap(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path, cap: int
) -> None:
    harness: Harness[Any] = await open_harness(
        telegram, pages, tmp_path / "cap.sqlite3", BRIEFBOT_MAX_CONCURRENT_BRIEFS=str(cap)
    )
    try:
        await brief_each_chat(harness, pages)
        assert harness.engine.peak == cap
        assert harness.engine.briefs == len(CHATS)
        for n, chat in enumerate(CHATS):
            (brief,) = harness.texts(chat)
            assert f"Spill story {n}" in brief
            assert "Claim ·" in brief
    finally:
        await close_harness(harness)


async def test_chats_in_line_read_a_status_and_type_only_while_written_for(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    harness: Harness[Any] = await open_harness(
        telegram, pages, tmp_path / "line.sqlite3", BRIEFBOT_MAX_CONCURRENT_BRIEFS="1"
    )
    try:
        await brief_each_chat(harness, pages)
        waited = [
            chat
            for chat in CHATS
            if any(
                "Waiting in line" in text
                for message in telegram.sent_messages(chat)
                for text in message.previous_texts
            )
        ]
        assert len(waited) >= len(CHATS) - 1
        typing = [call.params["chat_id"] for call in telegram.calls_to("sendChatAction")]
        # Written one at a time and well within one typing period: one action per chat at most.
        assert sorted(set(typing)) == sorted(typing)
        for chat in CHATS:
            (brief,) = harness.texts(chat)
            assert "Claim · " in brief
    finally:
        await close_harness(harness)
