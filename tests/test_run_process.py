"""`briefbot run` as a real process against the Bot API stand-in, stopped by its pid."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.telegram import TelegramStandIn
from bot.testing.telegram_html import utf16_length

pytestmark = pytest.mark.slow

CHAT = 9100
SECRET = "hook-secret-0123456789abcdef"
ARTICLE = (
    "<html><head><title>Ministry denies drone strike report</title></head><body><article>"
    "<h1>Ministry denies drone strike report</h1>"
    "<p>The Northland army carried out a drone strike on a fuel depot near Orvik on Sunday, "
    "the regional governor Petra Lund said in a statement on Monday.</p>"
    '<p>The Defence Ministry denied the report. "No such operation took place," a ministry '
    "spokesman said, calling the governor's account baseless.</p>"
    "<p>Satellite images published by an independent monitoring group show scorch marks at the "
    "depot, but the group said the images could not be independently verified.</p>"
    "<p>Local residents told reporters they heard two explosions shortly after midnight.</p>"
    "</article></body></html>"
)


@pytest.fixture
def pages() -> Iterator[PageServer]:
    with serve_pages({"/strike": Route(body=ARTICLE.encode())}) as server:
        yield server


def bot_env(telegram: TelegramStandIn, db: Path) -> dict[str, str]:
    """The whole environment of a bot process: nothing leaks in from the test runner's."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(db.parent),
        "NO_PROXY": "127.0.0.1,localhost",
        "PTB_TIMEDELTA": "true",
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "BRIEFBOT_TELEGRAM_API_URL": telegram.base_url,
        "BRIEFBOT_DB": str(db),
        "BRIEFBOT_FETCH_ALLOW": "127.0.0.1",
        "BRIEFBOT_ENGINE": "offline",
    }


async def start_bot(env: dict[str, str], tmp_path: Path) -> asyncio.subprocess.Process:
    """`briefbot run` with stderr in a file (a full pipe would stall a chatty process)."""
    with (tmp_path / "stderr.log").open("wb") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.DEVNULL, stderr=log,
        )  # fmt: skip


