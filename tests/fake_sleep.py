"""A sleep that records each wait instead of waiting: tests assert a pause was asked for (a
back-off, a Retry-After, flood control) without spending it."""

from __future__ import annotations


class RecordingSleep:
    """Stands in for `asyncio.sleep`; `delays` holds every wait asked for, in order."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
