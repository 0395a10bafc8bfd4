"""The stand-in's method table and scripted refusals, over real HTTP from a plain client."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from bot.errors import TelegramRefusal
from bot.testing.telegram import TelegramStandIn
from bot.testing.telegram_refusals import ScriptedRefusals

CHAT = 6001


async def test_a_replaced_handler_answers_the_method_and_the_call_is_still_recorded(
    telegram: TelegramStandIn,
) -> None:
    original = telegram.methods.handler("sendMessage")
    seen: list[str] = []

    async def shouting(params: dict[str, Any]) -> Any:
        seen.append(params["text"])
        return await original({**params, "text": params["text"].upper()})

    telegram.methods.replace("SENDMESSAGE", shouting)
    async with httpx.AsyncClient(base_url=f"{telegram.base_url}{telegram.token}") as client:
        answer = await client.post("/sendMessage", json={"chat_id": CHAT, "text": "quiet"})
    assert answer.json()["result"]["text"] == "QUIET"
    assert seen == ["quiet"]
    assert [m.text for m in telegram.sent_messages(CHAT)] == ["QUIET"]
    assert [call.method for call in telegram.calls] == ["sendMessage"]


def test_lookup_is_case_blind_and_unknown_methods_cannot_be_replaced(
    telegram: TelegramStandIn,
) -> None:
    assert telegram.methods.lookup("getme")[0] == "getMe"
    assert telegram.methods.lookup("sendSticker") == ("sendSticker", None)
    with pytest.raises(KeyError, match="sendSticker"):
        telegram.methods.handler("sendSticker")

    async def anything(params: dict[str, Any]) -> Any:
        return True

    with pytest.raises(KeyError):
        telegram.methods.replace("sendSticker", anything)
    assert telegram.methods.lookup("sendSticker") == ("sendSticker", None)


async def test_callback_query_ids_are_accepted_once(telegram: TelegramStandIn) -> None:
    query_id = telegram.methods.open_callback_query()
    answer = telegram.methods.handler("answerCallbackQuery")
    assert await answer({"callback_query_id": query_id}) is True
    with pytest.raises(TelegramRefusal, match="query is too old"):
        await answer({"callback_query_id": query_id})


async def test_scripted_failures_are_used_up_in_order_per_method() -> None:
    refusals = ScriptedRefusals()
    refusals.fail_next("sendMessage", TelegramRefusal(429, "first"), times=2)
    refusals.fail_next("SendMessage", TelegramRefusal(403, "second"))
    raised: list[str] = []
    for _ in range(3):
        with pytest.raises(TelegramRefusal) as error:
            await refusals.before_call("sendmessage")
        raised.append(error.value.description)
    assert raised == ["first", "first", "second"]
    await refusals.before_call("sendMessage")  # nothing left: the call goes ahead
    await refusals.before_call("editMessageText")


async def test_a_scripted_hang_holds_only_the_next_call() -> None:
    refusals = ScriptedRefusals()
    refusals.hang_next("getMe")
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(refusals.before_call("getMe"), timeout=0.05)
    await asyncio.wait_for(refusals.before_call("getMe"), timeout=0.05)


async def test_a_hung_call_is_refused_when_the_stand_in_stops() -> None:
    refusals = ScriptedRefusals()
    refusals.hang_next("getMe")
    hung = asyncio.create_task(refusals.before_call("getMe"))
    await asyncio.sleep(0)
    assert not hung.done()
    refusals.close()
    with pytest.raises(TelegramRefusal) as error:
        await asyncio.wait_for(hung, timeout=1)
    assert error.value.error_code == 499
