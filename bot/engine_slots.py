"""The cap on engine calls running at once: in this process, or shared by several (bot.scale)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

Waiting = Callable[[], Awaitable[None]]
"""Awaited once, before the turn, when every slot is taken and the caller has to queue."""


class EngineSlots(Protocol):
    def turn(self, waiting: Waiting) -> AbstractAsyncContextManager[None]:
        """Hold one slot for the block; calls `waiting` first when none is free."""
        ...


class LocalEngineSlots:
    """A semaphore: the embedded mode, one process."""

    def __init__(self, slots: int) -> None:
        self._slots = asyncio.Semaphore(slots)

    @contextlib.asynccontextmanager
    async def turn(self, waiting: Waiting) -> AsyncIterator[None]:
        if self._slots.locked():
            await waiting()
        async with self._slots:
            yield
