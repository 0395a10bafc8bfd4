"""The Telegram stand-in, exercised by the real python-telegram-bot over real HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.testing.errors import HTMLParseError
from bot.testing.telegram import BOT_USERNAME, TelegramStandIn
from bot.testing.telegram_html import parse_html, utf16_length

CHAT = 5001
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])


@pytest.fixture
async def app(telegram: TelegramStandIn) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    application = telegram.application_builder().build()
    await application.initialize()
    yield application
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()


def _rejection(telegram: TelegramStandIn) -> str | None:
    return telegram.calls[-1].error


# ----------------------------------------------------------------- sending


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
    assert _rejection(telegram) == f"Bad Request: {description}"
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


# ----------------------------------------------------------------- editing and deleting


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
    assert _rejection(telegram) == (
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


# ----------------------------------------------------------------- failures


async def test_scripted_429_raises_retry_after_once(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    telegram.fail_next(
        "sendMessage", error_code=429, description="Too Many Requests: retry after 3", retry_after=3
    )
    with pytest.raises(RetryAfter) as raised:
        await app.bot.send_message(CHAT, "flood")
    assert raised.value.retry_after == dtm.timedelta(seconds=3)
    await app.bot.send_message(CHAT, "flood")
    assert [m.text for m in telegram.sent_messages(CHAT)] == ["flood"]
    assert [call.error for call in telegram.calls_to("sendMessage")] == [
        "Too Many Requests: retry after 3",
        None,
    ]


async def test_blocked_chat_and_scripted_403_raise_forbidden(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    telegram.blocked_chats.add(CHAT)
    with pytest.raises(Forbidden, match=r"^Forbidden: bot was blocked by the user$"):
        await app.bot.send_message(CHAT, "hello?")
    with pytest.raises(Forbidden):
        await app.bot.send_chat_action(CHAT, "typing")

    telegram.fail_next(
        "sendMessage", error_code=403, description="Forbidden: bot was kicked", times=2
    )
    for _ in range(2):
        with pytest.raises(Forbidden, match="kicked"):
            await app.bot.send_message(CHAT + 1, "hi")
    await app.bot.send_message(CHAT + 1, "hi")
    assert telegram.sent_messages(CHAT) == []
    assert len(telegram.sent_messages(CHAT + 1)) == 1


# ----------------------------------------------------------------- updates


async def test_get_updates_confirms_by_offset(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    first = telegram.queue_update(telegram.user_message(CHAT, "one"))
    second = telegram.queue_update(telegram.user_message(CHAT, "two"))

    unconfirmed = await app.bot.get_updates(timeout=0)
    again = await app.bot.get_updates(timeout=0)
    assert [u.update_id for u in unconfirmed] == [u.update_id for u in again] == [first, second]
    remaining = await app.bot.get_updates(offset=second, timeout=0)
    assert [u.update_id for u in remaining] == [second]
    assert await app.bot.get_updates(offset=second + 1, timeout=0) == ()


async def test_long_poll_returns_when_an_update_is_queued(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    poll = asyncio.create_task(app.bot.get_updates(timeout=20, read_timeout=25))
    await telegram.wait_for(lambda: bool(telegram.calls_to("getUpdates")))
    assert not poll.done()
    update_id = telegram.queue_update(telegram.command(CHAT, "/start"))
    updates = await asyncio.wait_for(poll, 5)
    assert [u.update_id for u in updates] == [update_id]
    message = updates[0].message
    assert message is not None
    assert message.text == "/start"
    assert message.entities[0].type == "bot_command"


async def test_a_second_poll_ends_the_first_with_conflict(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    first = asyncio.create_task(app.bot.get_updates(timeout=20, read_timeout=25))
    await telegram.wait_for(lambda: bool(telegram.calls_to("getUpdates")))
    # PTB keeps one connection for getUpdates, so the rival poll is a second bot instance.
    async with Bot(telegram.token, base_url=telegram.base_url) as rival:
        assert await rival.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 5)


async def test_polling_delivers_each_update_once_and_records_the_reply(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    seen: list[int] = []

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        seen.append(update.update_id)
        await update.effective_message.reply_html(f"<b>got</b> {update.effective_message.text}")

    app.add_handler(CommandHandler("brief", echo))
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=10)
    await app.start()

    first = telegram.queue_update(telegram.command(CHAT, "/brief one"))
    await telegram.wait_for(lambda: len(telegram.sent_messages(CHAT)) == 1)
    # The next poll confirms the first update; only then is the second queued.
    await telegram.wait_for(
        lambda: any(c.params.get("offset") == first + 1 for c in telegram.calls_to("getUpdates"))
    )
    second = telegram.queue_update(telegram.command(CHAT, "/brief two"))
    await telegram.wait_for(lambda: len(telegram.sent_messages(CHAT)) == 2)

    assert seen == [first, second]
    assert [m.visible_text for m in telegram.sent_messages(CHAT)] == [
        "got /brief one",
        "got /brief two",
    ]
    assert telegram.sent_messages(CHAT)[0].reply_to_message_id is None
    # The update is dropped from the queue once a later poll confirms it.
    await telegram.wait_for(lambda: telegram.updates.pending_count == 0)


async def test_callback_query_round_trip(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Loading")
        await query.edit_message_text(f"Chose {query.data}")

    app.add_handler(CallbackQueryHandler(press))
    sent = await app.bot.send_message(CHAT, "Pick one", reply_markup=KEYBOARD)
    update = telegram.callback_query(CHAT, sent.message_id, "more:1")
    await app.process_update(Update.de_json(update, app.bot))

    assert telegram.sent_messages(CHAT)[0].visible_text == "Chose more:1"
    (answer,) = telegram.calls_to("answerCallbackQuery")
    assert answer.params["text"] == "Loading"
    with pytest.raises(BadRequest, match=r"^Query is too old"):
        await app.bot.answer_callback_query(answer.params["callback_query_id"])


async def test_commands_and_webhook_calls_are_recorded(
    telegram: TelegramStandIn,
    app: Application,  # type: ignore[type-arg]
) -> None:
    await app.bot.set_my_commands([("brief", "Brief an article"), ("help", "How to use")])
    commands = await app.bot.get_my_commands()
    assert [(c.command, c.description) for c in commands] == [
        ("brief", "Brief an article"),
        ("help", "How to use"),
    ]
    with pytest.raises(BadRequest):
        await app.bot.set_my_commands([("Bad-Name", "x")])
    assert _rejection(telegram) == "Bad Request: BOT_COMMAND_INVALID"

    telegram.queue_update(telegram.user_message(CHAT, "stale"))
    await app.bot.set_webhook("https://example.org/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await app.bot.get_updates(timeout=0)
    await app.bot.delete_webhook(drop_pending_updates=True)
    assert await app.bot.get_updates(timeout=0) == ()
    assert telegram.calls_to("setWebhook")[0].params["url"] == "https://example.org/hook"


# ----------------------------------------------------------------- the wire format


async def test_error_bodies_have_telegrams_shape(telegram: TelegramStandIn) -> None:
    telegram.fail_next(
        "sendMessage", error_code=429, description="Too Many Requests: retry after 7", retry_after=7
    )
    async with httpx.AsyncClient(base_url=f"{telegram.base_url}{telegram.token}") as client:
        flooded = await client.post("/sendMessage", json={"chat_id": CHAT, "text": "x"})
        unknown = await client.post("/sendSticker", data={"chat_id": str(CHAT)})
        wrong_token = await client.get(f"{telegram.base_url}0:nope/getMe")
        as_json = await client.post(
            "/sendMessage",
            json={"chat_id": CHAT, "text": "[]", "reply_markup": {"inline_keyboard": []}},
        )
    assert (flooded.status_code, flooded.json()) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7},
        },
    )
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert wrong_token.status_code == 401
    assert as_json.json()["result"]["text"] == "[]"
    assert [call.method for call in telegram.calls] == ["sendMessage", "sendSticker", "sendMessage"]


# ----------------------------------------------------------------- the HTML parser alone


def test_parser_reports_utf16_offsets_and_decodes_entities() -> None:
    parsed = parse_html("😀 <b>x&#x1F600;</b> &quot;<a href='https://e.org/a?b=1&amp;c=2'>l</a>")
    assert parsed.text == '😀 x😀 "l'
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 3},
        {"type": "text_link", "offset": 8, "length": 1, "url": "https://e.org/a?b=1&c=2"},
    ]
    assert utf16_length(parsed.text) == 9


@pytest.mark.parametrize(
    "text",
    [
        "<a href=https://x>y</a>",
        "<b",
        '<a href="x>y</a>',
        "&#0;",
        "&#xD800;",
        "&ampx;",
        "<pre><b>x</pre>",
    ],
)
def test_parser_rejects_malformed_markup(text: str) -> None:
    with pytest.raises(HTMLParseError):
        parse_html(text)


def test_parser_accepts_case_and_spacing_variants() -> None:
    parsed = parse_html('<B>x</B> <a  href = "u" >y</a > <i>z</>')
    assert parsed.text == "x y z"
    assert [e["type"] for e in parsed.entities] == ["bold", "text_link", "italic"]
