"""Message and command handlers: links and pasted text in, briefs out."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.ext import ApplicationHandlerStop

from bot.errors import BriefError, RateLimitedError
from bot.ingest.source import is_url
from bot.service import ChatBrief, Stage
from bot.telegram import messages
from bot.telegram.context import BotContext
from bot.telegram.delivery import (
    StatusMessage,
    TypingIndicator,
    delete_quietly,
    send_part,
    typing,
    waiting_out_floods,
)
from bot.telegram.keyboards import brief_keyboard, open_button, repeat_keyboard
from bot.telegram.render import render_overview_part

log = logging.getLogger(__name__)
_ASK_DATA = re.compile(r"ask:(\d+)")

_BARE_DOMAIN = re.compile(r"^[\w.-]+\.[a-z]{2,}(/\S*)?$", re.I)


def message_links(message: Message) -> list[str]:
    """Links from Telegram's own entities (url and text_link), in order, without repeats."""
    links: list[str] = []
    found = message.parse_entities([MessageEntity.URL, MessageEntity.TEXT_LINK])
    found.update(message.parse_caption_entities([MessageEntity.URL, MessageEntity.TEXT_LINK]))
    for entity, text in sorted(found.items(), key=lambda pair: pair[0].offset):
        link = entity.url if entity.type == MessageEntity.TEXT_LINK and entity.url else text
        if not is_url(link):
            link = f"https://{link}"
        if link not in links:
            links.append(link)
    return links


async def gate(update: Update, context: BotContext) -> None:
    """Runs before every handler: the optional allow-lists of users and chats."""
    settings = context.bot_data.services.settings
    user = update.effective_user
    chat = update.effective_chat
    allowed = (
        not settings.allowed_user_ids or (user is not None and user.id in settings.allowed_user_ids)
    ) and (
        not settings.allowed_chat_ids or (chat is not None and chat.id in settings.allowed_chat_ids)
    )
    if allowed:
        return
    log.info("refused update from user %s in chat %s", user and user.id, chat and chat.id)
    if update.callback_query is not None:
        await update.callback_query.answer(messages.PRIVATE_BOT)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(messages.PRIVATE_BOT)
    raise ApplicationHandlerStop


