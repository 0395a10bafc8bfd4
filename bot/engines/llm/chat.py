"""One structured request to an OpenAI-compatible chat endpoint, with bounded, visible retries.

Why not the SDK's own retries: they are invisible to the caller, so the brief could not say why
it fell back, and tests could not check the waits. The client is built with `max_retries=0` and
tenacity retries 429, 5xx, timeouts and connection errors, waiting for `Retry-After` when the
server sends it and `2 ** attempt` seconds otherwise (both capped at a minute), with the sleep
injected so tests need not wait.

Output format: JSON-schema structured output first. A server that rejects it (HTTP 400 naming
`response_format` or `json_schema`) or ignores it (replies that are not JSON) is asked in plain
JSON mode from then on, and every reply is validated with pydantic. An unusable reply gets one
repair request that sends the validation error back; a second unusable reply is an error.

The request goes through the client's `post` (the SDK's way to any endpoint) with the body as
JSON-ready dicts: `chat.completions.create` would walk the messages and the whole schema
against its parameter types on every call, and ours need no conversion.
"""

from __future__ import annotations

import email.utils
import json
import math
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from bot.engines.llm.prompts import load_prompt
from bot.engines.llm.schema import strict_json_schema
from bot.errors import ModelOutputError, ModelUnavailableError

Output = TypeVar("Output", bound=BaseModel)
Messages = list[dict[str, str]]

MAX_WAIT_SECONDS = 60.0
_MAX_ECHOED_CHARS = 20_000
_FENCE_RE = re.compile(r"\A\s*```(?:json)?\s*(.*?)\s*```\s*\Z", re.DOTALL)


class StructuredChat:
    """Sends chat requests that must come back as one pydantic model."""

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        model: str,
        *,
        max_retries: int,
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self._client = client
        self._model = model
        self._max_retries = max_retries
        self._sleep = sleep
        self.json_schema_supported = True

    async def request(self, messages: Messages, output: type[Output], name: str) -> Output:
        content = await self._complete(messages, output, name)
        try:
            return parse_reply(content, output)
        except ValueError as exc:
            error = describe_error(exc)
            if not content.lstrip().startswith("{"):
                self.json_schema_supported = False
        repair = load_prompt("repair").render(error=error)
        retry_messages = [
            *messages,
            {"role": "assistant", "content": content[:_MAX_ECHOED_CHARS]},
            {"role": "user", "content": repair},
        ]
        content = await self._complete(retry_messages, output, name)
        try:
            return parse_reply(content, output)
        except ValueError as exc:
            raise ModelOutputError(
                f"its reply was not a valid {name} after one repair request: {describe_error(exc)}"
            ) from exc

    async def _complete(self, messages: Messages, output: type[BaseModel], name: str) -> str:
        if self.json_schema_supported:
            schema_format = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": strict_json_schema(output), "strict": True},
            }
            try:
                return await self._with_retries(messages, schema_format)
            except openai.BadRequestError as exc:
                if not _about_response_format(exc):
                    raise ModelUnavailableError(_status_reason(exc)) from exc
                self.json_schema_supported = False
        try:
            return await self._with_retries(messages, {"type": "json_object"})
        except openai.BadRequestError as exc:
            raise ModelUnavailableError(_status_reason(exc)) from exc

    async def _with_retries(self, messages: Messages, response_format: dict[str, Any]) -> str:
        retrying = AsyncRetrying(
            retry=retry_if_exception(_is_transient),
            stop=stop_after_attempt(self._max_retries + 1),
            wait=_wait_for,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    completion = await self._client.post(
                        "/chat/completions",
                        body={
                            "model": self._model,
                            "messages": messages,
                            "response_format": response_format,
                        },
                        cast_to=ChatCompletion,
                    )
        except openai.BadRequestError:
            raise
        except openai.APIStatusError as exc:
            if not _is_transient(exc):
                raise ModelUnavailableError(_status_reason(exc)) from exc
            raise ModelUnavailableError(_after_retries(_status_reason(exc), retrying)) from exc
        except openai.APITimeoutError as exc:
            raise ModelUnavailableError(_after_retries("a timeout", retrying)) from exc
        except openai.APIConnectionError as exc:
            raise ModelUnavailableError(_after_retries("a connection error", retrying)) from exc
        except openai.APIError as exc:
            raise ModelUnavailableError(f"an unreadable response: {exc.message}") from exc
        if not completion.choices:
            return ""
        return completion.choices[0].message.content or ""


def _is_transient(exc: BaseException) -> bool:
    """429, 5xx, timeouts and lost connections are worth another try; the rest are answers."""
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, openai.APITimeoutError | openai.APIConnectionError)


def _wait_for(state: RetryCallState) -> float:
    """The server's `Retry-After` when it sent one, else 1, 2, 4 … seconds; never over a minute."""
    outcome = state.outcome
    failure = outcome.exception() if outcome is not None else None
    wait: float | None = None
    if isinstance(failure, openai.APIStatusError):
        wait = retry_after_seconds(failure.response.headers)
    if wait is None:
        wait = 2.0 ** (state.attempt_number - 1)
    return min(MAX_WAIT_SECONDS, wait)


def parse_reply(content: str, output: type[Output]) -> Output:
    """The reply as the model; raises ValueError (JSON or validation) when it is not one."""
    fenced = _FENCE_RE.match(content)
    text = fenced.group(1) if fenced else content.strip()
    data = json.loads(text)
    return output.model_validate(data)


def describe_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"it was not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    if isinstance(exc, ValidationError):
        problems = [
            f"{'.'.join(str(part) for part in error['loc']) or 'top level'}: {error['msg']}"
            for error in exc.errors()[:10]
        ]
        return "it did not match the required shape: " + "; ".join(problems)
    return str(exc)


def retry_after_seconds(headers: Any) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms`, `retry-after` seconds or date)."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = moment.timestamp() - time.time()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _about_response_format(exc: openai.APIStatusError) -> bool:
    text = f"{exc.message} {exc.body}".lower()
    return any(word in text for word in ("response_format", "json_schema", "structured output"))


def _status_reason(exc: openai.APIStatusError) -> str:
    return f"HTTP {exc.status_code}"


def _after_retries(reason: str, retrying: AsyncRetrying) -> str:
    retries = int(retrying.statistics.get("attempt_number", 1)) - 1
    if retries <= 0:
        return reason
    return f"{reason} after {retries} {'retry' if retries == 1 else 'retries'}"
