"""Editing, deleting and replying through the Telegram stand-in, with Telegram's refusals."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest
from telegram.ext import Application

from bot.testing.telegram import TelegramStandIn
from tests.testing.telegram_samples import CHAT, KEYBOARD, rejection


async def test_edit_replaces_text_and_keeps_history(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    sent = await app.bot.send_message(CHAT, "Working…", reply_markup=KEYBOARD)
    await app.bot.edit_message_text("<i>Done</i>", CHAT, sent.message_id, parse_mode="HTML")

    (state,) = telegram.sent_messages(CHAT)
    assert (state.text, state.visible_text, state.parse_mode) == ("<i>Done</i>", "Done", "HTML")
    assert state.previous_texts == ["Working…"]
    assert state.reply_markup is None  # an edit without markup removes the keyboard


async def test_edit_with_same_content_and_markup_is_not_modified(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    sent = await app.bot.send_message(CHAT, "<b>Same</b>", parse_mode="HTML", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match=r"^Message is not modified: specified new message"):
        await app.bot.edit_message_text(
            "<strong>Same</strong>", CHAT, sent.message_id, parse_mode="HTML", reply_markup=KEYBOARD
        )
    assert rejection(telegram) == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    await app.bot.edit_message_text("<b>Same</b>", CHAT, sent.message_id, parse_mode="HTML")
    assert telegram.sent_messages(CHAT)[0].reply_markup is None


async def test_edit_and_delete_of_missing_messages(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    with pytest.raises(BadRequest, match=r"^Message to edit not found$"):
        await app.bot.edit_message_text("new", CHAT, 99)
    with pytest.raises(BadRequest, match=r"^Message to delete not found$"):
        await app.bot.delete_message(CHAT, 99)

    sent = await app.bot.send_message(CHAT, "short-lived")
    assert await app.bot.delete_message(CHAT, sent.message_id) is True
    assert telegram.sent_messages(CHAT)[0].deleted
    with pytest.raises(BadRequest, match=r"^Message to delete not found$"):
        await app.bot.delete_message(CHAT, sent.message_id)
    with pytest.raises(BadRequest, match=r"^Message to edit not found$"):
        await app.bot.edit_message_text("again", CHAT, sent.message_id)


async def test_edit_is_checked_like_a_send(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    sent = await app.bot.send_message(CHAT, "first")
    with pytest.raises(BadRequest, match=r"^Message is too long$"):
        await app.bot.edit_message_text("y" * 4097, CHAT, sent.message_id)
    with pytest.raises(BadRequest, match=r"^Can't parse entities"):
        await app.bot.edit_message_text("<b>x", CHAT, sent.message_id, parse_mode="HTML")
    assert telegram.sent_messages(CHAT)[0].text == "first"


async def test_reply_to_an_unknown_message_is_refused(
    app: Application,  # type: ignore[type-arg]
) -> None:
    with pytest.raises(BadRequest, match=r"^Message to be replied not found$"):
        await app.bot.send_message(CHAT, "reply", reply_to_message_id=77)
    sent = await app.bot.send_message(
        CHAT, "reply", reply_to_message_id=77, allow_sending_without_reply=True
    )
    assert sent.reply_to_message is None
