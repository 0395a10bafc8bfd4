"""CPU per call of the bot's two HTTP clients, each against the transport it replaced.

The Bot API: `sendMessage` through PTB's `HTTPXRequest` and through the bot's `AiohttpRequest`
(bot/telegram/aiohttp_request.py), against the Bot API stand-in. The model: a chat completion
through the OpenAI SDK's default httpx client and through its aiohttp transport
(`openai.DefaultAioHttpClient`), against the OpenAI-compatible stand-in answering at once.
Calls go `--concurrency` at a time, as a busy bot makes them; the stand-ins run in this process,
so the CPU per call includes theirs (the same for both clients). The two clients of each pair
run in turn, after a warm-up each; the JSON gives the CPU milliseconds per call and the ratio.

    python benchmarks/http_clients.py [--calls 1000] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import openai
from telegram import Bot
from telegram.request import BaseRequest, HTTPXRequest

from bot.telegram.aiohttp_request import AiohttpRequest
from bot.testing.openai_server import MODEL, OpenAIStandIn
from bot.testing.telegram import running_telegram_stand_in

_WARM_UP = 30
_TEXT = "A brief of one story, long enough to stand for a real one. " * 12


async def _cpu_per_call(call: Callable[[], Awaitable[Any]], calls: int, concurrency: int) -> float:
    gate = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with gate:
            await call()

    for _ in range(_WARM_UP):
        await call()
    start = time.process_time()
    await asyncio.gather(*(one() for _ in range(calls)))
    return (time.process_time() - start) / calls * 1000


async def _bot_api(calls: int, concurrency: int) -> dict[str, float]:
    measured: dict[str, float] = {}
    async with running_telegram_stand_in() as telegram:
        requests: dict[str, BaseRequest] = {
            "httpx": HTTPXRequest(connection_pool_size=concurrency, pool_timeout=10),
            "aiohttp": AiohttpRequest(connection_pool_size=concurrency, pool_timeout=10),
        }
        for name, request in requests.items():
            async with Bot(telegram.token, base_url=telegram.base_url, request=request) as bot:

                async def send(bot: Bot = bot) -> object:
                    return await bot.send_message(42, _TEXT)

                measured[name] = await _cpu_per_call(send, calls, concurrency)
    return measured


async def _model(calls: int, concurrency: int) -> dict[str, float]:
    measured: dict[str, float] = {}
    async with OpenAIStandIn() as llm:
        llm.answer_automatically(latency=0.0)
        clients = {
            "httpx": openai.AsyncOpenAI(base_url=llm.base_url, api_key="k", max_retries=0),
            "aiohttp": openai.AsyncOpenAI(
                base_url=llm.base_url,
                api_key="k",
                max_retries=0,
                http_client=openai.DefaultAioHttpClient(),
            ),
        }
        messages: Any = [{"role": "user", "content": _TEXT}]
        for name, client in clients.items():

            async def complete(client: openai.AsyncOpenAI = client) -> object:
                return await client.chat.completions.create(model=MODEL, messages=messages)

            try:
                measured[name] = await _cpu_per_call(complete, calls, concurrency)
            finally:
                await client.close()
    return measured


def _pair(measured: dict[str, float]) -> dict[str, float]:
    return {
        "httpx_cpu_ms_per_call": round(measured["httpx"], 3),
        "aiohttp_cpu_ms_per_call": round(measured["aiohttp"], 3),
        "aiohttp_over_httpx": round(measured["aiohttp"] / measured["httpx"], 3),
    }


async def _main(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "command": "python benchmarks/http_clients.py "
        f"--calls {args.calls} --concurrency {args.concurrency}",
        "bot_api_send_message": _pair(await _bot_api(args.calls, args.concurrency)),
        "chat_completion": _pair(await _model(args.calls, args.concurrency)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    os.environ.setdefault("no_proxy", "127.0.0.1,localhost")
    print(json.dumps(asyncio.run(_main(args)), indent=2))


if __name__ == "__main__":
    main()
