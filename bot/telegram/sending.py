"""Sending briefings within Telegram's limits, and the digest as Telegram HTML (one line a story).

Scheduled briefings go out to many chats at the same minute, so unlike replies they can hit
Telegram's flood limits (about 30 messages a second per bot, about one a second per chat). A
token bucket per chat and one for the bot keep under them; a `RetryAfter` is waited out a few
times; a chat that blocked or removed the bot raises `ChatUnreachable` so the caller can stop
writing to it instead of retrying every day.

Why not PTB's `AIORateLimiter` (which its documentation calls a minimal reference): it keeps one
`aiolimiter` bucket per chat at the group rate (20 a minute) and one for the bot, a `RetryAfter`
for one chat halts the requests of every chat, a chat that blocked the bot is only re-raised as
`Forbidden` (nothing to unsubscribe on), and it has no injectable clock or sleep for tests. The
buckets here wrap only the briefing sends that can meet the limits.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Protocol
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, RetryAfter

from bot.errors import ChatUnreachable
from bot.models import Digest, DigestStory
from bot.telegram.delivery import Sleep, flood_wait, send_part
from bot.telegram.render import Block, Part, esc, pack_blocks

log = logging.getLogger(__name__)

Clock = Callable[[], float]

BOT_RATE = 30.0
CHAT_RATE = 1.0
MAX_BUTTONS = 90
_EPSILON = 1e-9
_GONE = ("chat not found", "user is deactivated", "bot was kicked", "not enough rights")


class TokenBucket:
    """`rate` tokens a second, at most `capacity` saved up; waiters are served in arrival order."""

    def __init__(
        self,
        rate: float,
        capacity: float = 1.0,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("a token bucket needs a positive rate and room for one token")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._tokens = capacity
        self._updated = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    @property
    def full(self) -> bool:
        self._refill()
        return self._tokens >= self.capacity

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                self._refill()
                if self._tokens >= 1 - _EPSILON:  # float sums of waits fall just short of 1
                    self._tokens = max(0.0, self._tokens - 1)
                    return
                await self._sleep((1 - self._tokens) / self.rate)


class FloodLimiter(Protocol):
    """Waits until a message to `chat_id` keeps within the flood limits (in one process, or
    reserved in a table that several share: bot.scale)."""

    async def acquire(self, chat_id: int) -> None: ...


class SendLimiter:
    """One bucket for the bot and one per chat; idle chats' buckets are dropped."""

    def __init__(
        self,
        bot_rate: float = BOT_RATE,
        chat_rate: float = CHAT_RATE,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        max_idle_chats: int = 1000,
    ) -> None:
        self.chat_rate = chat_rate
        self._clock = clock
        self._sleep = sleep
        self._max_idle = max_idle_chats
        self._bot = TokenBucket(bot_rate, max(1.0, bot_rate), clock=clock, sleep=sleep)
        self._chats: dict[int, TokenBucket] = {}

    async def acquire(self, chat_id: int) -> None:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) >= self._max_idle:
                self._chats = {k: b for k, b in self._chats.items() if not b.full}
            bucket = TokenBucket(self.chat_rate, clock=self._clock, sleep=self._sleep)
            self._chats[chat_id] = bucket
        await bucket.acquire()
        await self._bot.acquire()


