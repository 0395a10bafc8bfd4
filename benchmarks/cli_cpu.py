"""CPU of a command-line brief against `python -c "import trafilatura"`, every process counted.

A brief reads its page in an extraction worker process (forked from the command, or started
from a fork server when the command has threads); the command does not wait for every process it
started, so the CPU its own resource usage reports can leave some out. This benchmark starts each
command in a new process group and samples `/proc` until every process of the group has ended,
taking the last CPU time seen for each: the whole cost of the command. The
two commands run in turn; the median of each and their ratio are printed as JSON. Linux only.

    python benchmarks/cli_cpu.py [--runs 5] [--article examples/border-arms.html]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")
_POLL_S = 0.005
_LIMIT_S = 60.0


def _group_cpu(pgid: int, seen: dict[int, float]) -> bool:
    """Record the CPU seconds of every process in the group; False once none is left."""
    alive = False
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) != pgid:
            continue
        alive = True
        seen[int(entry.name)] = (int(fields[11]) + int(fields[12])) / _TICKS
    return alive


def measure(command: list[str]) -> tuple[float, float]:
    """(CPU seconds of all the command's processes, wall seconds until the command exited)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    seen: dict[int, float] = {}
    wall: float | None = None
    while time.perf_counter() - started < _LIMIT_S:
        alive = _group_cpu(process.pid, seen)
        if wall is None and process.poll() is not None:
            wall = time.perf_counter() - started
        if wall is not None and not alive:
            break
        time.sleep(_POLL_S)
    else:
        os.killpg(process.pid, 9)
        process.wait()
        raise SystemExit(f"{command} still running after {_LIMIT_S:.0f} s")
    if process.returncode != 0:
        raise SystemExit(f"{command} exited with {process.returncode}")
    return sum(seen.values()), wall


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--article", type=Path, default=Path("examples/border-arms.html"))
    args = parser.parse_args(argv)
    brief = [sys.executable, "-m", "bot.cli", "brief", str(args.article)]
    baseline = [sys.executable, "-c", "import trafilatura"]
    measure(brief), measure(baseline)  # warm the page cache, unmeasured
    runs: dict[str, list[tuple[float, float]]] = {"brief": [], "import_trafilatura": []}
    for _ in range(args.runs):
        runs["brief"].append(measure(brief))
        runs["import_trafilatura"].append(measure(baseline))
    cpu = {name: statistics.median(c for c, _ in values) for name, values in runs.items()}
    wall = {name: statistics.median(w for _, w in values) for name, values in runs.items()}
    print(
        json.dumps(
            {
                "command": " ".join(["python benchmarks/cli_cpu.py", *(argv or sys.argv[1:])]),
                "runs": args.runs,
                "cpu_s": {name: round(value, 3) for name, value in cpu.items()},
                "wall_s": {name: round(value, 3) for name, value in wall.items()},
                "cpu_over_import_trafilatura": round(cpu["brief"] / cpu["import_trafilatura"], 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
