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

`answer_automatically(latency=1.0, failure_rate=0.05)` turns on an automatic mode for load tests:
once the scripted replies are used up, every brief request gets a valid brief JSON whose quotes
are sentences of the article in the request, and every answer request an answer quoting the
passage sentence nearest the question, each after `latency` seconds. A `failure_rate` share of
requests fails instead, half with HTTP 500 (after the latency) and half with HTTP 429 (at once).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
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
        self.auto: AutoReplies | None = None
        self.in_flight = 0
        self.peak_in_flight = 0
        """The most completion requests open at once (a cap on engine calls shows here)."""

    def answer_automatically(
        self, *, latency: float = 1.0, failure_rate: float = 0.0, seed: int = 0
    ) -> AutoReplies:
        """Answer every request past the scripted ones from its own article (see module doc)."""
        self.auto = AutoReplies(latency=latency, failure_rate=failure_rate, seed=seed)
        return self.auto

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
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            return await self._complete(request)
        finally:
            self.in_flight -= 1

    async def _interrupted(self, request: web.Request, delay: float) -> bool:
        """Wait out a reply's delay; true if the stand-in closes or the client goes first.

        A client that has gone (a process killed mid-call) no longer holds an engine call, so
        its request stops counting as in flight when its connection closes, not when its
        delay would have ended.
        """
        deadline = time.monotonic() + delay
        while (left := deadline - time.monotonic()) > 0:
            try:
                await asyncio.wait_for(self._closing.wait(), timeout=min(left, 0.05))
                return True
            except TimeoutError:
                pass
            transport = request.transport
            if transport is None or transport.is_closing():
                return True
        return False

    async def _complete(self, request: web.Request) -> web.Response:
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
        if self._queue:
            reply = self._queue.popleft()
        elif self.auto is not None:
            reply = self.auto.reply_for(body)
        else:
            return _error(418, "the stand-in has no scripted reply left", param=None)
        if reply.delay and await self._interrupted(request, reply.delay):
            return _error(503, "the stand-in is shutting down", param=None)
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


_ARTICLE_RE = re.compile(r'<article id="[^"]*">\n?(.*?)\n?</article>', re.DOTALL)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")
_WORD_RE = re.compile(r"\w+")


@dataclass
class AutoReplies:
    """Replies written from each request's own article; counts what it answered."""

    latency: float = 1.0
    failure_rate: float = 0.0
    seed: int = 0
    briefs: int = 0
    answers: int = 0
    failures: int = 0
    _random: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def reply_for(self, body: dict[str, Any]) -> Reply:
        if self.failure_rate > 0 and self._random.random() < self.failure_rate:
            self.failures += 1
            if self._random.random() < 0.5:
                return Reply.failure(429, "stand-in rate limit")
            return Reply.failure(500, "stand-in server error").after(self.latency)
        users = [
            str(message.get("content", ""))
            for message in body.get("messages", [])
            if isinstance(message, dict) and message.get("role") == "user"
        ]
        found = next((m for m in map(_ARTICLE_RE.search, users) if m is not None), None)
        sentences = article_sentences(found.group(1) if found else "")
        if _asks_for_answer(body, users):
            self.answers += 1
            question = users[0].rsplit("Question:", 1)[-1] if users else ""
            reply = Reply.json(answer_quoting(sentences, question))
        else:
            self.briefs += 1
            reply = Reply.json(brief_quoting(sentences))
        return reply.after(self.latency) if self.latency > 0 else reply


def article_sentences(text: str) -> list[str]:
    """Sentences of the article data, each a verbatim span of it."""
    sentences: list[str] = []
    for paragraph in text.split("\n\n"):
        sentences.extend(s.strip() for s in _SENTENCE_END_RE.split(paragraph) if s.strip())
    return sentences


def brief_quoting(sentences: list[str]) -> dict[str, Any]:
    """A brief in the LLM schema whose every item quotes one sentence of the article."""

    def pick(index: int) -> str | None:
        return sentences[index] if index < len(sentences) else None

    claims = [
        {"id": f"c{n}", "text": quote, "by": None, "quote": quote}
        for n, quote in enumerate(filter(None, (pick(0), pick(2))), start=1)
    ]
    denial, evidence, unverified = pick(1), pick(3), pick(4)
    first_claim = "c1" if claims else None
    return {
        "summary": " ".join(sentences[:2]) or "The article is empty.",
        "bottom_line": None,
        "actors": [],
        "claims": claims,
        "denials": [
            {"id": "d1", "text": denial, "by": None, "quote": denial, "responds_to": first_claim}
        ]
        if denial
        else [],
        "evidence": [
            {
                "id": "e1",
                "text": evidence,
                "by": None,
                "quote": evidence,
                "supports": [first_claim] if first_claim else [],
                "undercuts": [],
            }
        ]
        if evidence
        else [],
        "unverified": [{"text": unverified, "quote": unverified}] if unverified else [],
    }


def answer_quoting(sentences: list[str], question: str) -> dict[str, Any]:
    """An answer quoting the sentence that shares the most words with the question."""
    asked = {word.lower() for word in _WORD_RE.findall(question)}
    if not sentences or not asked:
        return {"answered": False, "answer": "The article does not say.", "quotes": []}
    best = max(sentences, key=lambda s: len(asked & {w.lower() for w in _WORD_RE.findall(s)}))
    return {"answered": True, "answer": best, "quotes": [best]}


def _asks_for_answer(body: dict[str, Any], users: list[str]) -> bool:
    response_format = body.get("response_format") or {}
    schema = response_format.get("json_schema") if isinstance(response_format, dict) else None
    if isinstance(schema, dict) and schema.get("name") in ("brief", "answer"):
        return bool(schema.get("name") == "answer")
    return bool(users) and "\nQuestion:" in users[0]


def _error(status: int, message: str, *, param: str | None) -> web.Response:
    kind = "invalid_request_error" if status < 500 else "server_error"
    return web.json_response(
        {"error": {"message": message, "type": kind, "param": param, "code": None}}, status=status
    )


def _rough_tokens(text: str) -> int:
    return (len(text) + 3) // 4
