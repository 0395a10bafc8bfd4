"""Process updates of different chats concurrently, and the updates of one chat in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """asyncio locks wake waiters first-in first-out, so each chat sees its updates in order.

    An update first waits for its chat's turn and only then takes one of `max_running` slots:
    a chat that sends hundreds of messages while its brief is being written queues behind
    itself and cannot hold the slots that other chats need. PTB's own bound (which an update
    holds while it waits) is set far higher, as a cap on what may be queued at all.
    """

    def __init__(self, max_running: int = 256, max_queued: int = 65_536) -> None:
        super().__init__(max_queued)
        self._running = asyncio.Semaphore(max_running)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat_id = _chat_id(update)
        if chat_id is None:
            async with self._running:
                await coroutine
            return
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._waiting[chat_id] = self._waiting.get(chat_id, 0) + 1
        try:
            async with lock, self._running:
                await coroutine
        finally:
            self._waiting[chat_id] -= 1
            if self._waiting[chat_id] == 0:
                del self._waiting[chat_id]
                del self._locks[chat_id]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def _chat_id(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None