@pytest.fixture
async def bot_process(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    process = await start_bot(bot_env(telegram, tmp_path / "run.sqlite3"), tmp_path)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def link_message(telegram: TelegramStandIn, url: str) -> dict[str, object]:
    prefix = "what about this? "
    entity = {"type": "url", "offset": utf16_length(prefix), "length": utf16_length(url)}
    return telegram.user_message(CHAT, prefix + url, entities=[entity])


async def stopped(process: asyncio.subprocess.Process, tmp_path: Path) -> str:
    """Wait for a signalled bot to exit; its stderr log."""
    try:
        code = await asyncio.wait_for(process.wait(), timeout=20)
    except TimeoutError:
        code = None
    stderr = (tmp_path / "stderr.log").read_text(errors="replace")
    assert code == 0, stderr
    return stderr


async def test_run_answers_a_link_and_stops_cleanly(
    telegram: TelegramStandIn,
    pages: PageServer,
    bot_process: asyncio.subprocess.Process,
    tmp_path: Path,
) -> None:
    await telegram.wait_for(lambda: bool(telegram.calls_to("setMyCommands")), timeout=30)
    telegram.queue_update(link_message(telegram, pages.url("/strike")))

    def brief_arrived() -> bool:
        return any(
            "Denial ·" in m.visible_text and "The Defence Ministry denied" in m.visible_text
            for m in telegram.sent_messages(CHAT)
        )

    try:
        await telegram.wait_for(brief_arrived, timeout=30)
    except AssertionError as exc:
        log = (tmp_path / "stderr.log").read_text(errors="replace")
        raise AssertionError(f"no brief arrived; the bot's log:\n{log}") from exc

    bot_process.send_signal(signal.SIGINT)
    stderr = await stopped(bot_process, tmp_path)
    assert "Traceback" not in stderr


async def test_run_stops_on_sigterm(
    telegram: TelegramStandIn, bot_process: asyncio.subprocess.Process, tmp_path: Path
) -> None:
    await telegram.wait_for(lambda: bool(telegram.calls_to("getUpdates")), timeout=30)
    bot_process.send_signal(signal.SIGTERM)
    stderr = await stopped(bot_process, tmp_path)
    assert "Traceback" not in stderr


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_webhook_mode_checks_the_secret_header(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    import httpx

    port = _free_port()
    env = {
        **bot_env(telegram, tmp_path / "hook.sqlite3"),
        "BRIEFBOT_WEBHOOK_URL": "https://bot.example.org",
        "BRIEFBOT_WEBHOOK_PATH": "hook-path",
        "BRIEFBOT_WEBHOOK_SECRET": SECRET,
        "BRIEFBOT_WEBHOOK_LISTEN": "127.0.0.1",
        "BRIEFBOT_WEBHOOK_PORT": str(port),
    }
    process = await start_bot(env, tmp_path)
    try:
        await telegram.wait_for(lambda: bool(telegram.calls_to("setWebhook")), timeout=30)
        (hook,) = telegram.calls_to("setWebhook")
        assert hook.params["url"] == "https://bot.example.org/hook-path"
        update = link_message(telegram, pages.url("/strike"))
        endpoint = f"http://127.0.0.1:{port}/hook-path"
        async with httpx.AsyncClient(trust_env=False) as client:
            forged = await client.post(
                endpoint, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            )
            assert forged.status_code == 403
            accepted = await client.post(
                endpoint, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
            assert accepted.status_code == 200
        await telegram.wait_for(
            lambda: any("Denial ·" in m.visible_text for m in telegram.sent_messages(CHAT)),
            timeout=30,
        )
        process.send_signal(signal.SIGTERM)
        await stopped(process, tmp_path)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def _damaged_database(path: Path) -> None:
    """A briefbot database with some data whose pages after the first are overwritten."""
    from bot.models import Article
    from bot.store.sqlite import SQLiteStore

    store = await SQLiteStore.open(path)
    for n in range(20):
        text = f"Story {n}. " + "The council met again. " * 40
        article = Article(paragraphs=[text], text=text, content_hash=f"h{n}")
        await store.save_article(article)
    await store.close()
    await asyncio.to_thread(_overwrite_after_the_first_page, path)


def _overwrite_after_the_first_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["noise", "damaged pages"])
async def test_a_corrupt_database_stops_the_bot_with_one_line(
    telegram: TelegramStandIn, tmp_path: Path, damage: str
) -> None:
    db = tmp_path / "broken.sqlite3"
    if damage == "noise":
        await asyncio.to_thread(db.write_bytes, os.urandom(8192))
    else:
        await _damaged_database(db)
    stderr = await failed_start(bot_env(telegram, db), tmp_path)
    (line,) = [line for line in stderr.splitlines() if str(db) in line]
    assert line.startswith(f"briefbot: {db} is not a usable briefbot database (corrupt")
    assert not telegram.calls_to("getUpdates")


async def failed_start(env: dict[str, str], tmp_path: Path) -> str:
    """Start `briefbot run` expecting it to give up: status 1 and no traceback; its stderr."""
    process = await start_bot(env, tmp_path)
    try:
        code = await asyncio.wait_for(process.wait(), timeout=60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    stderr = (tmp_path / "stderr.log").read_text(errors="replace")
    assert code == 1, stderr
    assert "Traceback" not in stderr
    return stderr


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.mark.parametrize("problem", ["unreachable", "wrong token"])
async def test_a_bot_api_it_cannot_use_stops_the_bot_with_one_line(
    telegram: TelegramStandIn, tmp_path: Path, problem: str
) -> None:
    env = bot_env(telegram, tmp_path / "run.sqlite3")
    if problem == "unreachable":
        env["BRIEFBOT_TELEGRAM_API_URL"] = f"http://127.0.0.1:{_closed_port()}/bot"
        expected = "briefbot: cannot reach the Telegram Bot API at http://127.0.0.1:"
    else:
        env["TELEGRAM_BOT_TOKEN"] = "999:not-the-token"
        expected = "briefbot: the Bot API refused the token"
    stderr = await failed_start(env, tmp_path)
    assert stderr.splitlines()[-1].startswith(expected), stderr
