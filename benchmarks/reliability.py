"""Reliability figures of issue #12, measured on loopback only. Prints one JSON object.

- `bombs`: peak memory (ru_maxrss, the largest of the process and its children) of
  `briefbot extract` against a stacked gzip bomb
  (`Content-Encoding: gzip, gzip`, 1 GiB inside) and a single-layer one (1 GiB inside), next to
  the same command on an ordinary page.
- `tiny_elements`: time for `briefbot extract` to refuse pages of N bytes of `<p>said</p>`.
- `other_chat`: how long an ordinary page takes to read while six 400 KB pages of tiny elements
  are being read at the same time, through one extraction pool with the default settings, and
  the same while six 100 KB ones (under the markup budget, so really extracted) are.
- `stop`: seconds from SIGINT / SIGTERM to exit of `briefbot run` (Bot API stand-in) while a
  1 MB page of tiny elements is being extracted with the markup budget lifted.

    python benchmarks/reliability.py [--gib 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.errors import BriefError
from bot.ingest.extraction_pool import ExtractionPool
from bot.ingest.source import article_from_url
from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.telegram import running_telegram_stand_in
from bot.testing.telegram_html import utf16_length

REPO_ROOT = Path(__file__).resolve().parents[1]

ARTICLE = (
    b"<html><head><title>Ferry timetable</title></head><body><article>"
    b"<p>The Lindqvist Bay ferry will run every forty minutes from Monday, the operator said on "
    b"Tuesday after weeks of complaints from commuters on the northern shore.</p>"
    b"<p>Harbour master Ola Brekke said the new timetable had been agreed with the unions and "
    b"would be reviewed in the spring once the winter storms were over.</p>"
    b"</article></body></html>"
)


def gzip_of_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(size >> 20)]
    parts.append(packer.flush())
    return b"".join(parts)


def gzip_once(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def tiny_elements(size: int) -> bytes:
    return ("<html><body>" + "<p>said</p>" * (size // 11) + "</body></html>").encode()


def environment(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "BRIEFBOT_", "TELEGRAM_"))
    }
    return {**env, "PYTHONPATH": str(REPO_ROOT), "BRIEFBOT_FETCH_ALLOW": "127.0.0.1", **extra}


# Runs the command and prints its peak RSS in KiB. ru_maxrss survives fork and exec, so the
# command is started from this small process rather than from the benchmark, whose own size
# (the bombs are built in memory) the command's figure would otherwise start from.
_MEASURE = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "_pid, status, usage = os.wait4(child.pid, 0)\n"
    "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
)


def run_cli(url: str, cwd: Path) -> dict[str, Any]:
    """`briefbot extract URL`: exit code, seconds, peak RSS in MB, and its stderr."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "bot.cli", "extract", url],
        cwd=cwd,
        env=environment(),
        capture_output=True,
        check=True,
    )
    code, peak_kib = result.stdout.split()
    return {
        "exit_code": int(code),
        "seconds": round(time.monotonic() - started, 2),
        "peak_rss_mb": round(int(peak_kib) / 1024, 1),
        "stderr": result.stderr.decode(errors="replace").strip(),
    }


def bombs(server: PageServer, cwd: Path) -> dict[str, Any]:
    baseline = run_cli(server.url("/article"), cwd)
    results: dict[str, Any] = {"ordinary_page": baseline}
    for name in ("stacked", "single"):
        result = run_cli(server.url(f"/{name}"), cwd)
        result["above_ordinary_mb"] = round(result["peak_rss_mb"] - baseline["peak_rss_mb"], 1)
        result["body_bytes"] = len(server.routes[f"/{name}"].body)
        results[name] = result
    return results


async def timed_read(url: str, settings: Settings, pool: ExtractionPool) -> tuple[float, str]:
    started = time.monotonic()
    try:
        await article_from_url(url, settings, pool=pool)
        outcome = "read"
    except BriefError as exc:
        outcome = str(exc)
    return time.monotonic() - started, outcome


