"""The OpenAI-compatible stand-in counts calls in flight as the bot's engine cap sees them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx

from bot.testing.openai_server import OpenAIStandIn, Reply


async def _wait_for(predicate: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)


async def test_a_call_whose_client_has_gone_stops_counting_before_its_delay_ends() -> None:
    async with OpenAIStandIn() as llm:
        llm.enqueue(Reply(content="{}", delay=30.0))
        client = httpx.AsyncClient(base_url=llm.base_url, timeout=60)
        call = asyncio.create_task(client.post("/chat/completions", json={"messages": []}))
        await _wait_for(lambda: llm.in_flight == 1, seconds=5)
        call.cancel()
        await client.aclose()
        # Long before the reply's 30 s delay is over, the call no longer counts.
        await _wait_for(lambda: llm.in_flight == 0, seconds=5)
        assert llm.peak_in_flight == 1


async def test_a_delayed_reply_is_still_answered_after_its_delay() -> None:
    async with OpenAIStandIn() as llm:
        llm.enqueue(Reply(content="{}", delay=0.12))  # a few of the stand-in's 50 ms checks
        async with httpx.AsyncClient(base_url=llm.base_url, timeout=10) as client:
            response = await client.post("/chat/completions", json={"messages": []})
        assert response.status_code == 200
        assert response.json()["choices"][0]["message"]["content"] == "{}"
        assert llm.in_flight == 0
