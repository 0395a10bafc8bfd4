"""The several-process bot on one machine, for the end-to-end tests and benchmarks/scale.py.

`running_scale_rig` serves the pages, starts the Bot API stand-in and the OpenAI stand-in, and
hands back a `ScaleRig` whose `Cluster` starts `briefbot run` (the ingress) and `briefbot worker`
processes against one PostgreSQL database, each with its own log, and stops every one by its pid
(SIGKILL on request: a worker dying mid-job). `ChatDriver` sends each chat's messages at once,
in order, as a person typing fast would, and `verdict` reads what the stand-in saw: lost and
duplicated replies, and replies out of order within a chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.testing.load_tracking import ObservedTelegram, Request, RequestKind, Tracker
from bot.testing.openai_server import MODEL, OpenAIStandIn
from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.telegram_html import utf16_length

_STOP_TIMEOUT = 60.0
_START_TIMEOUT = 120.0
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
"""The folder holding the `bot` package: the processes' PYTHONPATH, so they run this code."""


def cluster_environment(
    *,
    telegram: ObservedTelegram,
    llm: OpenAIStandIn,
    db_url: str,
    workdir: Path,
    engine_cap: int,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(PACKAGE_ROOT),
        "HOME": str(workdir),
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "PTB_TIMEDELTA": "true",
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "BRIEFBOT_TELEGRAM_API_URL": telegram.base_url,
        "BRIEFBOT_DB": db_url,
        "BRIEFBOT_FETCH_ALLOW": "127.0.0.1",
        "BRIEFBOT_ENGINE": "llm",
        "OPENAI_BASE_URL": llm.base_url,
        "OPENAI_API_KEY": "stand-in-key",
        "BRIEFBOT_LLM_MODEL": MODEL,
        "BRIEFBOT_MAX_CONCURRENT_BRIEFS": str(engine_cap),
        "BRIEFBOT_RATE_LIMIT_BRIEFS": "100000",
        "BRIEFBOT_EXTRACT_WORKERS": "1",
    }
    env.update(extra or {})
    return env


