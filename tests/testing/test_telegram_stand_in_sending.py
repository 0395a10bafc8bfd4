"""Sending through the Telegram stand-in with the real python-telegram-bot over real HTTP: what
is recorded, message numbering, and Telegram's own refusals of text and markup."""

from __future__ import annotations

import pytest
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Application

from bot.testing.telegram import BOT_USERNAME, TelegramStandIn
from bot.testing.telegram_html import parse_html
from tests.testing.telegram_samples import CHAT, KEYBOARD, rejection


async def test_initialize_asks_get_me(telegram: TelegramStandIn, app: Application) -> None:  # type: ignore[type-arg]
    assert app.bot.username == BOT_USERNAME
    assert [call.method for call in telegram.calls] == ["getMe"]


async def test_send_message_is_recorded_with_decoded_params(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    sent = await app.bot.send_message(
        CHAT, "<b>Claim</b> &amp; denial", parse_mode=ParseMode.HTML, reply_markup=KEYBOARD
    )

    (call,) = telegram.calls_to("sendMessage")
    assert call.params["chat_id"] == CHAT
    assert call.params["parse_mode"] == "HTML"
    assert call.params["text"] == "<b>Claim</b> &amp; denial"
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "More", "callback_data": "more:1"}]]
    }
    assert sent.text == "Claim & denial"
    assert sent.entities[0].type == "bold"
    (state,) = telegram.sent_messages(CHAT)
    assert (state.message_id, state.visible_text, state.deleted) == (
        sent.message_id,
        sent.text,
        False,
    )


@pytest.mark.parametrize("text", ["123", "[]", '{"a": 1}', "true"])
async def test_text_that_looks_like_json_stays_a_string(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
    text: str,
) -> None:
    await app.bot.send_message(CHAT, text)
    assert telegram.calls_to("sendMessage")[0].params["text"] == text
    assert telegram.sent_messages(CHAT)[0].text == text


async def test_message_ids_grow_per_chat_across_both_sides(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    incoming = telegram.user_message(CHAT, "hello")["message"]["message_id"]
    first = await app.bot.send_message(CHAT, "one", reply_to_message_id=incoming)
    second = await app.bot.send_message(CHAT, "two")
    elsewhere = await app.bot.send_message(CHAT + 1, "three")
    assert (incoming, first.message_id, second.message_id) == (1, 2, 3)
    assert elsewhere.message_id == 1
    assert first.reply_to_message is not None
    assert first.reply_to_message.text == "hello"


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("<b>open", "can't parse entities: Can't find end tag corresponding to start tag \"b\""),
        (
            "<b><i>x</b></i>",
            'can\'t parse entities: Unmatched end tag at byte offset 7, expected "</i>", '
            'found "</b>"',
        ),
        ("<div>x</div>", 'can\'t parse entities: Unsupported start tag "div" at byte offset 0'),
        ("a<br>b", 'can\'t parse entities: Unsupported start tag "br" at byte offset 1'),
        ("1 < 2", 'can\'t parse entities: Unsupported start tag "" at byte offset 2'),
        ("x</b>", "can't parse entities: Unexpected end tag at byte offset 1"),
        ("Tom & Jerry", 'can\'t parse entities: Unescaped "&" at byte offset 4'),
        ("caf&eacute;", 'can\'t parse entities: Unescaped "&" at byte offset 3'),
        (
            '<span class="x">s</span>',
            'can\'t parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0',
        ),
        ("   \n ", "message text is empty"),
        ("<b> </b>", "message text is empty"),
        ("x" * 4097, "message is too long"),
        ("😀" * 2049, "message is too long"),
    ],
)
async def test_rejections_raise_bad_request_with_telegrams_description(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
    text: str,
    description: str,
) -> None:
    with pytest.raises(BadRequest) as raised:
        await app.bot.send_message(CHAT, text, parse_mode=ParseMode.HTML)
    assert rejection(telegram) == f"Bad Request: {description}"
    assert raised.value.message == description.capitalize()
    assert telegram.sent_messages(CHAT) == []


async def test_full_length_message_with_tags_and_entities_is_accepted(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    visible = "<b>" + "x" * 3000 + "</b> " + "&lt;&amp;&#62;" * 365
    assert len(parse_html(visible).text) == 4096
    await app.bot.send_message(CHAT, visible, parse_mode=ParseMode.HTML)
    await app.bot.send_message(CHAT, "😀" * 2048)
    assert [len(m.visible_text) for m in telegram.sent_messages(CHAT)] == [4096, 2048]


async def test_every_supported_tag_is_accepted(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    text = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        '<strike>k</strike><del>d</del><span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler>'
        '<a href="https://example.org/?a=1&amp;b=2">link</a><code>c</code>'
        '<pre><code class="language-python">x = 1</code></pre>'
        "<blockquote>quote</blockquote><blockquote expandable>more</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    sent = await app.bot.send_message(CHAT, text, parse_mode=ParseMode.HTML)
    kinds = [entity.type for entity in sent.entities]
    assert kinds.count("bold") == 2
    assert "expandable_blockquote" in kinds
    link = next(entity for entity in sent.entities if entity.type == "text_link")
    assert link.url == "https://example.org/?a=1&b=2"
    pre = next(entity for entity in sent.entities if entity.type == "pre")
    assert pre.language == "python"
