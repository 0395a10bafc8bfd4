"""`briefbot run` with PostgreSQL: receive updates, queue one job per update, answer at once.

Polling: Telegram allows one `getUpdates` consumer per token, so of all the ingress processes
only the one holding the polling advisory lock polls; the others wait to take over (the server
releases the lock when its holder dies). Each batch is queued before the next `getUpdates`
confirms it, and each update_id is recorded once, so a batch Telegram sends again after a crash
is dropped instead of answered twice.

Webhook (BRIEFBOT_WEBHOOK_URL set): any number of ingress processes behind the URL. Each POST
is answered only after its update is queued and recorded (500 when that fails), so an ingress
killed before answering leaves the update with Telegram, which sends it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
import tornado.httpserver
import tornado.web
from telegram import Bot, Update
from telegram.error import Conflict, NetworkError, RetryAfter, TimedOut

from bot.config import Settings
from bot.errors import BotConfigError
from bot.scale.locks import NAMESPACE, LockKey, connect_holder
from bot.scale.queue import Queue
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.app import COMMANDS, file_url_for
from bot.telegram.delivery import flood_wait

log = logging.getLogger(__name__)

POLL_TIMEOUT = 10
"""Seconds one long poll waits for updates."""
STANDBY_EVERY = 2.0
"""Seconds between a waiting ingress's tries for the polling lock."""
_BACKOFF_MAX = 30.0

Record = Callable[[int, Callable[[Any], Awaitable[object]]], Awaitable[bool]]
"""The store's `record_update_then`: records an update_id and, the first time only, runs the
step given on the same transaction's connection; True the first time."""


class Intake:
    """Record an update once and queue its job; the same for polling and the webhook."""

    def __init__(self, record: Record, queue: Queue) -> None:
        self.record = record
        self.queue = queue

    async def take(self, update: dict[str, Any]) -> bool:
        """True when the update was new and is now queued.

        The record and the job are one transaction: a failure leaves neither, so Telegram's
        re-send (of a webhook POST not answered 200, of a batch not confirmed) is taken as new,
        and an update is never queued twice.
        """

        async def queue_it(connection: Any) -> None:
            await self.queue.defer_update(update, connection=connection)

        if await self.record(int(update["update_id"]), queue_it):
            return True
        log.info("update %s was seen before; dropped", update["update_id"])
        return False


def _bot(settings: Settings) -> Bot:
    token = settings.telegram_bot_token
    if token is None or not token.get_secret_value():
        raise BotConfigError("TELEGRAM_BOT_TOKEN is not set")
    return Bot(
        token.get_secret_value(),
        base_url=settings.telegram_api_url,
        base_file_url=file_url_for(settings.telegram_api_url),
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(read_timeout=POLL_TIMEOUT + 10.0),
    )


async def poll(bot: Bot, intake: Intake, stop: asyncio.Event) -> None:
    """Long polling until `stop`; each batch is queued before it is confirmed."""
    offset: int | None = None
    backoff = 1.0
    while not stop.is_set():
        fetch = asyncio.ensure_future(
            bot.get_updates(offset=offset, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES)
        )
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait([fetch, stopping], return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not fetch.done():
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, NetworkError):
                await fetch
            break
        try:
            updates = fetch.result()
        except RetryAfter as exc:
            await asyncio.sleep(flood_wait(exc))
            continue
        except (TimedOut, NetworkError, Conflict) as exc:
            # Conflict: a webhook set elsewhere, or a poller that does not take the lock.
            log.warning("getUpdates failed (%s); trying again in %.0f s", exc, backoff)
            await asyncio.sleep(backoff)
            backoff = min(_BACKOFF_MAX, backoff * 2)
            continue
        backoff = 1.0
        for update in updates:
            await intake.take(update.to_dict())
            offset = update.update_id + 1
    if offset is not None:
        # Confirm the last batch, so that a restart does not fetch it again (dropped if it did).
        with contextlib.suppress(NetworkError):
            await bot.get_updates(offset=offset, timeout=0)


async def _hold_polling_lock(
    conninfo: str, stop: asyncio.Event
) -> psycopg.AsyncConnection[Any] | None:
    """The connection holding the polling lock, once this process has it; None on stop."""
    conn = await connect_holder(conninfo)
    told = False
    while not stop.is_set():
        cursor = await conn.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", (NAMESPACE, LockKey.POLLING)
        )
        row = await cursor.fetchone()
        if row and row[0]:
            return conn
        if not told:
            log.info("another ingress is polling; this one waits to take over")
            told = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), STANDBY_EVERY)
    await conn.close()
    return None


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)


async def run_ingress(settings: Settings, conninfo: str, record: Record) -> None:
    """Until SIGINT or SIGTERM. The database is migrated already: `record` is the store's, which
    applied the migrations (the queue's schema among them) when it opened."""
    queue = Queue.connect(conninfo, max_connections=4)
    intake = Intake(record, queue)
    bot = _bot(settings)
    stop = asyncio.Event()
    _stop_on_signals(stop)
    async with queue.app.open_async(), bot:
        await bot.set_my_commands(COMMANDS)
        if settings.webhook_url:
            await serve_webhook(settings, intake, stop)
            return
        lock = await _hold_polling_lock(conninfo, stop)
        if lock is None:
            return
        try:
            await bot.delete_webhook()
            log.info("ingress polling for updates")
            await poll(bot, intake, stop)
        finally:
            await lock.close()


SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class _UpdateReceiver(tornado.web.RequestHandler):
    """One webhook POST: the update is recorded and queued before Telegram gets its 200."""

    def initialize(self, intake: Intake, secret: str) -> None:
        self.intake = intake
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.set_status(403)
            return
        try:
            update = json.loads(self.request.body)
            int(update["update_id"])
        except (ValueError, KeyError, TypeError):
            self.set_status(400)
            return
        try:
            await self.intake.take(update)
        except Exception:
            # Not answered 200: Telegram sends the update again.
            log.exception("update %s could not be queued", update["update_id"])
            self.set_status(500)
            return
        self.set_status(200)


async def serve_webhook(settings: Settings, intake: Intake, stop: asyncio.Event) -> None:
    """PTB's own webhook server answers Telegram as soon as it has read an update; this one
    answers only once the update is recorded and queued, so a crash before that leaves the
    update with Telegram, which sends it again."""
    if settings.webhook_secret is None or settings.webhook_url is None:
        raise BotConfigError("BRIEFBOT_WEBHOOK_SECRET must be set with BRIEFBOT_WEBHOOK_URL")
    token = settings.telegram_bot_token
    assert token is not None
    secret = settings.webhook_secret.get_secret_value()
    path = settings.webhook_path.strip("/")
    app = tornado.web.Application(
        [(f"/{path}", _UpdateReceiver, {"intake": intake, "secret": secret})]
    )
    server = tornado.httpserver.HTTPServer(app)
    server.listen(settings.webhook_port, address=settings.webhook_listen)
    try:
        async with Bot(
            token.get_secret_value(),
            base_url=settings.telegram_api_url,
            base_file_url=file_url_for(settings.telegram_api_url),
        ) as bot:
            await bot.set_webhook(
                url=f"{settings.webhook_url.rstrip('/')}/{path}",
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
            )
        log.info("ingress receiving updates by webhook")
        await stop.wait()
    finally:
        server.stop()
        await server.close_all_connections()