class Cluster:
    """Named processes of one bot; every one is stopped when the cluster closes."""

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.env = env
        self.workdir = workdir
        self.processes: dict[str, asyncio.subprocess.Process] = {}
        self._starts: dict[str, int] = {}

    async def start(self, name: str, command: str) -> asyncio.subprocess.Process:
        """`command` is `run` (the ingress) or `worker`; the log is `<name>.<n>.log`."""
        number = self._starts.get(name, 0) + 1
        self._starts[name] = number
        log = (self.workdir / f"{name}.{number}.log").open("wb")
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", command,
                env=self.env, cwd=self.workdir, stdout=log, stderr=log,
            )  # fmt: skip
        finally:
            log.close()
        self.processes[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL: no clean-up of any kind, as when a machine goes away."""
        process = self.processes[name]
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()

    async def stop(self, name: str) -> int | None:
        """SIGTERM, then SIGKILL after a minute; the exit code."""
        process = self.processes.pop(name, None)
        if process is None:
            return None
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), _STOP_TIMEOUT)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        return process.returncode

    async def stop_all(self) -> None:
        await asyncio.gather(*(self.stop(name) for name in list(self.processes)))

    def exited(self) -> list[str]:
        return [name for name, process in self.processes.items() if process.returncode is not None]

    def logs(self) -> str:
        parts = []
        for path in sorted(self.workdir.glob("*.log")):
            text = path.read_text(errors="replace")
            parts.append(f"--- {path.name}\n{text[-3000:]}")
        return "\n".join(parts)

    async def __aenter__(self) -> Cluster:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for name in list(self.processes):
            self.kill(name)
        await asyncio.gather(*(p.wait() for p in self.processes.values()))
        self.processes.clear()


@dataclass
class ChatDriver:
    """Messages into the stand-in as people send them; each becomes a tracked request."""

    telegram: ObservedTelegram
    tracker: Tracker
    by_chat: dict[int, list[Request]] = field(default_factory=dict)

    def send_link(self, chat_id: int, url: str) -> Request:
        prefix = "please brief this: "
        entity = {"type": "url", "offset": utf16_length(prefix), "length": utf16_length(url)}
        update = self.telegram.user_message(chat_id, prefix + url, entities=[entity])
        return self._queue(chat_id, "link", update)

    def send_question(self, chat_id: int, question: str, reply_to: int) -> Request:
        update = self.telegram.user_message(chat_id, question, reply_to_message_id=reply_to)
        return self._queue(chat_id, "question", update)

    def _queue(self, chat_id: int, kind: RequestKind, update: dict[str, Any]) -> Request:
        request = Request(kind, chat_id, int(update["message"]["message_id"]), time.monotonic())
        self.tracker.add(request)
        self.by_chat.setdefault(chat_id, []).append(request)
        self.telegram.queue_update(update)
        return request

    async def wait_all(self, seconds: float, cluster: Cluster | None = None) -> bool:
        """Until every request has a final reply; False after `seconds` (or a process died)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if all(r.finals for r in self.tracker.requests.values()):
                return True
            if cluster is not None and cluster.exited():
                return False
            await asyncio.sleep(0.1)
        return False


def verdict(driver: ChatDriver) -> dict[str, int]:
    """Requests with no final reply, extra final replies, and chats answered out of order."""
    requests = list(driver.tracker.requests.values())
    out_of_order = 0
    for chat_requests in driver.by_chat.values():
        firsts = [r.reply_message_id for r in chat_requests if r.reply_message_id is not None]
        if firsts != sorted(firsts):
            out_of_order += 1
    return {
        "requests": len(requests),
        "lost": sum(1 for r in requests if not r.finals),
        "duplicates": sum(max(0, len(r.finals) - 1) for r in requests),
        "errors": sum(1 for r in requests if r.outcome == "error"),
        "chats_out_of_order": out_of_order,
    }


def doubled(driver: ChatDriver) -> str:
    """The requests answered more than once, each with its replies and its chat's messages as
    the stand-in holds them: what to read when `verdict` counts duplicates."""
    lines = []
    for request in driver.tracker.requests.values():
        if len(request.finals) < 2:
            continue
        lines.append(
            f"chat {request.chat_id}, message {request.message_id}: replies "
            + ", ".join(f"{outcome} in {message_id}" for _, outcome, message_id in request.finals)
        )
        for message in driver.telegram.sent_messages(request.chat_id):
            state = " (deleted)" if message.deleted else ""
            lines.append(
                f"  {message.message_id} replying to {message.reply_to_message_id}{state}: "
                f"{message.visible_text[:80]!r} (before: {len(message.previous_texts)} texts)"
            )
    return "\n".join(lines)


@dataclass
class ScaleRig:
    """The stand-ins and the bot's processes of one run."""

    telegram: ObservedTelegram
    llm: OpenAIStandIn
    pages: PageServer
    driver: ChatDriver
    cluster: Cluster

    async def start(self, workers: int) -> None:
        """The ingress and `workers` workers, until the bot has told Telegram its commands; a
        RuntimeError with the processes' logs if one exits or that takes two minutes."""
        await self.cluster.start("ingress", "run")
        for number in range(workers):
            await self.cluster.start(f"worker{number}", "worker")
        deadline = time.monotonic() + _START_TIMEOUT
        while not self.telegram.calls_to("setMyCommands"):
            if self.cluster.exited() or time.monotonic() > deadline:
                raise RuntimeError(f"the bot did not start:\n{self.cluster.logs()}")
            await asyncio.sleep(0.1)


@contextlib.asynccontextmanager
async def running_scale_rig(
    *,
    db_url: str,
    workdir: Path,
    routes: dict[str, Route],
    latency: float,
    engine_cap: int,
) -> AsyncIterator[ScaleRig]:
    """Pages at `routes`, a model answering after `latency` seconds, the Bot API stand-in, and
    a cluster (no process started yet) with `engine_cap` engine calls at once for all its
    workers together; every process and server is stopped when the block ends."""
    tracker = Tracker()
    async with contextlib.AsyncExitStack() as stack:
        pages = stack.enter_context(serve_pages(routes))
        telegram = ObservedTelegram(tracker)
        await telegram.start()
        stack.push_async_callback(telegram.stop)
        llm = await stack.enter_async_context(OpenAIStandIn())
        llm.answer_automatically(latency=latency)
        env = cluster_environment(
            telegram=telegram, llm=llm, db_url=db_url, workdir=workdir, engine_cap=engine_cap
        )
        cluster = await stack.enter_async_context(Cluster(env, workdir))
        yield ScaleRig(telegram, llm, pages, ChatDriver(telegram, tracker), cluster)
