"""The ingress in one process against PostgreSQL and the stand-in: each update queued once."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import psycopg
import pytest
from telegram import Bot

from bot.config import Settings
from bot.errors import StoreError
from bot.scale.ingress import Intake, poll, serve_webhook
from bot.scale.queue import Queue, update_chat
from bot.store.postgres import PostgresStore
from bot.testing.telegram import TelegramStandIn
from tests.scale.queueing import queue, queued_jobs

__all__ = ["queue"]  # the fixture


class SeenUpdates:
    """`record_update_then` as the store keeps it, without the shared transaction: True (and
    the step run) the first time only."""

    def __init__(self) -> None:
        self.seen: set[int] = set()

    async def record(self, update_id: int, then: Callable[[Any], Awaitable[object]]) -> bool:
        if update_id in self.seen:
            return False
        self.seen.add(update_id)
        await then(None)
        return True


async def test_each_update_is_queued_once_under_its_chat_lock(
    telegram: TelegramStandIn, queue: Queue, postgres_db: str
) -> None:
    seen = SeenUpdates()
    intake = Intake(seen.record, queue)
    ids = [telegram.queue_update(telegram.user_message(chat, f"m{n}")) for n, chat in
           enumerate([1, 2, 1, 1, 2])]  # fmt: skip
    stop = asyncio.Event()
    async with Bot(telegram.token, base_url=telegram.base_url) as bot:
        polling = asyncio.create_task(poll(bot, intake, stop))
        await telegram.wait_for(lambda: len(seen.seen) == 5, timeout=20)
        stop.set()
        await asyncio.wait_for(polling, 20)
    assert await queued_jobs(postgres_db) == [
        ("chat:1", ids[0]), ("chat:2", ids[1]), ("chat:1", ids[2]), ("chat:1", ids[3]),
        ("chat:2", ids[4]),
    ]  # fmt: skip
    # Telegram sends a batch again (its confirmation was lost): nothing new is queued.
    again = telegram.user_message(1, "m0")
    again["update_id"] = ids[0]
    assert not await intake.take(again)
    assert len(await queued_jobs(postgres_db)) == 5
    # The last batch was confirmed before the poll stopped.
    assert telegram.updates.pending_count == 0


async def test_an_update_is_recorded_and_queued_together_or_not_at_all(
    queue: Queue, postgres_db: str
) -> None:
    """The step after the job's insert fails (the connection lost before the commit): neither
    the record nor the job is kept, so Telegram's re-send is queued, once."""
    update = {"update_id": 501, "message": {"message_id": 1, "chat": {"id": 7, "type": "private"},
              "date": 0, "text": "hello"}}  # fmt: skip
    store = await PostgresStore.open(postgres_db, pool_size=2)
    try:

        async def queue_then_lose(connection: Any) -> None:
            await queue.defer_update(update, connection=connection)
            raise psycopg.OperationalError("server closed the connection unexpectedly")

        with pytest.raises(StoreError):
            await store.record_update_then(501, queue_then_lose)
        assert await queued_jobs(postgres_db) == []
        intake = Intake(store.record_update_then, queue)
        assert await intake.take(update)
        assert not await intake.take(update)  # Telegram's re-send
    finally:
        await store.close()
    assert await queued_jobs(postgres_db) == [("chat:7", 501)]


def test_the_chat_of_each_kind_of_update() -> None:
    message = {"message_id": 3, "chat": {"id": -100}, "date": 0}
    assert update_chat({"update_id": 1, "message": message}) == -100
    assert update_chat({"update_id": 1, "edited_message": message}) == -100
    query = {"id": "q", "from": {"id": 5}, "message": message, "chat_instance": "c"}
    assert update_chat({"update_id": 1, "callback_query": query}) == -100
    assert update_chat({"update_id": 1, "poll": {"id": "p"}}) is None


class BrokenRecord:
    """`record_update` with the database gone for the first `failures` calls."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.seen = SeenUpdates()

    async def record(self, update_id: int, then: Callable[[Any], Awaitable[object]]) -> bool:
        if self.failures > 0:
            self.failures -= 1
            raise StoreError("the database went away")
        return await self.seen.record(update_id, then)


async def test_a_webhook_update_is_queued_before_telegram_hears_back(
    telegram: TelegramStandIn, queue: Queue, postgres_db: str
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    secret = "a-webhook-secret-of-some-length"
    settings = Settings.from_environ(
        {
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "BRIEFBOT_TELEGRAM_API_URL": telegram.base_url,
            "BRIEFBOT_WEBHOOK_URL": f"http://127.0.0.1:{port}",
            "BRIEFBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "BRIEFBOT_WEBHOOK_PORT": str(port),
            "BRIEFBOT_WEBHOOK_SECRET": secret,
        }
    )
    record = BrokenRecord(failures=1)
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_webhook(settings, Intake(record.record, queue), stop))
    try:
        await telegram.wait_for(lambda: bool(telegram.webhook_url), timeout=20)
        update = telegram.user_message(7, "hello")
        async with httpx.AsyncClient(timeout=30) as client:
            answers = []
            for _ in range(3):  # refused while the database is away, then Telegram sends again
                answer = await client.post(
                    f"http://127.0.0.1:{port}/telegram",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": secret},
                )
                answers.append(answer.status_code)
                if answer.status_code == 200:
                    # Answered: the update is in the queue already, not about to be.
                    assert ("chat:7", update["update_id"]) in await queued_jobs(postgres_db)
            assert answers == [500, 200, 200]
            forged = await client.post(f"http://127.0.0.1:{port}/telegram", json=update)
            assert forged.status_code == 403
        assert record.seen.seen == {update["update_id"]}
        # The refused attempt left no job: the update was queued once.
        assert len(await queued_jobs(postgres_db)) == 1
    finally:
        stop.set()
        await asyncio.wait_for(serving, 20)
