"""Per-user rate limiting of brief requests (a sliding window), and the notices about it."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Protocol


class UserLimiter(Protocol):
    """What the handlers ask of a rate limit; `RateLimiter` in one process, a table in several."""

    async def peek(self, key: int) -> float:
        """The seconds until `key` may act again (0 when it may now), recording nothing."""
        ...

    async def try_acquire(self, key: int) -> float:
        """Record one event; return 0 when allowed, else the seconds until the next is allowed."""
        ...

    async def first_notice(self, key: int, kind: str) -> bool:
        """Whether `key` has had no notice of `kind` in the window; records one when so. A
        flooding user is told once per window and otherwise met with silence."""
        ...


class RateLimiter:
    """Allows `limit` events per `window` seconds per key. Kept in memory: a restart forgives."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[int, deque[float]] = {}
        self._notices: dict[tuple[int, str], float] = {}

    async def peek(self, key: int) -> float:
        now = self._clock()
        events = self._events.get(key)
        if not events:
            return 0.0
        live = [moment for moment in events if now - moment < self.window]
        if len(live) >= self.limit:
            return self.window - (now - live[0])
        return 0.0

    async def try_acquire(self, key: int) -> float:
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) >= self.limit:
            return self.window - (now - events[0])
        events.append(now)
        return 0.0

    async def first_notice(self, key: int, kind: str) -> bool:
        now = self._clock()
        last = self._notices.get((key, kind))
        if last is not None and now - last < self.window:
            return False
        self._notices[(key, kind)] = now
        return True