async def other_chat(server: PageServer, hostile: str) -> dict[str, Any]:
    settings = Settings.from_environ({"BRIEFBOT_FETCH_ALLOW": "127.0.0.1"})
    pool = ExtractionPool.from_settings(settings)
    try:
        await timed_read(server.url("/article"), settings, pool)  # workers started
        alone, _ = await timed_read(server.url("/article"), settings, pool)
        crowd = [
            asyncio.create_task(timed_read(server.url(hostile), settings, pool)) for _ in range(6)
        ]
        await asyncio.sleep(0.2)
        meanwhile, _ = await timed_read(server.url("/article"), settings, pool)
        finished = await asyncio.gather(*crowd)
    finally:
        pool.close()
    return {
        "ordinary_alone_s": round(alone, 3),
        "ordinary_meanwhile_s": round(meanwhile, 3),
        "hostile_outcome": finished[0][1],
        "hostile_max_s": round(max(seconds for seconds, _ in finished), 2),
    }


async def stop_time(server: PageServer, number: signal.Signals, cwd: Path) -> float:
    async with running_telegram_stand_in() as telegram:
        env = environment(
            TELEGRAM_BOT_TOKEN=telegram.token,
            BRIEFBOT_TELEGRAM_API_URL=telegram.base_url,
            BRIEFBOT_DB=str(cwd / f"stop-{number}.sqlite3"),
            BRIEFBOT_ENGINE="offline",
            BRIEFBOT_EXTRACT_MAX_TAGS="10000000",
            BRIEFBOT_EXTRACT_TIMEOUT="600",
            NO_PROXY="127.0.0.1,localhost",
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", env=env, cwd=cwd,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            await telegram.wait_for(lambda: bool(telegram.calls_to("setMyCommands")), timeout=60)
            url = server.url("/said-1mb")
            prefix = "read this "
            entity = {"type": "url", "offset": utf16_length(prefix), "length": utf16_length(url)}
            telegram.queue_update(telegram.user_message(1, prefix + url, entities=[entity]))
            requested = len([path for path in server.requests if path == "/said-1mb"])
            await telegram.wait_for(
                lambda: server.requests.count("/said-1mb") > requested, timeout=60
            )
            await asyncio.sleep(2.0)
            started = time.monotonic()
            process.send_signal(number)
            await asyncio.wait_for(process.wait(), timeout=300)
            return round(time.monotonic() - started, 2)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gib", type=int, default=1, help="GiB inside each bomb")
    args = parser.parse_args()
    inner = gzip_of_zeros(args.gib << 30)
    routes = {
        "/article": Route(body=ARTICLE),
        "/stacked": Route(body=gzip_once(inner), headers={"Content-Encoding": "gzip, gzip"}),
        "/single": Route(body=inner, headers={"Content-Encoding": "gzip"}),
        "/said-100kb": Route(body=tiny_elements(100_000)),
        "/said-400kb": Route(body=tiny_elements(400_000)),
        "/said-1mb": Route(body=tiny_elements(1_000_000)),
        "/said-4.5mb": Route(body=tiny_elements(4_500_000)),
    }
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch, serve_pages(routes) as server:
        cwd = Path(scratch)
        report["bombs"] = bombs(server, cwd)
        report["tiny_elements"] = {
            size: run_cli(server.url(f"/said-{size}"), cwd) for size in ("1mb", "4.5mb")
        }
        report["other_chat"] = {
            "six_400kb_pages": asyncio.run(other_chat(server, "/said-400kb")),
            "six_100kb_pages": asyncio.run(other_chat(server, "/said-100kb")),
        }
        report["stop"] = {
            "sigint_s": asyncio.run(stop_time(server, signal.SIGINT, cwd)),
            "sigterm_s": asyncio.run(stop_time(server, signal.SIGTERM, cwd)),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
