"""Sending briefings within Telegram's limits, and the digest as Telegram HTML.

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
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, RetryAfter

from bot.errors import ChatUnreachable
from bot.models import Digest, DigestItem, DigestStory
from bot.telegram.delivery import flood_wait, send_part
from bot.telegram.render import Block, Part, esc, pack_blocks

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

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
        limiter: SendLimiter | None = None,
        *,
        max_retries: int = 3,
        max_wait: float = 120.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limiter = limiter or SendLimiter()
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

_HEADLINE_MAX = 200
_ITEM_MAX = 300
_QUOTE_MAX = 160
_SUMMARY_MAX = 400
_SHOWN = {"claim": 3, "denial": 3, "evidence": 2}
_NOTHING_NEW = "Nothing new since the last briefing."


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


def _item_block(item: DigestItem, *, heading: str = "", show_outlets: bool = True) -> Block:
    text, quote = _clip(item.text, _ITEM_MAX), _clip(item.quote, _QUOTE_MAX)
    who_html = f" — <i>{esc(_clip(item.by, 80))}</i>" if item.by else ""
    who_plain = f" — {_clip(item.by, 80)}" if item.by else ""
    outlets = ", ".join(item.outlets)
    where_html = f" [{esc(outlets)}]" if show_outlets and outlets else ""
    where_plain = f" [{outlets}]" if show_outlets and outlets else ""
    head_html = f"<b>{esc(heading)}</b>\n" if heading else ""
    head_plain = f"{heading}\n" if heading else ""
    return Block(
        f"{head_html}• {esc(text)}{who_html}{where_html}\n<i>“{esc(quote)}”</i>",
        f"{head_plain}• {text}{who_plain}{where_plain}\n“{quote}”",
    )


def _section(
    heading: str, items: list[DigestItem], shown: int, *, show_outlets: bool
) -> list[Block]:
    blocks = [
        _item_block(item, heading=heading if index == 0 else "", show_outlets=show_outlets)
        for index, item in enumerate(items[:shown])
    ]
    hidden = len(items) - shown
    if hidden > 0:
        more = f"+{hidden} more in the full briefs"
        blocks.append(Block(f"<i>{esc(more)}</i>", more))
    return blocks


def _disagreement_block(story: DigestStory) -> Block | None:
    if not story.disagreements:
        return None
    lines_html, lines_plain = [], []
    for found in story.disagreements[: _SHOWN["denial"]]:
        denial = found.denial
        what = f"the denial by {denial.by}" if denial.by else "a denial"
        line = (
            f"{' and '.join(found.reported_by)} "
            f"{'reports' if len(found.reported_by) == 1 else 'report'} {what} "
            f"(“{_clip(denial.text, 120)}”); {' and '.join(found.left_out_by)} "
            f"{'leaves' if len(found.left_out_by) == 1 else 'leave'} it out."
        )
        lines_html.append(f"• {esc(line)}")
        lines_plain.append(f"• {line}")
    return Block(
        "<b>Where outlets differ</b>\n" + "\n".join(lines_html),
        "Where outlets differ\n" + "\n".join(lines_plain),
    )


def story_blocks(number: int, story: DigestStory) -> list[Block]:
    headline = _clip(story.headline, _HEADLINE_MAX)
    outlets = " · ".join(story.outlets)
    tag = "Follow-up" if story.follow_up else "New story"
    summary = _clip(story.summary, _SUMMARY_MAX)
    blocks = [
        Block(
            f"<b>{number}. {esc(headline)}</b>\n<i>{tag} — {esc(outlets)}</i>"
            + (f"\n{esc(summary)}" if summary else ""),
            f"{number}. {headline}\n{tag} — {outlets}" + (f"\n{summary}" if summary else ""),
        )
    ]
    several = len(story.outlets) > 1
    new = [*story.new_denials, *story.new_evidence, *story.new_claims]
    if story.follow_up:
        if new:
            blocks += _section("New since the last briefing", new, 4, show_outlets=several)
        else:
            blocks.append(Block(f"<i>{_NOTHING_NEW}</i>", _NOTHING_NEW))
    shown_new = {id(item) for item in new[:4]}
    for heading, items, kind in (
        ("Claims", story.claims, "claim"),
        ("Denials", story.denials, "denial"),
        ("Evidence", story.evidence, "evidence"),
    ):
        rest = [item for item in items if id(item) not in shown_new]
        blocks += _section(heading, rest, _SHOWN[kind], show_outlets=several)
    differ = _disagreement_block(story)
    if differ is not None:
        blocks.append(differ)
    return blocks


def render_digest_parts(digest: Digest, zone: ZoneInfo) -> list[Part]:
    count = len(digest.stories)
    noun = "story" if count == 1 else "stories"
    since = f"since {format_moment(digest.since, zone)}" if digest.since else "from the last day"
    head = f"{count} {noun} {since}. The buttons open each outlet's full brief."
    blocks = [Block(f"<b>Your briefing</b>\n{esc(head)}", f"Your briefing\n{head}")]
    for number, story in enumerate(digest.stories, 1):
        blocks += story_blocks(number, story)
    return pack_blocks(blocks)


def digest_keyboard(digest: Digest) -> InlineKeyboardMarkup | None:
    """`show:<brief_id>` buttons, labelled with the story number and the outlet."""
    rows: list[list[InlineKeyboardButton]] = []
    left = MAX_BUTTONS
    for number, story in enumerate(digest.stories, 1):
        buttons = [
            InlineKeyboardButton(
                _clip(f"{number}. {source.outlet}", 40), callback_data=f"show:{source.brief_id}"
            )
            for source in story.sources[:left]
        ]
        left -= len(buttons)
        rows += [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return InlineKeyboardMarkup(rows) if rows else None


__all__ = [
    "BriefingSender",
    "ChatUnreachable",
    "SendLimiter",
    "TokenBucket",
    "digest_keyboard",
    "format_moment",
    "no_news_text",
    "render_digest_parts",
    "story_blocks",
]
