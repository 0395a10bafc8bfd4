"""What the load benchmark sees of the bot: every request a chat makes and every final reply.

A Bot API stand-in that reports each message the bot sends or edits, and a tracker that ties it
to the person's message it answers (status messages reply to it, and are later edited into the
brief). A reply is final when it is a brief (it carries the "Ask about this" button), an answer to
a question, or an error told to the person; progress texts are not final.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bot.telegram import messages
from bot.testing.telegram import TelegramStandIn

RequestKind = Literal["link", "repeat", "question"]
Outcome = Literal["brief", "answer", "error"]

_STAGE_TEXTS = frozenset(messages.STAGES.values())


@dataclass
class Request:
    kind: RequestKind
    chat_id: int
    message_id: int
    queued_at: float
    done: asyncio.Event = field(default_factory=asyncio.Event)
    finals: list[tuple[float, Outcome, int]] = field(default_factory=list)

    @property
    def latency(self) -> float | None:
        return self.finals[0][0] - self.queued_at if self.finals else None

    @property
    def outcome(self) -> Outcome | None:
        return self.finals[0][1] if self.finals else None

    @property
    def reply_message_id(self) -> int | None:
        return self.finals[0][2] if self.finals else None


class Tracker:
    """Requests by (chat, message id), and the bot messages that answer them."""

    def __init__(self) -> None:
        self.requests: dict[tuple[int, int], Request] = {}
        self.unattributed = 0
        self._origin: dict[tuple[int, int], int] = {}

    def add(self, request: Request) -> None:
        self.requests[(request.chat_id, request.message_id)] = request

    def sent(self, chat_id: int, message_id: int, reply_to: int | None, params: Any) -> None:
        if reply_to is None:
            self.unattributed += 1
            return
        self._origin[(chat_id, message_id)] = reply_to
        self._classify(chat_id, reply_to, message_id, params)

    def edited(self, chat_id: int, message_id: int, params: Any) -> None:
        origin = self._origin.get((chat_id, message_id))
        if origin is None:
            self.unattributed += 1
            return
        self._classify(chat_id, origin, message_id, params)

    def _classify(self, chat_id: int, origin: int, message_id: int, params: Any) -> None:
        request = self.requests.get((chat_id, origin))
        text = params.get("text")
        if request is None or text in _STAGE_TEXTS:
            return
        formatted = params.get("parse_mode") == "HTML"
        outcome: Outcome
        if request.kind == "question":
            outcome = "answer" if formatted else "error"
        elif _has_ask_button(params.get("reply_markup")):
            outcome = "brief"
        elif not formatted:
            outcome = "error"
        else:
            return  # an earlier part of a brief sent in several messages
        request.finals.append((time.monotonic(), outcome, message_id))
        request.done.set()

    def of_kind(self, kind: RequestKind) -> list[Request]:
        return [request for request in self.requests.values() if request.kind == kind]


def _has_ask_button(markup: Any) -> bool:
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
    return any(
        str(button.get("callback_data", "")).startswith("ask:")
        for row in rows
        for button in row
        if isinstance(button, dict)
    )


class ObservedTelegram(TelegramStandIn):
    """The Bot API stand-in, telling the tracker about every message the bot sends or edits."""

    def __init__(self, tracker: Tracker) -> None:
        super().__init__()
        self.tracker = tracker
        self._send = self.methods.handler("sendMessage")
        self._edit = self.methods.handler("editMessageText")
        self.methods.replace("sendMessage", self._observed_send)
        self.methods.replace("editMessageText", self._observed_edit)

    async def _observed_send(self, params: dict[str, Any]) -> Any:
        result = await self._send(params)
        chat_id, message_id = int(result["chat"]["id"]), int(result["message_id"])
        sent = self.chats.sent_message(chat_id, message_id)
        reply_to = sent.reply_to_message_id if sent is not None else None
        self.tracker.sent(chat_id, message_id, reply_to, params)
        return result

    async def _observed_edit(self, params: dict[str, Any]) -> Any:
        result = await self._edit(params)
        self.tracker.edited(int(result["chat"]["id"]), int(result["message_id"]), params)
        return result


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def latency_summary(requests: list[Request], *shares: float) -> dict[str, float | None]:
    values = [r.latency for r in requests if r.latency is not None]
    summary: dict[str, float | None] = {}
    for share in shares:
        found = percentile(values, share)
        summary[f"p{round(share * 100)}"] = None if found is None else round(found * 1000, 1)
    return summary


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one process, from /proc (Linux only; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command name: state is field 3, utime field 14, stime field 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
