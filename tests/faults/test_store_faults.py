"""The database stops taking writes (disk full, file gone read-only) while the bot runs.

The person is told plainly that storage is the problem, and everything that needs no new write
(/start, /help, /history, answers about a brief already stored) keeps working. When space comes
back, so does briefing. The failures are real SQLite errors on the store's own connection:
`PRAGMA max_page_count` at the current size gives SQLITE_FULL, `PRAGMA query_only` gives
SQLITE_READONLY.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import aiosqlite
import pytest

from bot.errors import StoreError
from bot.store.sqlite import SQLiteStore
from bot.telegram import messages
from bot.testing.pages import PageServer
from tests.telegram.harness import CHAT, SECOND_STORY, FakeEngine, Harness

STORAGE_MESSAGE = messages.describe_error(StoreError("x"))


def connection_of(store: SQLiteStore) -> aiosqlite.Connection:
    """The store's connection; the store has no public hook for breaking it on purpose."""
    connection = getattr(store, "_db", None)
    if not isinstance(connection, aiosqlite.Connection):
        pytest.skip("the store does not expose its connection")
    return connection


async def fill_the_disk(store: SQLiteStore) -> Callable[[], object]:
    db = connection_of(store)
    (pages,) = next(iter(await db.execute_fetchall("PRAGMA page_count")))
    await db.execute(f"PRAGMA max_page_count = {pages}")

    async def free() -> None:
        await db.execute("PRAGMA max_page_count = 1073741823")

    return free


async def make_read_only(store: SQLiteStore) -> Callable[[], object]:
    db = connection_of(store)
    await db.execute("PRAGMA query_only = ON")

    async def writable() -> None:
        await db.execute("PRAGMA query_only = OFF")

    return writable


@pytest.mark.parametrize("break_store", [fill_the_disk, make_read_only], ids=["full", "read-only"])
async def test_storage_failure_is_explained_and_the_rest_keeps_working(
    bot: Harness[FakeEngine], pages: PageServer, break_store: Callable[[SQLiteStore], object]
) -> None:
    await bot.send(bot.link(pages.url("/story")))
    brief = bot.telegram.sent_messages(CHAT)[-1]
    assert "Claim ·" in brief.visible_text

    repair = await break_store(bot.store)  # type: ignore[misc]

    await bot.send(bot.link(pages.url("/second")))
    assert STORAGE_MESSAGE in bot.texts()[-1]
    assert bot.engine.briefs == 1  # nothing was written that could not be kept

    pasted = SECOND_STORY.replace("Pier Street", "Dock Lane")
    await bot.send(bot.telegram.user_message(CHAT, pasted))
    assert STORAGE_MESSAGE in bot.texts()[-1]
    assert bot.engine.briefs == 1

    await bot.send(bot.telegram.command(CHAT, "/start"))
    assert "Send me a link" in bot.texts()[-1]
    await bot.send(bot.telegram.command(CHAT, "/help"))
    assert "/history" in bot.texts()[-1]
    await bot.send(bot.telegram.command(CHAT, "/history"))
    assert "Harbor board accused of hiding spill" in bot.texts()[-1]

    # A question about a stored brief is still answered; only its memory is lost.
    await bot.send(
        bot.telegram.user_message(CHAT, "Who denied it?", reply_to_message_id=brief.message_id)
    )
    assert "Nothing was hidden from anyone" in bot.texts()[-1]

    await repair()  # type: ignore[operator]
    await bot.send(bot.link(pages.url("/second")))
    assert "Second look at the harbor spill" in bot.texts()[-1]
    assert bot.engine.briefs == 2


def _root_can_write(path: Path) -> bool:
    """Whether permissions fail to stop this process (root, or a filesystem that ignores them)."""
    probe = path / "probe"
    try:
        probe.write_text("x")
    except OSError:
        return False
    probe.unlink()
    return True


async def test_a_read_only_database_file_is_refused_at_start_with_a_reason(
    tmp_path: Path,
) -> None:
    db = tmp_path / "data" / "briefs.sqlite3"
    store = await SQLiteStore.open(db)
    await store.close()
    db.chmod(stat.S_IRUSR | stat.S_IRGRP)
    db.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.geteuid() == 0 and _root_can_write(db.parent):
            pytest.skip("this process can write whatever the permissions say")
        with pytest.raises(StoreError, match=r"read-only|cannot open"):
            await SQLiteStore.open(db)
    finally:
        db.parent.chmod(stat.S_IRWXU)
        db.chmod(stat.S_IRUSR | stat.S_IWUSR)
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_a_database_in_a_read_only_folder_is_refused_at_start_with_a_reason(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.geteuid() == 0 and _root_can_write(folder):
            pytest.skip("this process can write whatever the permissions say")
        with pytest.raises(StoreError, match=r"cannot open|read-only"):
            await SQLiteStore.open(folder / "briefs.sqlite3")
    finally:
        folder.chmod(stat.S_IRWXU)
