"""Event-loop lag, measured inside the running bot and written out when it stops.

Why: a handler that blocks the loop (CPU-heavy extraction, a synchronous call) delays every chat
at once, and only the process itself can see that. Opt-in with `BRIEFBOT_LOOP_LAG_REPORT`: a
task sleeps a fixed interval again and again, and how late it wakes up is the lag.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import time
from collections import deque
from pathlib import Path

log = logging.getLogger(__name__)

INTERVAL = 0.05
_MAX_SAMPLES = 200_000  # about three hours at the default interval


class LoopLagMonitor:
    """Samples the loop's lateness every `interval` seconds; `stop()` writes the summary."""

    def __init__(self, report: Path, interval: float = INTERVAL) -> None:
        self.report = report
        self.interval = interval
        self.samples: deque[float] = deque(maxlen=_MAX_SAMPLES)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._sample(), name="loop-lag-monitor"
            )

    async def _sample(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.interval)
            self.samples.append(max(0.0, time.perf_counter() - before - self.interval))

    def summary(self) -> dict[str, float | int]:
        ordered = sorted(self.samples)
        return {
            "samples": len(ordered),
            "interval_ms": self.interval * 1000,
            "p50_ms": _percentile(ordered, 0.50) * 1000,
            "p99_ms": _percentile(ordered, 0.99) * 1000,
            "max_ms": (ordered[-1] if ordered else 0.0) * 1000,
        }

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        try:
            self.report.parent.mkdir(parents=True, exist_ok=True)
            self.report.write_text(json.dumps(self.summary()) + "\n", encoding="utf-8")
        except OSError as exc:
            log.warning("could not write the loop lag report %s: %s", self.report, exc)


def _percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values; 0 for none."""
    if not ordered:
        return 0.0
    rank = min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))
    return ordered[rank]
