"""Sending rendered parts: HTML first, the same content as plain text if Telegram rejects it.

A reply that meets Telegram's flood control (`RetryAfter`) waits the pause out, a few times and
only briefly, so the brief still arrives; a longer pause gives up and leaves the brief in the
store, where the same link finds it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.telegram.render import Part

log = logging.getLogger(__name__)

_TYPING_EVERY = 4.5
FLOOD_RETRIES = 2
MAX_FLOOD_WAIT = 30.0

_Result = TypeVar("_Result")

Sleep = Callable[[float], Awaitable[None]]
"""How a pause is waited out: `asyncio.sleep`, or a test's recording stand-in."""


def flood_wait(exc: RetryAfter) -> float:
    """Seconds Telegram asked to wait; a timedelta when PTB_TIMEDELTA is set, else an int."""
    value: object = exc.retry_after
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return float(value) if isinstance(value, int | float) else 1.0


async def waiting_out_floods(
    call: Callable[[], Awaitable[_Result]], sleep: Sleep = asyncio.sleep
) -> _Result:
    attempt = 0
    while True:
        try:
            return await call()
        except RetryAfter as exc:
            wait = flood_wait(exc)
            attempt += 1
            if attempt > FLOOD_RETRIES or wait > MAX_FLOOD_WAIT:
                log.warning("flood control asks for %.0f s; giving up on this message", wait)
                raise
            log.info("flood control: waiting %.1f s before sending again", wait)
            await sleep(wait)


async def send_part(
    bot: Bot,
    chat_id: int,
    part: Part,
    *,
    markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
) -> Message:
    try:
        return await bot.send_message(
            chat_id,
            part.html,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            reply_to_message_id=reply_to,
            disable_web_page_preview=True,
        )
    except BadRequest as exc:
        if "parse" not in exc.message.lower() and "entit" not in exc.message.lower():
            raise
        log.warning("Telegram rejected HTML (%s); sending plain text", exc.message)
        return await bot.send_message(
            chat_id,
            part.plain,
            reply_markup=markup,
            reply_to_message_id=reply_to,
            disable_web_page_preview=True,
        )


async def edit_to_part(
    bot: Bot,
    chat_id: int,
    message_id: int,
    part: Part,
    *,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """Replace a status message with a part; False when the message cannot be edited."""
    try:
        await bot.edit_message_text(
            part.html,
            chat_id=chat_id,
            message_id=message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            disable_web_page_preview=True,
        )
        return True
    except BadRequest as exc:
        text = exc.message.lower()
        if "parse" in text or "entit" in text:
            with contextlib.suppress(BadRequest):
                await bot.edit_message_text(
                    part.plain,
                    chat_id=chat_id,
                    message_id=message_id,
                    reply_markup=markup,
                    disable_web_page_preview=True,
                )
                return True
        return "not modified" in text


async def deliver_parts(
    bot: Bot,
    chat_id: int,
    parts: list[Part],
    *,
    markup: InlineKeyboardMarkup | None = None,
    replace: int | None = None,
    reply_to: int | None = None,
    on_sent: Callable[[int], Awaitable[None]] | None = None,
    sleep: Sleep = asyncio.sleep,
) -> list[int]:
    """Send parts in order, the keyboard under the last; the first may replace a status message.

    `on_sent` is awaited with each message id as soon as that part is out, so that a crash
    between two parts leaves the parts already sent recorded; `sleep` waits out flood control."""
    ids: list[int] = []
    for index, part in enumerate(parts):
        keyboard = markup if index == len(parts) - 1 else None
        if index == 0 and replace is not None:
            edit = functools.partial(edit_to_part, bot, chat_id, replace, part, markup=keyboard)
            if await waiting_out_floods(edit, sleep):
                ids.append(replace)
                if on_sent is not None:
                    await on_sent(replace)
                continue
            await delete_quietly(bot, chat_id, replace)
        send = functools.partial(send_part, bot, chat_id, part, markup=keyboard, reply_to=reply_to)
        message = await waiting_out_floods(send, sleep)
        ids.append(message.message_id)
        if on_sent is not None:
            await on_sent(message.message_id)
    return ids


async def delete_quietly(bot: Bot, chat_id: int, message_id: int) -> None:
    with contextlib.suppress(TelegramError):
        await bot.delete_message(chat_id, message_id)


class StatusMessage:
    """One message edited through the stages of work, later replaced by the result."""

    def __init__(self, bot: Bot, chat_id: int, reply_to: int | None = None) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.reply_to = reply_to
        self.message_id: int | None = None
        self._text = ""

    async def show(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        try:
            if self.message_id is None:
                message = await self.bot.send_message(
                    self.chat_id, text, reply_to_message_id=self.reply_to
                )
                self.message_id = message.message_id
            else:
                await self.bot.edit_message_text(
                    text, chat_id=self.chat_id, message_id=self.message_id
                )
        except (BadRequest, RetryAfter, NetworkError) as exc:
            # Progress is a courtesy: the brief goes on. A blocked chat (Forbidden) stops it.
            log.debug("status update skipped: %s", exc.message)


class TypingIndicator:
    """The typing action, on only from `start` (the engine writing for this chat) to the end.

    A chat waiting in line for an engine slot reads its status message instead: re-sending the
    action every few seconds for every queued chat was most of the bot's Telegram traffic.
    """

    def __init__(self, bot: Bot, chat_id: int) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._keep_typing())

    async def _keep_typing(self) -> None:
        while True:
            with contextlib.suppress(TelegramError):
                await self.bot.send_chat_action(self.chat_id, ChatAction.TYPING)
            await asyncio.sleep(_TYPING_EVERY)

    async def aclose(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[TypingIndicator]:
    """An indicator the block switches on when the work it waits for begins; off at the end."""
    indicator = TypingIndicator(bot, chat_id)
    try:
        yield indicator
    finally:
        await indicator.aclose()
