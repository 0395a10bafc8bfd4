"""`briefbot run` killed with SIGKILL while it writes briefs, then started again on the same file.

SQLite's journal must leave a database that opens cleanly, and every brief a chat was shown must
still be in it: the brief ids behind the keyboards exist, and a reply to a brief the first
process sent is answered by the second.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.telegram import TelegramStandIn
from bot.testing.telegram_html import utf16_length

pytestmark = pytest.mark.slow

CHATS = (9201, 9202, 9203)
LINKS_PER_CHAT = 3
TOWNS = ("Orvik", "Saltby", "Kessel", "Dunmere", "Harrowgate", "Lintel", "Brackwater", "Osse")


def story(number: int) -> bytes:
    town = TOWNS[number % len(TOWNS)]
    title = f"{town} mayor accused over bridge contract {number}"
    paragraphs = [
        f"The mayor of {town}, Elin Varga, steered a bridge contract worth {number + 2} million "
        f"crowns to her brother's firm, the opposition leader Piet Lomond said on Monday.",
        'Varga denied the accusation. "The tender was open and the best offer won," she said.',
        f"Council minutes from meeting {number * 11} show the contract was approved without a "
        f"second bid, according to documents seen by the {town} Courier.",
        f"Two council staff members, speaking anonymously, said the tender notice was posted "
        f"for only {number + 1} days.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
        "</article></body></html>"
    ).encode()


@pytest.fixture
def pages() -> Iterator[PageServer]:
    routes = {f"/story{n}": Route(body=story(n)) for n in range(len(CHATS) * LINKS_PER_CHAT + 1)}
    with serve_pages(routes) as server:
        yield server


async def start_bot(telegram: TelegramStandIn, db: Path, home: Path) -> asyncio.subprocess.Process:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "NO_PROXY": "127.0.0.1,localhost",
        "PTB_TIMEDELTA": "true",
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "BRIEFBOT_TELEGRAM_API_URL": telegram.base_url,
        "BRIEFBOT_DB": str(db),
        "BRIEFBOT_FETCH_ALLOW": "127.0.0.1",
        "BRIEFBOT_ENGINE": "offline",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", env=env, cwd=home,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def stop(process: asyncio.subprocess.Process, sig: int = signal.SIGTERM) -> bytes:
    if process.returncode is None:
        process.send_signal(sig)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=10)
    return stderr


def link(telegram: TelegramStandIn, chat: int, url: str) -> dict[str, object]:
    prefix = "brief please: "
    entity = {"type": "url", "offset": utf16_length(prefix), "length": utf16_length(url)}
    return telegram.user_message(chat, prefix + url, entities=[entity])


def shown_briefs(telegram: TelegramStandIn) -> list[tuple[int, int, int]]:
    """(chat, message id, brief id) of every brief message a chat can see."""
    found = []
    for chat in CHATS:
        for message in telegram.sent_messages(chat):
            if message.deleted:
                continue
            for row in (message.reply_markup or {}).get("inline_keyboard", []):
                for button in row:
                    data = str(button.get("callback_data", ""))
                    if data.startswith("ask:"):
                        found.append((chat, message.message_id, int(data.split(":")[1])))
    return found


async def test_sigkill_while_briefing_loses_no_shown_brief(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "crash.sqlite3"
    first = await start_bot(telegram, db, tmp_path)
    try:
        await telegram.wait_for(lambda: bool(telegram.calls_to("setMyCommands")), timeout=10)
        for round_ in range(LINKS_PER_CHAT):
            for index, chat in enumerate(CHATS):
                number = round_ * len(CHATS) + index
                telegram.queue_update(link(telegram, chat, pages.url(f"/story{number}")))
        await telegram.wait_for(lambda: len(shown_briefs(telegram)) >= 2, timeout=10)
        first.send_signal(signal.SIGKILL)
        await stop(first)
    finally:
        if first.returncode is None:
            first.kill()
            await first.wait()
    assert first.returncode == -signal.SIGKILL
    before = shown_briefs(telegram)

    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert check.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {row[0] for row in check.execute("SELECT id FROM briefs")}
    assert {brief_id for _, _, brief_id in before} <= stored

    commands_before = len(telegram.calls_to("setMyCommands"))
    second = await start_bot(telegram, db, tmp_path)
    try:
        await telegram.wait_for(
            lambda: len(telegram.calls_to("setMyCommands")) > commands_before, timeout=10
        )
        # A reply to every brief the killed process showed is answered from that brief.
        for chat, message_id, _ in before:
            telegram.queue_update(
                telegram.user_message(chat, "Who denied it?", reply_to_message_id=message_id)
            )

        def answered() -> bool:
            """One answer per question, each about the story of the brief replied to."""
            answers = [
                (chat, m.visible_text)
                for chat in CHATS
                for m in telegram.sent_messages(chat)
                if m.visible_text.startswith("About: ")
            ]
            return len(answers) == len(before)

        await telegram.wait_for(answered, timeout=10)
        for chat, message_id, _ in before:
            shown = next(m for m in telegram.sent_messages(chat) if m.message_id == message_id)
            title = shown.visible_text.split("\n")[0]
            assert any(
                m.visible_text.startswith(f"About: {title}") for m in telegram.sent_messages(chat)
            )
        # The restarted bot still briefs new links.
        telegram.queue_update(link(telegram, CHATS[0], pages.url(f"/story{len(CHATS) * 3}")))
        count = len(shown_briefs(telegram))
        await telegram.wait_for(lambda: len(shown_briefs(telegram)) > count, timeout=10)
        stderr = await stop(second)
        assert second.returncode == 0, stderr.decode()
        assert b"Traceback" not in stderr
    finally:
        if second.returncode is None:
            second.kill()
            await second.wait()

    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        recorded = set(check.execute("SELECT chat_id, message_id, brief_id FROM chat_messages"))
    assert set(shown_briefs(telegram)) <= recorded