async def start(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(messages.START)


async def help_command(update: Update, context: BotContext) -> None:
    settings = context.bot_data.services.settings
    if update.effective_message:
        await update.effective_message.reply_text(
            messages.HELP.format(max_links=settings.max_links_per_message)
        )


async def brief_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    links = message_links(message)
    if not links:
        links = [
            arg if is_url(arg) else f"https://{arg}"
            for arg in context.args or []
            if _looks_linkish(arg)
        ]
    if not links:
        await message.reply_text(
            "Send /brief followed by a link, e.g. /brief https://example.org/story"
        )
        return
    await _brief_links(update, context, links)


def _looks_linkish(text: str) -> bool:
    return is_url(text) or bool(_BARE_DOMAIN.match(text))


async def on_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or update.effective_chat is None:
        return
    text = message.text or message.caption or ""
    links = message_links(message)
    if links:
        await _brief_links(update, context, links)
        return
    services = context.bot_data.services
    replied = message.reply_to_message
    if replied is not None:
        known = await services.briefs.brief_for_message(
            update.effective_chat.id, replied.message_id
        )
        carried = (
            _brief_on_buttons(replied, context.bot.id, update.effective_chat.id)
            if known is None
            else None
        )
        if carried is not None:
            # The bot's own message with that brief's buttons, whose delivery a stop between
            # sending and recording left unrecorded: Telegram vouches that it is in this chat.
            known = await services.briefs.adopt_message(
                update.effective_chat.id, carried, replied.message_id
            )
        if known is not None:
            from bot.telegram.questions import answer_in_chat

            await answer_in_chat(update, context, known.brief_id, text, known=known)
            return
    if len(text.strip()) >= services.settings.min_text_chars:
        await _brief_text(update, context, text)
        return
    sender = update.effective_user.id if update.effective_user else update.effective_chat.id
    if await services.limiter.first_notice(sender, "hint"):
        await message.reply_text(messages.HINT.format(min_chars=services.settings.min_text_chars))


async def _brief_links(update: Update, context: BotContext, links: list[str]) -> None:
    message = update.effective_message
    assert message is not None
    limit = context.bot_data.services.settings.max_links_per_message
    skipped = links[limit:]
    if skipped:
        # First, so the note is not lost under the briefs; it names what was left out.
        noun = "link" if len(skipped) == 1 else "links"
        named = "\n".join(f"• {link}" for link in skipped)
        await message.reply_text(
            f"I brief at most {limit} links per message, so I'll skip {len(skipped)} {noun}; "
            f"send them in another message:\n{named}",
            disable_web_page_preview=True,
        )
    for link in links[:limit]:
        await run_brief(update, context, link=link)


def _brief_on_buttons(message: Message, bot_id: int, chat_id: int) -> int | None:
    """The brief id an "Ask about this" button of the bot's own message carries."""
    if message.from_user is None or message.from_user.id != bot_id:
        return None
    if message.chat.id != chat_id:
        return None
    if message.reply_markup is None:
        return None
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            match = _ASK_DATA.fullmatch(str(button.callback_data or ""))
            if match:
                return int(match.group(1))
    return None


async def _brief_text(update: Update, context: BotContext, text: str) -> None:
    await run_brief(update, context, text=text)


def admission(context: BotContext, update: Update) -> Callable[[bool], Awaitable[None]]:
    """The rate limit for whoever asked: charged only when the engine is about to write."""
    services = context.bot_data.services
    user, chat = update.effective_user, update.effective_chat
    key = user.id if user else (chat.id if chat else 0)

    async def admit(charge: bool) -> None:
        wait = await (services.limiter.try_acquire(key) if charge else services.limiter.peek(key))
        if wait > 0:
            raise RateLimitedError(wait)

    return admit


async def chat_zone(context: BotContext, chat_id: int) -> ZoneInfo:
    services = context.bot_data.services
    current = await services.briefs.subscription(chat_id)
    name = current.timezone if current is not None else services.settings.default_timezone
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def briefed_on(moment: dt.datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local.day} {local:%b, %H:%M}"


async def run_brief(
    update: Update,
    context: BotContext,
    *,
    link: str | None = None,
    text: str | None = None,
) -> None:
    """One brief with progress: a status message through the stages, then the brief as a new
    message (so the notification shows its title) and the status message deleted."""
    chat = update.effective_chat
    assert chat is not None
    services = context.bot_data.services
    reply_to = update.message.message_id if update.message else None
    status = StatusMessage(context.bot, chat.id, reply_to=reply_to)

    indicator: TypingIndicator | None = None

    async def progress(stage: Stage) -> None:
        if stage == "writing" and indicator is not None:
            indicator.start()  # typing only once the engine writes for this chat
        await status.show(messages.STAGES[stage])

    admit = admission(context, update)
    result: ChatBrief
    try:
        async with typing(context.bot, chat.id) as indicator:
            if link is not None:
                result = await services.briefs.brief_url(
                    chat.id, link, progress=progress, admit=admit
                )
            else:
                result = await services.briefs.brief_text(
                    chat.id, text or "", progress=progress, admit=admit
                )
    except BriefError as exc:
        log.info("brief failed for chat %s: %s", chat.id, exc)
        user = update.effective_user
        key = user.id if user else chat.id
        if isinstance(exc, RateLimitedError) and not await services.limiter.first_notice(
            key, "limit"
        ):
            # One notice per window to a flooding user; after that, quiet.
            if status.message_id is not None:
                await delete_quietly(context.bot, chat.id, status.message_id)
            return
        where = f" ({link})" if link else ""
        failure = messages.describe_error(exc)
        if status.message_id is not None:
            await status.show(failure + where)
        else:
            await context.bot.send_message(chat.id, failure + where, reply_to_message_id=reply_to)
        return
    if result.stored:
        await _repeat_reply(context, chat.id, result, reply_to)
    else:
        ahead = status.message_id
        if ahead is not None:
            # Pending first: a stop between sending the brief and recording it still lets a
            # reply to it be answered after a restart (the brief reached this chat), but the chat
            # is given the brief only once it is out, so a job run again sends it.
            await services.briefs.record_pending_delivery(chat.id, result.brief_id, ahead)
        part = render_overview_part(result.brief)
        keyboard = brief_keyboard(result.brief_id, result.brief, result.article)
        send = functools.partial(
            send_part, context.bot, chat.id, part, markup=keyboard, reply_to=reply_to
        )
        try:
            sent = await waiting_out_floods(send, services.flood_sleep)
        except Exception:
            # Not shown after all: the next request for the link writes it out, not "briefed on".
            if ahead is not None:
                await services.briefs.undo_delivery(chat.id, result.brief_id, ahead)
            raise
        # The status goes before the delivery is recorded: a job run again after a stop in
        # between (bot.scale) finds the brief still pending and takes this same way, its sends
        # answered from the journal, instead of a "briefed on" reply that would leave the
        # status message on screen.
        if ahead is not None:
            await delete_quietly(context.bot, chat.id, ahead)
        await services.briefs.record_delivery(chat.id, result.brief_id, [sent.message_id])
        return
    if status.message_id is not None:
        await delete_quietly(context.bot, chat.id, status.message_id)


async def _repeat_reply(
    context: BotContext, chat_id: int, result: ChatBrief, reply_to: int | None
) -> None:
    """A link the chat already has: when and what, with Open and Refresh, not the brief again."""
    title = result.brief.title or result.article.title or "this story"
    when = result.delivered_at
    line = (
        f"Briefed on {briefed_on(when, await chat_zone(context, chat_id))}: {title}"
        if when is not None
        else f"Briefed before: {title}"
    )
    sent = await context.bot.send_message(
        chat_id,
        line,
        reply_markup=repeat_keyboard(result.brief_id),
        reply_to_message_id=reply_to,
        disable_web_page_preview=True,
    )
    await context.bot_data.services.briefs.record_delivery(
        chat_id, result.brief_id, [sent.message_id]
    )


async def history(update: Update, context: BotContext) -> None:
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    services = context.bot_data.services
    stored = await services.briefs.history(chat.id, limit=services.settings.history_size)
    if not stored:
        await message.reply_text("No briefs in this chat yet. Send me a link to start.")
        return
    lines = ["Recent briefs, newest first:"]
    buttons = []
    for index, item in enumerate(stored, 1):
        title = item.brief.title or item.article.title or (item.article.url or "Pasted text")
        short = title if len(title) <= 60 else title[:59] + "…"
        lines.append(f"{index}. {short}")
        buttons.append([open_button(f"{index}. {short}", item.brief_id)])
    await message.reply_text("\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons))


async def forget(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes, delete everything", callback_data="forget:yes"),
                InlineKeyboardButton("Cancel", callback_data="forget:no"),
            ]
        ]
    )
    await message.reply_text(
        "Delete every brief, question and setting stored for this chat? This cannot be undone.",
        reply_markup=keyboard,
    )


__all__ = [
    "admission",
    "brief_command",
    "briefed_on",
    "chat_zone",
    "forget",
    "gate",
    "help_command",
    "history",
    "message_links",
    "on_text",
    "run_brief",
    "start",
]
