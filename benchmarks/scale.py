"""Scale benchmark: the several-process bot (one ingress, N workers) with 1, 2 and 4 workers.

Everything runs on this machine, on loopback: a throwaway PostgreSQL server (a fresh database per
run), the Bot API stand-in, the OpenAI stand-in answering every request after the model's
latency, a page server, and the bot's processes. Each chat sends all its links at once; each run
counts briefs per second (first message queued to last brief out), the p95 latency of a brief
(message queued to brief out), lost and duplicated replies, replies out of order in a chat, and
the CPU the bot's processes (ingress, workers, their extraction processes) spent per brief. A
few warm-up briefs per worker go first, unmeasured.

The engine cap is `--cap-per-worker` x workers (BRIEFBOT_MAX_CONCURRENT_BRIEFS is the cap for all
workers together), so the ideal scales with the workers:
`ideal = max(briefs x latency / cap, links per chat x latency)`: the engine kept busy at its cap,
and no faster than one chat's briefs one after another (they are in order, under the chat lock).
That ideal counts the model only: with a 50 ms model, fetching, extraction and grounding (CPU)
dominate, and this machine's 2 cores (shared with the database and the stand-ins) bound what
4 worker processes can add; with a 1 s model the work is waiting, which more workers do well.

    python benchmarks/scale.py --chats 40 --links 3
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.testing.load_tracking import latency_summary, process_cpu_seconds
from bot.testing.pages import PageServer, Route
from bot.testing.postgres import running_postgres
from bot.testing.scale_cluster import ChatDriver, Cluster, running_scale_rig, verdict
from bot.testing.synthetic_articles import article_html

FIRST_CHAT = 30_000
WARM_UP_CHAT = 90_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=40)
    parser.add_argument("--links", type=int, default=3, help="links per chat, sent at once")
    parser.add_argument("--workers", default="1,2,4", help="comma-separated worker counts")
    parser.add_argument(
        "--llm-latency", default="0.05,1.0", help="comma-separated model latencies (seconds)"
    )
    parser.add_argument("--cap-per-worker", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run at most")
    parser.add_argument("--workdir", type=Path, help="keep the processes' logs here")
    return parser.parse_args(argv)


async def one_run(
    args: argparse.Namespace, dsn: str, workers: int, latency: float, workdir: Path, offset: int
) -> dict[str, Any]:
    count = args.chats * args.links
    cap = args.cap_per_worker * workers
    # Distinct pages in every run, so that no run reads another's briefs from the cache.
    routes = {f"/story/{i}": Route(body=article_html(offset + i).encode()) for i in range(count)}
    async with running_scale_rig(
        db_url=dsn, workdir=workdir, routes=routes, latency=latency, engine_cap=cap
    ) as rig:
        await rig.start(workers)
        driver, cluster = rig.driver, rig.cluster
        tracker = driver.tracker
        await _warm_up(args, driver, rig.pages, cluster, workers)
        tracker.requests.clear()
        driver.by_chat.clear()
        pids = [process.pid for process in cluster.processes.values()]
        cpu_before = tree_cpu_seconds(pids)
        started = time.monotonic()
        for chat in range(args.chats):
            for link in range(args.links):
                url = rig.pages.url(f"/story/{chat * args.links + link}")
                driver.send_link(FIRST_CHAT + chat, url)
        finished_all = await driver.wait_all(args.timeout, cluster)
        done = [r.finals[0][0] for r in tracker.requests.values() if r.finals]
        wall = (max(done) if done else time.monotonic()) - started
        await asyncio.sleep(1.0)  # late duplicates would show up here
        cpu = tree_cpu_seconds(pids) - cpu_before
        seen = verdict(driver)
        peak = rig.llm.peak_in_flight
        await cluster.stop_all()
    briefs = [r for r in tracker.requests.values() if r.outcome == "brief"]
    ideal = max(count * latency / cap, args.links * latency)
    return {
        "workers": workers,
        "llm_latency_s": latency,
        "engine_cap": cap,
        "briefs": len(briefs),
        "wall_s": round(wall, 2),
        "briefs_per_s": round(len(briefs) / wall, 2) if wall > 0 else None,
        "latency_ms": latency_summary(briefs, 0.5, 0.95),
        "ideal_s": round(ideal, 2),
        "ideal_briefs_per_s": round(count / ideal, 2),
        "wall_over_ideal": round(wall / ideal, 2),
        "lost": seen["lost"],
        "duplicates": seen["duplicates"],
        "error_replies": seen["errors"],
        "chats_out_of_order": seen["chats_out_of_order"],
        "peak_engine_calls": peak,
        "bot_cpu_ms_per_brief": round(1000 * cpu / max(1, len(briefs)), 1),
        "finished": finished_all,
    }


WARM_UP_PER_WORKER = 4


async def _warm_up(
    args: argparse.Namespace, driver: ChatDriver, pages: PageServer, cluster: Cluster, workers: int
) -> None:
    """A few briefs before the measured ones, from chats of their own: every worker and its
    extraction process have read a page (imported what that takes) before the clock starts."""
    for number in range(WARM_UP_PER_WORKER * workers):
        chat = WARM_UP_CHAT + number
        driver.send_link(chat, pages.url(f"/warm/{number}"))
    if not await driver.wait_all(args.timeout, cluster):
        raise RuntimeError(f"the warm-up briefs did not come back:\n{cluster.logs()}")


def tree_cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU of these processes and every descendant alive (the extraction
    workers), from /proc (Linux only; 0 elsewhere)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
    wanted = set(pids)
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in wanted} - wanted
        grew = bool(more)
        wanted |= more
    return sum(process_cpu_seconds(pid) for pid in wanted)


async def run_all(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    worker_counts = [int(part) for part in args.workers.split(",")]
    latencies = [float(part) for part in args.llm_latency.split(",")]
    runs = []
    with running_postgres() as server:
        offset = 0
        for latency in latencies:
            for workers in worker_counts:
                name = f"run_{workers}w_{int(latency * 1000)}ms"
                workdir = root / name
                workdir.mkdir(parents=True, exist_ok=True)
                dsn = server.create_database(name)
                runs.append(await one_run(args, dsn, workers, latency, workdir, offset))
                offset += args.chats * args.links + WARM_UP_PER_WORKER * workers
                print(json.dumps(runs[-1]), file=sys.stderr)
    return {
        "command": "python benchmarks/scale.py " + " ".join(sys.argv[1:]),
        "chats": args.chats,
        "links_per_chat": args.links,
        "cores": os.cpu_count(),
        "note": (
            "one machine: the ingress, the workers, PostgreSQL and the stand-ins share its cores; "
            "the ideal counts only the model's time at the engine cap"
        ),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    with contextlib.ExitStack() as stack:
        if args.workdir is not None:
            args.workdir.mkdir(parents=True, exist_ok=True)
            root = args.workdir.resolve()
        else:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="briefbot-scale-")))
        if os.geteuid() == 0:
            os.chmod(root, 0o755)
        result = asyncio.run(run_all(args, root))
    print(json.dumps(result, indent=2))
    clean = all(run["lost"] == 0 and run["duplicates"] == 0 for run in result["runs"])
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