class BriefingSender:
    """Sends parts through the limiter; waits out flood control, gives up on gone chats."""

    def __init__(
        self,
        limiter: FloodLimiter | None = None,
        *,
        max_retries: int = 3,
        max_wait: float = 120.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limiter: FloodLimiter = limiter or SendLimiter()
        self.max_retries = max_retries
        self.max_wait = max_wait
        self._sleep = sleep

    async def send(
        self,
        bot: Bot,
        chat_id: int,
        part: Part,
        *,
        markup: InlineKeyboardMarkup | None = None,
    ) -> Message:
        attempt = 0
        while True:
            await self.limiter.acquire(chat_id)
            try:
                return await send_part(bot, chat_id, part, markup=markup)
            except Forbidden as exc:
                raise ChatUnreachable(chat_id, exc.message) from exc
            except BadRequest as exc:
                if any(reason in exc.message.lower() for reason in _GONE):
                    raise ChatUnreachable(chat_id, exc.message) from exc
                raise
            except RetryAfter as exc:
                wait = flood_wait(exc)
                attempt += 1
                if attempt > self.max_retries or wait > self.max_wait:
                    raise
                log.info("flood control for chat %s: waiting %.1f s", chat_id, wait)
                await self._sleep(wait)

    async def send_parts(
        self,
        bot: Bot,
        chat_id: int,
        parts: list[Part],
        *,
        markup: InlineKeyboardMarkup | None = None,
    ) -> list[int]:
        """In order, the keyboard under the last part."""
        ids = []
        for index, part in enumerate(parts):
            keyboard = markup if index == len(parts) - 1 else None
            message = await self.send(bot, chat_id, part, markup=keyboard)
            ids.append(message.message_id)
        return ids


# ----------------------------------------------------------------- the digest as HTML

_HEADLINE_MAX = 160
_DENIERS_SHOWN = 2


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_moment(moment: dt.datetime, zone: ZoneInfo) -> str:
    """E.g. "Thu 20 Mar, 07:30 CET", in the chat's zone."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b, %H:%M} {local.tzname() or zone.key}"


def no_news_text(since: dt.datetime | None, zone: ZoneInfo) -> str:
    if since is None:
        return "No new stories in the last day."
    return f"No new stories since {format_moment(since, zone)}."


def _deniers(story: DigestStory) -> str:
    names: list[str] = []
    for denial in story.denials:
        name = _clip(denial.by, 60) if denial.by else None
        if name and name not in names:
            names.append(name)
    if not names:
        return "denied" if story.denials else ""
    shown = ", ".join(names[:_DENIERS_SHOWN])
    more = len(names) - _DENIERS_SHOWN
    line = f"denied by {shown}" + (f" and {more} more" if more > 0 else "")
    left_out: list[str] = []
    for found in story.disagreements:
        left_out += [outlet for outlet in found.left_out_by if outlet not in left_out]
    if left_out:
        verb = "leaves" if len(left_out) == 1 else "leave"
        line += f" ({' and '.join(left_out)} {verb} it out)"
    return line


def story_line(number: int, story: DigestStory) -> Block:
    """One line: the title, the outlets, and who denies it."""
    headline = _clip(story.headline, _HEADLINE_MAX)
    tail = [" · ".join(story.outlets)]
    if story.follow_up:
        tail.append("follow-up")
    denied = _deniers(story)
    if denied:
        tail.append(denied)
    rest = " — ".join(x for x in tail if x)
    return Block(
        f"{number}. <b>{esc(headline)}</b>" + (f" — <i>{esc(rest)}</i>" if rest else ""),
        f"{number}. {headline}" + (f" — {rest}" if rest else ""),
    )


def render_digest_parts(digest: Digest, zone: ZoneInfo) -> list[Part]:
    count = len(digest.stories)
    noun = "story" if count == 1 else "stories"
    since = f"since {format_moment(digest.since, zone)}" if digest.since else "from the last day"
    head = f"{count} {noun} {since}. The buttons open each brief."
    lines = [Block(f"<b>Your briefing</b>\n{esc(head)}", f"Your briefing\n{head}")]
    lines += [story_line(number, story) for number, story in enumerate(digest.stories, 1)]
    return pack_blocks(lines)


def digest_keyboard(digest: Digest) -> InlineKeyboardMarkup | None:
    """A row of `show:<brief_id>` buttons per story: its title, or its outlets when several."""
    rows: list[list[InlineKeyboardButton]] = []
    left = MAX_BUTTONS
    for number, story in enumerate(digest.stories, 1):
        sources = story.sources[:left]
        if len(sources) == 1:
            labels = [f"{number}. {story.headline}"]
        else:
            labels = [f"{number}. {source.outlet}" for source in sources]
        buttons = [
            InlineKeyboardButton(_clip(label, 40), callback_data=f"show:{source.brief_id}")
            for label, source in zip(labels, sources, strict=True)
        ]
        left -= len(buttons)
        rows += [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return InlineKeyboardMarkup(rows) if rows else None


__all__ = [
    "BriefingSender",
    "ChatUnreachable",
    "FloodLimiter",
    "SendLimiter",
    "TokenBucket",
    "digest_keyboard",
    "format_moment",
    "no_news_text",
    "render_digest_parts",
    "story_line",
]
