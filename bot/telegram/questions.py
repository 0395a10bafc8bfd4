"""Follow-up questions: a reply to a brief, the "Ask about this" button, or /ask."""

from __future__ import annotations

import logging

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.errors import BriefError, StoreError
from bot.qa.story_match import pick_story
from bot.service import Stage, StoredBrief
from bot.telegram import messages
from bot.telegram.context import BotContext
from bot.telegram.delivery import deliver_parts, typing
from bot.telegram.render import render_answer_parts

log = logging.getLogger(__name__)

ASK_PROMPT = "Reply to this message with your question about “{title}”."


async def answer_in_chat(
    update: Update,
    context: BotContext,
    brief_id: int,
    question: str,
    *,
    known: StoredBrief | None = None,
) -> int | None:
    """Answer and deliver; the id of the stored turn, None when there is none to point at.
    `known`: the chat's brief of that id, when the caller read it already."""
    chat = update.effective_chat
    message = update.effective_message
    assert chat is not None
    question = question.strip()
    reply_to = message.message_id if message else None
    if not question:
        await context.bot.send_message(
            chat.id, "Please write a question.", reply_to_message_id=reply_to
        )
        return None
    services = context.bot_data.services
    try:
        async with typing(context.bot, chat.id) as indicator:

            async def progress(stage: Stage) -> None:
                if stage == "writing":
                    indicator.start()

            asked = await services.briefs.ask(
                chat.id, brief_id, question, progress=progress, known=known
            )
    except BriefError as exc:
        await context.bot.send_message(
            chat.id, messages.describe_error(exc), reply_to_message_id=reply_to
        )
        return None
    if asked is None:
        await context.bot.send_message(chat.id, messages.NOT_YOURS, reply_to_message_id=reply_to)
        return None
    title = asked.about.brief.title

    async def record(sent: int) -> None:
        # Replies to each part continue the same story (unless storage refuses to remember it).
        try:
            await services.briefs.record_delivery(chat.id, brief_id, [sent])
        except StoreError as exc:
            log.warning("answer delivered but not recorded in chat %s: %s", chat.id, exc)

    await deliver_parts(
        context.bot,
        chat.id,
        render_answer_parts(asked.answer, title),
        reply_to=reply_to,
        on_sent=record,
        sleep=context.bot_data.services.flood_sleep,
    )
    return asked.turn_id


async def prompt_question(
    context: BotContext, chat_id: int, brief_id: int, title: str | None
) -> None:
    prompt = await context.bot.send_message(
        chat_id,
        ASK_PROMPT.format(title=title or "this story"),
        reply_markup=ForceReply(selective=True, input_field_placeholder="Your question"),
    )
    await context.bot_data.services.briefs.record_delivery(chat_id, brief_id, [prompt.message_id])


async def ask_command(update: Update, context: BotContext) -> None:
    chat = update.effective_chat
    message = update.effective_message
    if chat is None or message is None:
        return
    services = context.bot_data.services
    recent = await services.briefs.history(chat.id, limit=5)
    if not recent:
        await message.reply_text(
            "There is no story in this chat to ask about yet. Send me a link first."
        )
        return
    question = " ".join(context.args or []).strip()
    if not question:
        await message.reply_text("Write your question after /ask, e.g. /ask who denied the claim?")
        return
    # The story the question is about, among the chat's recent ones; the others are offered
    # only when one of them matches about as well.
    pick = pick_story(
        question, [f"{item.brief.title or ''}\n{item.article.text}" for item in recent]
    )
    chosen = recent[pick.best]
    turn_id = await answer_in_chat(update, context, chosen.brief_id, question, known=chosen)
    if pick.unsure:
        # The button names the stored turn, so the same question is asked about the pick,
        # after a restart too. Without a stored turn, the pick asks for the question again.
        again = f":{turn_id}" if turn_id is not None else ""
        buttons = [
            [
                InlineKeyboardButton(
                    _short(item.brief.title or "Untitled"),
                    callback_data=f"ask:{item.brief_id}{again}",
                )
            ]
            for item in recent
            if item.brief_id != chosen.brief_id
        ]
        offer = "the same question about" if turn_id is not None else "about"
        await message.reply_text(
            f"Another story matches that question too. To ask {offer} another, pick it:",
            reply_markup=InlineKeyboardMarkup(buttons),
        )


def _short(title: str) -> str:
    return title if len(title) <= 60 else title[:59] + "…"
