"""The Telegram stand-in's failures: a scripted flood limit, a blocked chat and scripted refusals,
and error bodies in Telegram's shape on the wire."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm

import httpx
import pytest
from telegram.error import Forbidden, RetryAfter
from telegram.ext import Application

from bot.testing.telegram import TelegramStandIn
from tests.testing.telegram_samples import CHAT


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


async def test_a_held_call_is_carried_out_on_release_unless_its_sender_went_away(
    telegram: TelegramStandIn,
) -> None:
    url = f"{telegram.base_url}{telegram.token}/sendMessage"
    telegram.hold("sendMessage")
    async with httpx.AsyncClient(timeout=10) as client:
        waiting = asyncio.create_task(client.post(url, json={"chat_id": CHAT, "text": "kept"}))
        await telegram.wait_for(lambda: len(telegram.calls_to("sendMessage")) == 1, timeout=5)
        async with httpx.AsyncClient(timeout=10) as gone:
            dropped = asyncio.create_task(gone.post(url, json={"chat_id": CHAT, "text": "lost"}))
            await telegram.wait_for(lambda: len(telegram.calls_to("sendMessage")) == 2, timeout=5)
            dropped.cancel()  # the sender dies while its call is held
            with contextlib.suppress(asyncio.CancelledError):
                await dropped
        await asyncio.sleep(0.1)
        assert telegram.sent_messages(CHAT) == []
        telegram.release("sendMessage")
        answer = await asyncio.wait_for(waiting, 5)
    assert answer.json()["ok"] is True
    await telegram.wait_for(lambda: telegram.calls_to("sendMessage")[1].error is not None, 5)
    assert [m.text for m in telegram.sent_messages(CHAT)] == ["kept"]
