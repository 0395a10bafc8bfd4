"""One chat cannot reach another chat's brief: not by replying to its message id, not by
forging its buttons. Message ids are per chat, so the same id exists in both chats."""

from __future__ import annotations

from typing import Any

import pytest

from bot.telegram import messages
from bot.testing.telegram_html import utf16_length
from tests.hostile.conftest import PROMO
from tests.telegram.harness import CHAT, OTHER_CHAT, Harness

SECRET_WORDS = ("Lakeside", "Nothing was hidden", "diesel", "Subscribe", "Harbor board")


async def brief_in_chat_a(bot: Harness) -> tuple[int, int]:
    """Chat A gets a brief of the harbour story; returns its message id and brief id."""
    url = bot.pages.url("/promo")
    entity = {"type": "url", "offset": 0, "length": utf16_length(url)}
    await bot.send(bot.telegram.user_message(CHAT, url, entities=[entity]))
    (brief,) = [m for m in bot.telegram.sent_messages(CHAT) if not m.deleted]
    assert brief.reply_markup is not None
    data = [b["callback_data"] for row in brief.reply_markup["inline_keyboard"] for b in row]
    brief_id = int(next(d for d in data if d.startswith("removed:")).split(":")[1])
    return brief.message_id, brief_id


def assert_nothing_of_a_in_chat_b(bot: Harness) -> None:
    seen = "\n".join(bot.texts(OTHER_CHAT))
    for words in SECRET_WORDS:
        assert words not in seen
    assert bot.engine.questions == []


async def test_a_reply_to_another_chats_message_id_is_not_a_question_about_its_brief(
    bot: Harness,
) -> None:
    a_message, _ = await brief_in_chat_a(bot)
    for _ in range(a_message):
        await bot.send(bot.telegram.command(OTHER_CHAT, "/start"))
    # The same id, in another chat (the bot's message or the person's own).
    assert any(m.message_id >= a_message for m in bot.telegram.sent_messages(OTHER_CHAT))

    await bot.send(
        bot.telegram.user_message(
            OTHER_CHAT, "Who denied hiding the spill?", reply_to_message_id=a_message
        )
    )

    assert "paste the article's full text" in bot.texts(OTHER_CHAT)[-1]
    assert_nothing_of_a_in_chat_b(bot)


async def test_a_forged_reply_carrying_chat_a_s_message_is_refused(bot: Harness) -> None:
    a_message, _ = await brief_in_chat_a(bot)
    sent = bot.telegram.chats.sent_message(CHAT, a_message)
    assert sent is not None
    update = bot.telegram.user_message(OTHER_CHAT, "What did the board's spokesman say?")
    # A client that lies: the reply claims to quote chat A's brief message, chat and all.
    update["message"]["reply_to_message"] = bot.telegram.chats.message_json(sent)

    await bot.send(update)

    assert "paste the article's full text" in bot.texts(OTHER_CHAT)[-1]
    assert_nothing_of_a_in_chat_b(bot)


async def test_chat_a_sees_its_own_removed_text(bot: Harness) -> None:
    """The control for the forgery below: the button does show the removed call to action."""
    a_message, brief_id = await brief_in_chat_a(bot)

    await bot.send(bot.telegram.callback_query(CHAT, a_message, f"removed:{brief_id}"))

    assert PROMO in bot.texts(CHAT)[-1]


@pytest.mark.parametrize("action", ["removed", "show", "refresh", "ask"])
async def test_forged_buttons_from_another_chat_are_refused(bot: Harness, action: str) -> None:
    _, brief_id = await brief_in_chat_a(bot)
    await bot.send(bot.telegram.command(OTHER_CHAT, "/start"))
    own = bot.telegram.sent_messages(OTHER_CHAT)[-1]
    before = len(bot.telegram.sent_messages(OTHER_CHAT))

    await bot.send(bot.telegram.callback_query(OTHER_CHAT, own.message_id, f"{action}:{brief_id}"))

    answers: list[dict[str, Any]] = [c.params for c in bot.telegram.calls_to("answerCallbackQuery")]
    assert answers[-1].get("text") == messages.NOT_YOURS
    assert answers[-1].get("show_alert") is True
    assert len(bot.telegram.sent_messages(OTHER_CHAT)) == before
    assert bot.engine.briefs == 1
    assert_nothing_of_a_in_chat_b(bot)
