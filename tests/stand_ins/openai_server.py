"""A local stand-in for an OpenAI-compatible chat-completions endpoint, scripted per test.

Why: the LLM engine must meet the real `openai` client's HTTP behaviour (status errors,
Retry-After, timeouts, servers without structured output) without the network. The stand-in
serves `POST /v1/chat/completions` and `GET /v1/models` on 127.0.0.1, answers each completion
request with the next scripted `Reply`, and records every request body.

    async with OpenAIStandIn() as server:
        server.enqueue(Reply.failure(503, retry_after="2"), Reply.json({"summary": "..."}))
        settings = Settings(openai_base_url=server.base_url, ...)
        ...
        assert server.requests[0]["response_format"]["type"] == "json_schema"

`reject_json_schema = True` makes the server behave like one without structured output: every
request whose `response_format.type` is `json_schema` gets an OpenAI-style HTTP 400 naming
`response_format`, without using up a scripted reply. With the queue empty the server answers
HTTP 418 (not retried by clients), so a test that sends more requests than it scripted fails
visibly.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web

MODEL = "stand-in-model"


@dataclass(frozen=True)
class Reply:
    """One scripted answer: a message content, or an error status, optionally after a delay."""

    status: int = 200
    content: str | None = None
    error: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    finish_reason: str = "stop"

    @classmethod
    def json(cls, data: Any) -> Reply:
        """The model's message content is `data` serialised as JSON."""
        return cls(content=json.dumps(data))

    @classmethod
    def text(cls, content: str, *, finish_reason: str = "stop") -> Reply:
        """The model's message content is this raw text (prose, broken JSON ...)."""
        return cls(content=content, finish_reason=finish_reason)

    @classmethod
    def failure(
        cls, status: int, message: str = "stand-in failure", *, retry_after: str | None = None
    ) -> Reply:
        """An HTTP error with an OpenAI-style error body and optional Retry-After header."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        kind = "rate_limit_error" if status == 429 else "server_error"
        return cls(
            status=status,
            error={"message": message, "type": kind, "param": None, "code": None},
            headers=headers,
        )

    def after(self, seconds: float) -> Reply:
        """The same reply, sent only after `seconds` (longer than a client timeout to time out)."""
        return Reply(
            status=self.status,
            content=self.content,
            error=self.error,
            headers=self.headers,
            delay=seconds,
            finish_reason=self.finish_reason,
        )


class OpenAIStandIn:
    """The server; use as an async context manager so it always stops."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.reject_json_schema = False
        self._queue: deque[Reply] = deque()
        self._ids = itertools.count(1)
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def enqueue(self, *replies: Reply) -> None:
        self._queue.extend(replies)

    @property
    def pending(self) -> int:
        """Scripted replies not yet used."""
        return len(self._queue)

    async def __aenter__(self) -> OpenAIStandIn:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat_completions)
        app.router.add_get("/v1/models", self._models)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "object": "list",
                "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "stand-in"}],
            }
        )

    async def _chat_completions(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return _error(400, "the request body is not JSON", param=None)
        self.requests.append(body)
        response_format = body.get("response_format") or {}
        if self.reject_json_schema and response_format.get("type") == "json_schema":
            return _error(
                400,
                "Invalid parameter: 'response_format' of type 'json_schema' is not supported "
                "with this model.",
                param="response_format",
            )
        if not self._queue:
            return _error(418, "the stand-in has no scripted reply left", param=None)
        reply = self._queue.popleft()
        if reply.delay:
            try:
                await asyncio.wait_for(self._closing.wait(), timeout=reply.delay)
                return _error(503, "the stand-in is shutting down", param=None)
            except TimeoutError:
                pass
        if reply.status != 200:
            return web.json_response(
                {"error": reply.error}, status=reply.status, headers=reply.headers
            )
        prompt_tokens = _rough_tokens(json.dumps(body.get("messages", [])))
        completion_tokens = _rough_tokens(reply.content or "")
        return web.json_response(
            {
                "id": f"chatcmpl-standin{next(self._ids)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", MODEL),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply.content},
                        "finish_reason": reply.finish_reason,
                        "logprobs": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            },
            headers=reply.headers,
        )


def _error(status: int, message: str, *, param: str | None) -> web.Response:
    kind = "invalid_request_error" if status < 500 else "server_error"
    return web.json_response(
        {"error": {"message": message, "type": kind, "param": param, "code": None}}, status=status
    )


def _rough_tokens(text: str) -> int:
    return (len(text) + 3) // 4
