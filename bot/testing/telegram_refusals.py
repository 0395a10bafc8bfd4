"""Refusals and silences a test scripts on the Telegram stand-in ahead of the calls they hit.

Why a module of its own: fault tests (flood control, a blocked person, a request cut off on its
way) need to say "the next N calls of this method fail so" without the method's own rules
knowing about it; the server asks this script before it carries out any call.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.errors import TelegramRefusal


@dataclass
class _ScriptedFailure:
    error: TelegramRefusal
    remaining: int


class ScriptedRefusals:
    """Per method (any case): queued failures used up in order, a count of calls to hang, and
    methods held (their calls wait, not yet carried out, until the method is released)."""

    def __init__(self) -> None:
        self._failures: dict[str, list[_ScriptedFailure]] = {}
        self._hangs: dict[str, int] = {}
        self._holds: dict[str, asyncio.Event] = {}
        self._closed = asyncio.Event()

    def fail_next(self, method: str, error: TelegramRefusal, times: int = 1) -> None:
        self._failures.setdefault(method.lower(), []).append(_ScriptedFailure(error, times))

    def hang_next(self, method: str, times: int = 1) -> None:
        self._hangs[method.lower()] = self._hangs.get(method.lower(), 0) + times

    def hold(self, method: str) -> None:
        self._holds.setdefault(method.lower(), asyncio.Event()).clear()

    def release(self, method: str) -> None:
        held = self._holds.pop(method.lower(), None)
        if held is not None:
            held.set()

    def close(self) -> None:
        """The stand-in is stopping: hung calls end now, refused, instead of holding up the
        server's shutdown until its grace period runs out."""
        self._closed.set()

    async def before_call(self, method: str) -> None:
        """Wait while the method is held; hang if a hang is scripted (until the stand-in
        stops); then raise the next scripted failure of `method`, if any."""
        key = method.lower()
        held = self._holds.get(key)
        if held is not None:
            await held.wait()
        if self._hangs.get(key, 0) > 0:
            self._hangs[key] -= 1
            await self._closed.wait()
            raise TelegramRefusal(499, "the stand-in stopped before answering")
        queue = self._failures.get(key)
        if not queue:
            return
        failure = queue[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            queue.pop(0)
        raise failure.error
