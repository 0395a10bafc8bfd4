"""Message and command handlers: links and pasted text in, briefs out."""

from __future__ import annotations

import contextlib
import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.ext import ApplicationHandlerStop

from bot.errors import BriefError, RateLimitedError
from bot.ingest.source import is_url
from bot.service import ChatBrief, Stage
from bot.telegram import messages
from bot.telegram.context import BotContext
from bot.telegram.delivery import StatusMessage, TypingIndicator, delete_quietly, deliver_parts
from bot.telegram.render import render_brief_parts

log = logging.getLogger(__name__)

_BARE_DOMAIN = re.compile(r"^[\w.-]+\.[a-z]{2,}(/\S*)?$", re.I)


def brief_keyboard(brief_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Ask about this", callback_data=f"ask:{brief_id}"),
                InlineKeyboardButton("Show removed text", callback_data=f"removed:{brief_id}"),
            ],
            [InlineKeyboardButton("Refresh", callback_data=f"refresh:{brief_id}")],
        ]
    )


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
        if known is not None:
            from bot.telegram.questions import answer_in_chat

            await answer_in_chat(update, context, known.brief_id, text)
            return
    if len(text.strip()) >= services.settings.min_text_chars:
        await _brief_text(update, context, text)
        return
    sender = update.effective_user.id if update.effective_user else update.effective_chat.id
    if services.limiter.first_notice(sender, "hint"):
        await message.reply_text(messages.HINT.format(min_chars=services.settings.min_text_chars))


async def _brief_links(update: Update, context: BotContext, links: list[str]) -> None:
    message = update.effective_message
    assert message is not None
    limit = context.bot_data.services.settings.max_links_per_message
    for link in links[:limit]:
        await run_brief(update, context, link=link)
    skipped = len(links) - limit
    if skipped > 0:
        noun = "link" if skipped == 1 else "links"
        await message.reply_text(
            f"I brief at most {limit} links per message; {skipped} more {noun} skipped. "
            "Send them in another message."
        )


async def _brief_text(update: Update, context: BotContext, text: str) -> None:
    await run_brief(update, context, text=text)


async def run_brief(
    update: Update,
    context: BotContext,
    *,
    link: str | None = None,
    text: str | None = None,
    refresh_id: int | None = None,
) -> None:
    """One brief with progress: a status message edited through the stages, then the brief."""
    chat = update.effective_chat
    user = update.effective_user
    assert chat is not None
    services = context.bot_data.services
    reply_to = update.message.message_id if update.message else None
    status = StatusMessage(context.bot, chat.id, reply_to=reply_to)
    indicator = TypingIndicator(context.bot, chat.id)

    async def progress(stage: Stage) -> None:
        if stage == "writing":
            indicator.start()
        await status.show(messages.STAGES[stage])

    async def admit(charge: bool) -> None:
        # Charged for each fetch and for each brief of pasted text; a stored brief is free.
        key = user.id if user else chat.id
        wait = services.limiter.try_acquire(key) if charge else services.limiter.peek(key)
        if wait > 0:
            raise RateLimitedError(wait)

    result: ChatBrief | None
    try:
        async with contextlib.aclosing(indicator):
            if refresh_id is not None:
                result = await services.briefs.refresh(
                    chat.id, refresh_id, progress=progress, admit=admit
                )
                if result is None:
                    await context.bot.send_message(chat.id, messages.NOT_YOURS)
                    return
            elif link is not None:
                result = await services.briefs.brief_url(
                    chat.id, link, progress=progress, admit=admit
                )
            else:
                result = await services.briefs.brief_text(
                    chat.id, text or "", progress=progress, admit=admit
                )
    except BriefError as exc:
        log.info("brief failed for chat %s: %s", chat.id, exc)
        key = user.id if user else chat.id
        if isinstance(exc, RateLimitedError) and not services.limiter.first_notice(key, "limit"):
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
    parts = render_brief_parts(result.brief, result.article, stored=result.stored)
    if status.message_id is not None:
        # Recorded before the status message becomes the brief: a process killed right after
        # the edit still knows which brief a reply to that message is about.
        await services.briefs.record_delivery(chat.id, result.brief_id, [status.message_id])
    brief_id = result.brief_id

    async def record(message_id: int) -> None:
        await services.briefs.record_delivery(chat.id, brief_id, [message_id])

    await deliver_parts(
        context.bot,
        chat.id,
        parts,
        markup=brief_keyboard(brief_id),
        replace=status.message_id,
        reply_to=reply_to,
        on_sent=record,
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
        buttons.append(
            [InlineKeyboardButton(f"{index}. {short}", callback_data=f"show:{item.brief_id}")]
        )
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
    "brief_command",
    "brief_keyboard",
    "forget",
    "gate",
    "help_command",
    "history",
    "message_links",
    "on_text",
    "run_brief",
    "start",
]
