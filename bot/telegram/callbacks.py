"""Button presses. Callback data is untrusted input: parsed strictly, checked against the chat."""

from __future__ import annotations

import logging
import re

from telegram import Update

from bot.telegram import messages
from bot.telegram.context import BotContext
from bot.telegram.delivery import deliver_parts
from bot.telegram.questions import answer_in_chat, prompt_question
from bot.telegram.render import SECTIONS, render_removed_parts
from bot.telegram.views import refresh_in_place, show_overview, show_section

log = logging.getLogger(__name__)

_ID = "[1-9][0-9]{0,17}"
# `ask:<brief>:<turn>` re-asks an earlier question; `view:<brief>:<what>` opens in place.
_DATA = re.compile(
    rf"^(?P<action>show|refresh|removed|ask):(?P<brief>{_ID})$"
    rf"|^ask:(?P<ask_brief>{_ID}):(?P<turn>{_ID})$"
    rf"|^view:(?P<view_brief>{_ID}):(?P<view>brief|claims|denials|evidence)$"
    r"|^forget:(?P<forget>yes|no)$"
)


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    match = _DATA.fullmatch(query.data or "")
    if match is None:
        log.info("ignored malformed callback data in chat %s", chat.id)
        await query.answer("That button is no longer valid.")
        return
    services = context.bot_data.services
    if match["forget"] is not None:
        await query.answer()
        if match["forget"] == "yes":
            await services.briefs.forget_chat(chat.id)
            await query.edit_message_text("Done: everything stored for this chat has been deleted.")
        else:
            await query.edit_message_text("Nothing was deleted.")
        return
    turn_id: int | None = None
    if match["turn"] is not None:
        action, brief_id, turn_id = "ask", int(match["ask_brief"]), int(match["turn"])
    elif match["view"] is not None:
        action, brief_id = "view", int(match["view_brief"])
    else:
        action, brief_id = match["action"], int(match["brief"])
    known = await services.briefs.chat_brief(chat.id, brief_id)
    if known is None:
        await query.answer(messages.NOT_YOURS, show_alert=True)
        return
    pressed = query.message.message_id if query.message is not None else None
    await query.answer("Refreshing…" if action == "refresh" else None)
    if action == "show":
        await show_overview(context, chat.id, known, None)
    elif action == "view":
        section = next((s for s in SECTIONS if s == match["view"]), None)
        if section is None:
            await show_overview(context, chat.id, known, pressed)
        else:
            await show_section(context, chat.id, known, section, pressed)
    elif action == "removed":
        await deliver_parts(
            context.bot,
            chat.id,
            render_removed_parts(known.article),
            reply_to=pressed,
            sleep=services.flood_sleep,
        )
    elif action == "ask":
        # `ask:<brief>:<turn>` asks the question of that earlier turn about this brief; a turn
        # that is gone (or another chat's) falls back to asking for the question.
        question = await services.briefs.question_of_turn(chat.id, turn_id) if turn_id else None
        if question is not None:
            await answer_in_chat(update, context, brief_id, question)
        else:
            await prompt_question(context, chat.id, brief_id, known.brief.title)
    else:
        await refresh_in_place(update, context, known, pressed)
