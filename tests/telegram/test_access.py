"""Who may use the bot, and how much: allow-lists and the per-user rate limit."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from bot.testing.pages import PageServer
from bot.testing.telegram import TelegramStandIn
from bot.testing.telegram_html import utf16_length
from tests.telegram.harness import CHAT, OTHER_CHAT, Harness, close_harness, open_harness
from tests.telegram.test_bot_flow import link_update

NO_ALLOW_LIST = "no allow-list is set: everyone who finds this bot can use it"
GROUP = -100777
READER = 501


def group_link(harness: Harness, url: str, chat: int, user_id: int) -> dict[str, Any]:
    text = f"look: {url}"
    entity = {"type": "url", "offset": 6, "length": utf16_length(url)}
    return harness.telegram.user_message(
        chat, text, user_id=user_id, entities=[entity], chat_type="group"
    )


async def test_chat_allow_list_refuses_other_chats(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    harness = await open_harness(
        telegram, pages, tmp_path / "db.sqlite3", BRIEFBOT_ALLOWED_CHAT_IDS=str(CHAT)
    )
    try:
        await harness.send(link_update(harness, pages.url("/story"), OTHER_CHAT))
        assert harness.texts(OTHER_CHAT) == ["Sorry, this bot is private."]
        await harness.send(harness.telegram.command(OTHER_CHAT, "/history"))
        assert harness.texts(OTHER_CHAT)[-1] == "Sorry, this bot is private."
        refusal = harness.telegram.sent_messages(OTHER_CHAT)[-1]
        await harness.send(
            harness.telegram.callback_query(OTHER_CHAT, refusal.message_id, "show:1")
        )
        (alert,) = harness.telegram.calls_to("answerCallbackQuery")
        assert alert.params.get("text") == "Sorry, this bot is private."
        assert harness.engine.briefs == 0

        await harness.send(link_update(harness, pages.url("/story"), CHAT))
        assert "Claim ·" in harness.texts(CHAT)[-1]
        assert len(harness.texts(OTHER_CHAT)) == 2
    finally:
        await close_harness(harness)


async def test_no_allow_list_is_warned_about_at_build(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.telegram.app"):
        harness = await open_harness(telegram, pages, tmp_path / "open.sqlite3")
    await close_harness(harness)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == [NO_ALLOW_LIST]
    caplog.clear()

    for allow in ({"BRIEFBOT_ALLOWED_CHAT_IDS": "1"}, {"BRIEFBOT_ALLOWED_USER_IDS": "2"}):
        with caplog.at_level(logging.WARNING, logger="bot.telegram.app"):
            harness = await open_harness(telegram, pages, tmp_path / "closed.sqlite3", **allow)
        await close_harness(harness)
        assert NO_ALLOW_LIST not in caplog.text


async def test_every_fetch_spends_the_rate_limit_and_stored_briefs_do_not(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    """A chat's own stored brief costs nothing; every page fetched costs one, even when the
    engine's work is then found in the shared cache."""
    harness = await open_harness(
        telegram, pages, tmp_path / "db.sqlite3", BRIEFBOT_RATE_LIMIT_BRIEFS="3"
    )
    try:
        await harness.send(group_link(harness, pages.url("/story"), CHAT, READER))
        for _ in range(3):  # the chat's own stored brief
            await harness.send(group_link(harness, pages.url("/story"), CHAT, READER))
            assert "Briefed on" in harness.texts(CHAT)[-1]
        # The shared cache: the same article briefed for another chat the reader is in. The
        # engine writes nothing, but the page is fetched again, and every fetch is charged.
        await harness.send(group_link(harness, pages.url("/story"), GROUP, READER))
        assert "The Lakeside Harbor Board hid a diesel spill" in harness.texts(GROUP)[-1]
        assert harness.engine.briefs == 1

        await harness.send(group_link(harness, pages.url("/bridge"), CHAT, READER))
        assert "Vellmoor" in harness.texts(CHAT)[-1]
        assert harness.engine.briefs == 2

        await harness.send(group_link(harness, pages.url("/story/1"), CHAT, READER))
        assert "try again in about 10 minutes" in harness.texts(CHAT)[-1]
        assert harness.engine.briefs == 2
        # Refused before the page is fetched: being over the limit buys no fetching either.
        assert "/story/1" not in pages.requests
        # Over the limit, what is already written is still served.
        await harness.send(group_link(harness, pages.url("/story"), CHAT, READER))
        assert "Briefed on" in harness.texts(CHAT)[-1]
    finally:
        await close_harness(harness)
