"""A brief's overview and sections shown in place (editing the pressed message), and Refresh.

A section that does not fit one message arrives as replies to the brief instead. Refresh edits
the brief it was pressed under; when the new brief has the same items it says so in a reply
rather than an edit Telegram would refuse as "message is not modified".
"""

from __future__ import annotations

import functools
import logging

from telegram import InlineKeyboardMarkup, Update

from bot.errors import BriefError
from bot.render.overview import same_items
from bot.service import StoredBrief
from bot.telegram import messages
from bot.telegram.context import BotContext
from bot.telegram.delivery import (
    deliver_parts,
    edit_to_part,
    send_part,
    typing,
    waiting_out_floods,
)
from bot.telegram.handlers import admission, briefed_on, chat_zone
from bot.telegram.keyboards import brief_keyboard, section_keyboard
from bot.telegram.render import Part, Section, render_overview_part, render_section_parts

log = logging.getLogger(__name__)


async def _edit_or_send(
    context: BotContext,
    chat_id: int,
    message_id: int | None,
    part: Part,
    markup: InlineKeyboardMarkup,
) -> int:
    """Edit the pressed message; a new message when it cannot be edited (too old, deleted)."""
    if message_id is not None:
        edit = functools.partial(
            edit_to_part, context.bot, chat_id, message_id, part, markup=markup
        )
        if await waiting_out_floods(edit, context.bot_data.services.flood_sleep):
            return message_id
    send = functools.partial(send_part, context.bot, chat_id, part, markup=markup)
    return (await waiting_out_floods(send, context.bot_data.services.flood_sleep)).message_id


async def show_overview(
    context: BotContext, chat_id: int, known: StoredBrief, message_id: int | None
) -> None:
    """The brief's first screen, in place of the pressed message (None: as a new message)."""
    part = render_overview_part(known.brief)
    keyboard = brief_keyboard(known.brief_id, known.brief, known.article)
    if message_id is None:
        send = functools.partial(send_part, context.bot, chat_id, part, markup=keyboard)
        shown = (await waiting_out_floods(send, context.bot_data.services.flood_sleep)).message_id
    else:
        shown = await _edit_or_send(context, chat_id, message_id, part, keyboard)
    await context.bot_data.services.briefs.record_delivery(chat_id, known.brief_id, [shown])


async def show_section(
    context: BotContext, chat_id: int, known: StoredBrief, section: Section, message_id: int | None
) -> None:
    parts = render_section_parts(known.brief, section)
    keyboard = section_keyboard(known.brief_id, known.brief, section)
    briefs = context.bot_data.services.briefs
    if len(parts) == 1:
        shown = await _edit_or_send(context, chat_id, message_id, parts[0], keyboard)
        await briefs.record_delivery(chat_id, known.brief_id, [shown])
        return

    async def record(sent: int) -> None:
        # Each part as it goes out: a failure before the last leaves the others answerable.
        await briefs.record_delivery(chat_id, known.brief_id, [sent])

    await deliver_parts(
        context.bot,
        chat_id,
        parts,
        markup=keyboard,
        reply_to=message_id,
        on_sent=record,
        sleep=context.bot_data.services.flood_sleep,
    )


async def refresh_in_place(
    update: Update, context: BotContext, known: StoredBrief, message_id: int | None
) -> None:
    chat = update.effective_chat
    assert chat is not None
    services = context.bot_data.services
    try:
        async with typing(context.bot, chat.id):
            result = await services.briefs.refresh(
                chat.id, known.brief_id, admit=admission(context, update)
            )
    except BriefError as exc:
        log.info("refresh failed for chat %s: %s", chat.id, exc)
        await context.bot.send_message(
            chat.id, messages.describe_error(exc), reply_to_message_id=message_id
        )
        return
    if result is None:
        await context.bot.send_message(chat.id, messages.NOT_YOURS)
        return
    if same_items(result.brief, known.brief):
        # The story keeps its one entry: the new copy is recorded under the same messages.
        await services.briefs.record_delivery(
            chat.id, result.brief_id, [message_id] if message_id else []
        )
        when = briefed_on(known.created_at, await chat_zone(context, chat.id))
        await context.bot.send_message(
            chat.id,
            f"Nothing changed: the article gives the same brief as on {when}.",
            reply_to_message_id=message_id,
        )
        return
    part = render_overview_part(result.brief, note="Refreshed: the brief changed.")
    keyboard = brief_keyboard(result.brief_id, result.brief, result.article)
    shown = await _edit_or_send(context, chat.id, message_id, part, keyboard)
    await services.briefs.record_delivery(chat.id, result.brief_id, [shown])
