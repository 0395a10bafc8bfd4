"""The queue of updates behind the Telegram stand-in's getUpdates, with Telegram's long polling.

Why it matters to tests: PTB's Updater relies on the exact semantics (an update is re-delivered
until a later offset confirms it, a long poll returns as soon as something arrives, a second
concurrent poll ends the first with 409), so a bot that polls twice or loses updates shows it here.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from bot.errors import TelegramRefusal

CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class UpdateQueue:
    """Pending updates in update_id order; pollers are woken the moment one is queued."""

    def __init__(self, max_poll_seconds: float = 30.0) -> None:
        self.max_poll_seconds = max_poll_seconds
        self._pending: list[dict[str, Any]] = []
        self._last_queued_id = 0
        self._next_id = 1
        self._wakeup = asyncio.Event()
        self._poll_owner: object | None = None
        self._closing = False

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def allocate_id(self) -> int:
        update_id = self._next_id
        self._next_id += 1
        return update_id

    def put(self, update: dict[str, Any]) -> int:
        """Queue a copy of `update`; an update_id not above the last queued one is replaced."""
        update = dict(update)
        update_id = update.get("update_id")
        if not isinstance(update_id, int) or update_id <= self._last_queued_id:
            update_id = self.allocate_id()
        self._next_id = max(self._next_id, update_id + 1)
        self._last_queued_id = update["update_id"] = update_id
        self._pending.append(update)
        self._wake()
        return update_id

    def drop_pending(self) -> None:
        self._pending.clear()

    def close(self) -> None:
        """Answer every waiting poll now, so the server can stop without waiting for timeouts."""
        self._closing = True
        self._wake()

    async def poll(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """getUpdates: confirm below `offset`, then wait up to `timeout` s for anything pending."""
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif isinstance(offset, int) and offset < 0:
            self._pending = self._pending[offset:]
        limit = min(max(int(params.get("limit", 100)), 1), 100)
        allowed = set(params.get("allowed_updates") or ())
        timeout = min(max(float(params.get("timeout", 0)), 0.0), self.max_poll_seconds)
        me = object()
        self._poll_owner = me
        self._wake()  # an older poll sees that it lost and answers 409, as Telegram does
        deadline = time.monotonic() + timeout
        while True:
            if self._poll_owner is not me:
                raise TelegramRefusal(409, CONFLICT)
            ready = [u for u in self._pending if not allowed or allowed & set(u)]
            remaining = deadline - time.monotonic()
            if ready or remaining <= 0 or self._closing:
                self._poll_owner = None
                return ready[:limit]
            wakeup = self._wakeup
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wakeup.wait(), remaining)

    def _wake(self) -> None:
        self._wakeup.set()
        self._wakeup = asyncio.Event()
