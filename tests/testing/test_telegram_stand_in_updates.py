"""Updates from the Telegram stand-in: confirmation by offset, long polls, a rival poll's
conflict, callback queries, and the command and webhook calls."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot, Update
from telegram.error import BadRequest, Conflict
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.testing.telegram import TelegramStandIn
from tests.testing.telegram_samples import CHAT, KEYBOARD, rejection


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
    assert rejection(telegram) == "Bad Request: BOT_COMMAND_INVALID"

    telegram.queue_update(telegram.user_message(CHAT, "stale"))
    await app.bot.set_webhook("https://example.org/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await app.bot.get_updates(timeout=0)
    await app.bot.delete_webhook(drop_pending_updates=True)
    assert await app.bot.get_updates(timeout=0) == ()
    assert telegram.calls_to("setWebhook")[0].params["url"] == "https://example.org/hook"
