"""Load benchmark: the real `briefbot run` process under many chats at once, on loopback only.

Starts a page server with distinct generated articles, the Bot API stand-in, the OpenAI stand-in
answering every request after `--llm-latency` seconds, and the bot as a subprocess. Each simulated
chat sends its links one message at a time (the next when the previous got its reply), then
follow-up questions as replies to its first brief, then links other chats already had briefed
(cache hits). Prints one JSON object: throughput, end-to-end latency (message queued to final
reply in the stand-in), event-loop lag inside the bot, the bot's peak memory, lost and duplicate
replies, the bot process's CPU seconds and Bot API calls (long polling aside) per request, the
CPU seconds of this process (the stand-ins and the chats, which share the machine with the bot),
and the wall time against the ideal `engine calls x latency / concurrency`.

Engine calls, as the bot makes them: one per part of each distinct article (the LLM engine reads
long articles in parts; the generated ones fit in one), one per follow-up question (answers are
not cached, and share the concurrency cap with briefs), none for repeated links (cache hits).
The run passes when no reply is lost or duplicated and the wall time is within 1.15 x the ideal;
the exit code is 0 only then.

    python benchmarks/load.py --chats 200 --links 5 --questions 2 --llm-latency 1.0 --concurrency 8
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bot.engines.llm.chunking import split_into_chunks
from bot.testing.load_tracking import (
    ObservedTelegram,
    Request,
    RequestKind,
    Tracker,
    latency_summary,
    process_cpu_seconds,
)
from bot.testing.openai_server import MODEL, OpenAIStandIn
from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.synthetic_articles import article_html, article_paragraphs
from bot.testing.telegram_html import utf16_length

REPO_ROOT = Path(__file__).resolve().parents[1]

QUESTIONS = [
    "Who denied the account?",
    "What do the internal documents show?",
    "What will the audit committee do?",
    "What did the residents ask for?",
]
FIRST_CHAT = 10_000
TOKEN_BUDGET = 6000
"""BRIEFBOT_LLM_TOKEN_BUDGET for the bot; the benchmark counts the parts of each article with it."""
IDEAL_SLACK = 1.15


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--links", type=int, default=5, help="distinct links per chat")
    parser.add_argument("--llm-latency", type=float, default=1.0, help="seconds per LLM call")
    parser.add_argument(
        "--failure-rate", type=float, default=0.0, help="share of LLM calls failing"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="BRIEFBOT_MAX_CONCURRENT_BRIEFS")
    parser.add_argument("--questions", type=int, default=2, help="follow-up questions per chat")
    parser.add_argument(
        "--repeat-share",
        type=float,
        default=0.2,
        help="repeated links per chat, as a share of --links",
    )
    parser.add_argument("--engine", choices=["llm", "offline"], default="llm")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reply-timeout", type=float, default=0.0, help="0: from the ideal time")
    parser.add_argument("--workdir", type=Path, help="keep the bot's log and database here")
    return parser.parse_args(argv)


class LoadRun:
    """One run; every server and the bot process are stopped when it ends, whatever happens."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args = args
        self.workdir = workdir
        self.tracker = Tracker()
        self.rng = random.Random(args.seed)
        self.briefed_urls: list[str] = []
        self.calls_per_article = [
            len(split_into_chunks(article_paragraphs(i, args.seed)[1], TOKEN_BUDGET))
            for i in range(args.chats * args.links)
        ]
        self.latency: float = args.llm_latency if args.engine == "llm" else 0.0
        self.concurrency: int = args.concurrency
        planned = sum(self.calls_per_article) + args.chats * args.questions
        self.reply_timeout = args.reply_timeout or max(60.0, 3 * self.ideal(planned))

    def ideal(self, engine_calls: int) -> float:
        return engine_calls * self.latency / self.concurrency

    def engine_calls(self) -> int:
        """What the requests sent needed: briefs of distinct articles and questions asked."""
        calls = sum(self.calls_per_article)  # every distinct link is sent once
        return calls + len(self.tracker.of_kind("question"))

    async def run(self) -> dict[str, Any]:
        args = self.args
        count = args.chats * args.links
        routes = {
            f"/story/{i}": Route(body=article_html(i, args.seed).encode()) for i in range(count)
        }
        async with contextlib.AsyncExitStack() as stack:
            pages = stack.enter_context(serve_pages(routes))
            telegram = ObservedTelegram(self.tracker)
            await telegram.start()
            stack.push_async_callback(telegram.stop)
            llm = await stack.enter_async_context(OpenAIStandIn())
            auto = llm.answer_automatically(
                latency=args.llm_latency, failure_rate=args.failure_rate, seed=args.seed
            )
            process = await self._start_bot(telegram, llm)
            stack.push_async_callback(stop_process, process)
            await self._wait_ready(telegram, process)
            cpu_before = process_cpu_seconds(process.pid)
            harness_before = time.process_time()
            calls_before = len(telegram.calls)
            started = time.monotonic()
            await self._drive(telegram, pages, process)
            cpu_used = process_cpu_seconds(process.pid) - cpu_before
            harness_cpu = time.process_time() - harness_before
            work_calls = [
                call for call in telegram.calls[calls_before:] if call.method != "getUpdates"
            ]
            finished = max(
                (r.finals[0][0] for r in self.tracker.requests.values() if r.finals),
                default=time.monotonic(),
            )
            await asyncio.sleep(1.0)  # late duplicates would show up here
            memory = peak_memory_kib(process.pid)
            await stop_process(process)
            result = self._report(finished - started, memory)
            result["llm"] = {
                "requests": len(llm.requests),
                "briefs": auto.briefs,
                "answers": auto.answers,
                "failures": auto.failures,
            }
            served = max(1, len(self.tracker.requests))
            result["bot_cpu_s"] = round(cpu_used, 2)
            result["bot_cpu_ms_per_request"] = round(1000 * cpu_used / served, 1)
            # The stand-ins and the chats run in this process, on the same cores as the bot.
            result["harness_cpu_s"] = round(harness_cpu, 2)
            result["telegram_calls_per_request"] = round(len(work_calls) / served, 2)
            result["telegram"] = {
                "calls": len(telegram.calls),
                "calls_by_method": dict(Counter(call.method for call in work_calls)),
                "refused": sum(1 for call in telegram.calls if call.error),
                "unattributed_messages": self.tracker.unattributed,
            }
        result["loop_lag_ms"] = self._loop_lag()
        result["bot_errors_logged"] = count_errors(self.workdir / "bot.log")
        return result

    async def _start_bot(
        self, telegram: ObservedTelegram, llm: OpenAIStandIn
    ) -> asyncio.subprocess.Process:
        args = self.args
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(REPO_ROOT),  # this tree's bot, not whichever one is installed
            "HOME": str(self.workdir),
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "PTB_TIMEDELTA": "true",
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "BRIEFBOT_TELEGRAM_API_URL": telegram.base_url,
            "BRIEFBOT_DB": str(self.workdir / "load.sqlite3"),
            "BRIEFBOT_FETCH_ALLOW": "127.0.0.1",
            "BRIEFBOT_ENGINE": args.engine,
            "OPENAI_BASE_URL": llm.base_url,
            "OPENAI_API_KEY": "stand-in-key",
            "BRIEFBOT_LLM_MODEL": MODEL,
            "BRIEFBOT_LLM_TOKEN_BUDGET": str(TOKEN_BUDGET),
            "BRIEFBOT_MAX_CONCURRENT_BRIEFS": str(args.concurrency),
            "BRIEFBOT_RATE_LIMIT_BRIEFS": "100000",
            "BRIEFBOT_LOOP_LAG_REPORT": str(self.workdir / "loop_lag.json"),
        }
        log = (self.workdir / "bot.log").open("wb")
        try:
            return await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "run",
                env=env, cwd=self.workdir, stdout=log, stderr=log,
            )  # fmt: skip
        finally:
            log.close()

    async def _wait_ready(
        self, telegram: ObservedTelegram, process: asyncio.subprocess.Process
    ) -> None:
        deadline = time.monotonic() + 60
        while not telegram.calls_to("setMyCommands"):
            if process.returncode is not None:
                raise RuntimeError(f"the bot exited at start-up; see {self.workdir / 'bot.log'}")
            if time.monotonic() > deadline:
                raise RuntimeError("the bot did not start within 60 s")
            await asyncio.sleep(0.05)

    async def _drive(
        self, telegram: ObservedTelegram, pages: PageServer, process: asyncio.subprocess.Process
    ) -> None:
        links = self.args.links
        chats = [
            self._chat(
                telegram,
                FIRST_CHAT + n,
                [pages.url(f"/story/{n * links + i}") for i in range(links)],
            )
            for n in range(self.args.chats)
        ]
        driver = asyncio.ensure_future(asyncio.gather(*chats))
        exited = asyncio.ensure_future(process.wait())
        watched: list[asyncio.Future[Any]] = [driver, exited]
        await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
        if not driver.done():
            driver.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await driver
            raise RuntimeError(f"the bot exited during the run; see {self.workdir / 'bot.log'}")
        exited.cancel()
        driver.result()

    async def _chat(self, telegram: ObservedTelegram, chat_id: int, urls: list[str]) -> None:
        first_brief: int | None = None
        for url in urls:
            request = await self._send(telegram, chat_id, "link", url)
            if request.outcome == "brief":
                self.briefed_urls.append(url)
                first_brief = first_brief or request.reply_message_id
        for number in range(self.args.questions):
            if first_brief is not None:
                question = QUESTIONS[number % len(QUESTIONS)]
                await self._send(telegram, chat_id, "question", question, reply_to=first_brief)
        for _ in range(round(self.args.links * self.args.repeat_share)):
            others = [url for url in self.briefed_urls if url not in urls] or urls
            await self._send(telegram, chat_id, "repeat", self.rng.choice(others))

    async def _send(
        self,
        telegram: ObservedTelegram,
        chat_id: int,
        kind: RequestKind,
        text: str,
        *,
        reply_to: int | None = None,
    ) -> Request:
        if kind == "question":
            update = telegram.user_message(chat_id, text, reply_to_message_id=reply_to)
        else:
            prefix = "please brief this: "
            entity = {"type": "url", "offset": utf16_length(prefix), "length": utf16_length(text)}
            update = telegram.user_message(chat_id, prefix + text, entities=[entity])
        request = Request(kind, chat_id, int(update["message"]["message_id"]), time.monotonic())
        self.tracker.add(request)
        telegram.queue_update(update)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(request.done.wait(), self.reply_timeout)
        return request

    def _report(self, wall: float, memory_kib: int | None) -> dict[str, Any]:
        args, tracker = self.args, self.tracker
        requests = list(tracker.requests.values())
        links, repeats = tracker.of_kind("link"), tracker.of_kind("repeat")
        briefs = [r for r in links + repeats if r.outcome == "brief"]
        fresh = [r for r in links if r.outcome == "brief"]
        cached = [r for r in repeats if r.outcome == "brief"]
        answers = [r for r in tracker.of_kind("question") if r.outcome == "answer"]
        engine_calls = self.engine_calls()
        ideal = self.ideal(engine_calls)
        within = wall <= IDEAL_SLACK * ideal if ideal > 0 else None
        return {
            "command": "python benchmarks/load.py " + " ".join(sys.argv[1:]),
            "chats": args.chats,
            "links_per_chat": args.links,
            "repeats_per_chat": round(args.links * args.repeat_share),
            "questions_per_chat": args.questions,
            "questions_sent": len(tracker.of_kind("question")),
            "engine": args.engine,
            "llm_latency_s": args.llm_latency,
            "failure_rate": args.failure_rate,
            "concurrency": args.concurrency,
            "requests": len(requests),
            "briefs_delivered": len(briefs),
            "answers_delivered": len(answers),
            "error_replies": sum(1 for r in requests if r.outcome == "error"),
            "messages_lost": sum(1 for r in requests if not r.finals),
            "duplicate_replies": sum(max(0, len(r.finals) - 1) for r in requests),
            "briefs_per_s": round(len(briefs) / wall, 2) if wall > 0 else None,
            "latency_ms": latency_summary(fresh, 0.5, 0.95, 0.99),
            "cache_hit_latency_ms": latency_summary(cached, 0.5, 0.95),
            "answer_latency_ms": latency_summary(answers, 0.5, 0.95),
            "engine_calls_expected": engine_calls,
            "ideal_s": round(ideal, 2),
            "wall_s": round(wall, 2),
            "wall_over_ideal": round(wall / ideal, 3) if ideal > 0 else None,
            "within_1_15x_ideal": within,
            "peak_memory_mb": round(memory_kib / 1024, 1) if memory_kib is not None else None,
        }

    def _loop_lag(self) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads((self.workdir / "loop_lag.json").read_text())
        except (OSError, ValueError):
            return None
        return {key: round(value, 1) for key, value in data.items() if key.endswith("_ms")}


def peak_memory_kib(pid: int) -> int | None:
    """VmHWM, the resident set's high-water mark, from /proc (Linux only)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


async def stop_process(process: asyncio.subprocess.Process) -> None:
    """SIGINT first (a clean shutdown writes the loop-lag report), then kill after 30 s."""
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGINT)
    try:
        await asyncio.wait_for(process.wait(), 30)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


def count_errors(log: Path) -> int:
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return 0
    return sum(1 for line in lines if " ERROR " in line or line.startswith("Traceback"))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    with contextlib.ExitStack() as stack:
        if args.workdir is not None:
            args.workdir.mkdir(parents=True, exist_ok=True)
            workdir = args.workdir.resolve()
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="briefbot-")))
        result = asyncio.run(LoadRun(args, workdir).run())
    print(json.dumps(result, indent=2))
    return 0 if passed(result) else 1


def passed(result: dict[str, Any]) -> bool:
    """Nothing lost or duplicated, and within 1.15 x the ideal (no ideal offline: not checked)."""
    return (
        result["messages_lost"] == 0
        and result["duplicate_replies"] == 0
        and result["within_1_15x_ideal"] is not False
    )


if __name__ == "__main__":
    raise SystemExit(main())
