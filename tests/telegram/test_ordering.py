"""The update processor: one chat in order, and a busy chat never starves the others."""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Chat, Message, Update

from bot.telegram.ordering import ChatOrderedUpdateProcessor


def update_in(chat_id: int, update_id: int) -> Update:
    chat = Chat(id=chat_id, type=Chat.PRIVATE)
    message = Message(message_id=update_id, date=dt.datetime.now(dt.UTC), chat=chat, text="hi")
    return Update(update_id=update_id, message=message)


async def test_a_flooding_chat_cannot_hold_the_slots_other_chats_need() -> None:
    processor = ChatOrderedUpdateProcessor(max_running=2)
    finished: list[tuple[int, int]] = []
    first_started = asyncio.Event()
    release_first = asyncio.Event()

    async def handle(chat_id: int, number: int) -> None:
        if number == 0:
            first_started.set()
            await release_first.wait()  # chat 1's first update is a slow brief
        finished.append((chat_id, number))

    flood = [
        asyncio.create_task(processor.process_update(update_in(1, n), handle(1, n)))
        for n in range(10)
    ]
    await first_started.wait()
    other = asyncio.create_task(processor.process_update(update_in(2, 100), handle(2, 100)))
    await asyncio.wait_for(other, 2)
    # Chat 2 was answered while chat 1's nine other updates were still waiting their turn.
    assert finished == [(2, 100)]
    release_first.set()
    await asyncio.wait_for(asyncio.gather(*flood), 2)
    assert [number for chat, number in finished if chat == 1] == list(range(10))


async def test_updates_without_a_chat_still_run() -> None:
    processor = ChatOrderedUpdateProcessor(max_running=1)
    ran: list[str] = []

    async def handle() -> None:
        ran.append("done")

    await asyncio.wait_for(processor.process_update(object(), handle()), 2)
    assert ran == ["done"]
