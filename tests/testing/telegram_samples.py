"""What the Telegram stand-in's tests share: a chat, a keyboard, and the last call's refusal."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.testing.telegram import TelegramStandIn

CHAT = 5001
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])


def rejection(telegram: TelegramStandIn) -> str | None:
    return telegram.calls[-1].error
