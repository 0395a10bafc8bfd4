"""A local stand-in for the Telegram Bot API that python-telegram-bot talks real HTTP to.

Why: the bot's handlers, rendering and error paths must meet Telegram's wire protocol and
Telegram's refusals (bad HTML, too long, empty, edits of missing or unchanged messages, flood
control, blocked users) in tests, without the network. Every call is recorded with its decoded
parameters, and the state of every message the bot sent is kept, so tests assert on what a person
in the chat would see.

Use it as an async context manager (tests get it as the `telegram` fixture of tests/conftest.py,
function scope like the application):

    async with running_telegram_stand_in() as telegram:
        app = telegram.application_builder().build()   # token, base_url, base_file_url set
        ...
        telegram.queue_update(telegram.command(42, "/start"))
        await telegram.wait_for(lambda: bool(telegram.sent_messages(42)))

Set NO_PROXY for 127.0.0.1 (an environment proxy breaks loopback) and PTB_TIMEDELTA=true
(without it PTB 22 warns while building `RetryAfter`, which `filterwarnings=error` turns into a
different exception); the tests' conftest does both.

A manual PTB lifecycle: `await app.initialize()` (calls getMe), `await
app.updater.start_polling(poll_interval=0, timeout=10)`, `await app.start()`; stop with
`app.updater.stop()`, `app.stop()`, `app.shutdown()` in that order. `app.process_update(
Update.de_json(telegram.command(...), app.bot))` skips polling. The builders (`user_message`,
`command`, `callback_query`) share each chat's message_id sequence with the bot's messages, so a
reply to a person's message is accepted and a reply to an unknown one is refused (unless
allow_sending_without_reply), as Telegram does. `RecordedCall.error` holds the description of a
refused call.

`fail_next` scripts Telegram's refusals and `hang_next` a call that never gets an answer.

Methods: getMe, getUpdates (long polling, offset confirmation, 409 for a concurrent poll or an
active webhook), sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage,
sendChatAction, answerCallbackQuery, setMyCommands, getMyCommands, deleteMyCommands, setWebhook,
deleteWebhook (drop_pending_updates honoured) and getWebhookInfo; any other method answers 404
like Telegram. The text rules (HTML as Telegram parses it, 4096 UTF-16 code units, empty text)
are in `telegram_html`, the chats' messages in `telegram_chats`, the update queue in
`telegram_updates`, the bot's commands and webhook in `telegram_settings`, what each method does
in `telegram_methods` (`stand_in.methods.replace` swaps one) and the scripted refusals in
`telegram_refusals`. Updates are queued from the test's own event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiohttp import web
from telegram.ext import Application, ApplicationBuilder, ContextTypes, ExtBot, JobQueue
from telegram.request import HTTPXRequest

from bot.errors import MessageTextRejected, TelegramRefusal
from bot.testing.telegram_chats import ChatLedger, SentMessage
from bot.testing.telegram_html import LengthUnit, utf16_length
from bot.testing.telegram_methods import BotMethods
from bot.testing.telegram_params import decode_params, error_response, raw_params
from bot.testing.telegram_refusals import ScriptedRefusals
from bot.testing.telegram_settings import BotSettings
from bot.testing.telegram_updates import UpdateQueue
from bot.tls import default_ssl_context

DEFAULT_TOKEN = "123456789:AAStandInTokenForLocalTests_0123456"
BOT_USERNAME = "briefbot_test_bot"

StandInApplicationBuilder = ApplicationBuilder[
    ExtBot[None],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]

__all__ = [
    "BOT_USERNAME",
    "DEFAULT_TOKEN",
    "RecordedCall",
    "StandInApplicationBuilder",
    "TelegramStandIn",
    "running_telegram_stand_in",
]


@dataclass
class RecordedCall:
    """One request as the bot made it; `error` is Telegram's description when it was refused."""

    method: str
    params: dict[str, Any]
    at: float
    error: str | None = None


class TelegramStandIn:
    """The Bot API on 127.0.0.1: recorded calls, per-chat message state, scripted failures."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        length_unit: LengthUnit = "utf16",
        max_poll_seconds: float = 30.0,
    ) -> None:
        self.token = token
        self.port = 0
        self.calls: list[RecordedCall] = []
        bot_id = token.split(":", 1)[0]
        self.bot_user: dict[str, Any] = {
            "id": int(bot_id) if bot_id.isdigit() else 1,
            "is_bot": True,
            "first_name": "Briefbot",
            "username": BOT_USERNAME,
        }
        self.chats = ChatLedger(self.bot_user, length_unit)
        self.updates = UpdateQueue(max_poll_seconds)
        self.settings = BotSettings(self.updates)
        self.methods = BotMethods(self.bot_user, self.chats, self.updates, self.settings)
        self.refusals = ScriptedRefusals()
        self._runner: web.AppRunner | None = None

    # ----------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    @property
    def webhook_url(self) -> str:
        return self.settings.webhook_url

    @property
    def blocked_chats(self) -> set[int]:
        """Chats whose person blocked the bot: anything sent there gets 403."""
        return self.chats.blocked_chats

    @blocked_chats.setter
    def blocked_chats(self, chat_ids: set[int]) -> None:
        self.chats.blocked_chats = set(chat_ids)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/file/bot{token}/{path:.*}", self._handle_file)
        self._runner = web.AppRunner(app, shutdown_timeout=2.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Answer pending long polls and hung calls at once, then close the server."""
        self.updates.close()
        self.refusals.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> TelegramStandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def application_builder(self) -> StandInApplicationBuilder:
        """A PTB builder already pointed at this stand-in (token, base_url, base_file_url), with
        PTB's own `HTTPXRequest` connections as the builder makes them, pool sizes included, but
        sharing the process's TLS context: each would otherwise load the CA bundle again."""
        shared_tls = {"verify": default_ssl_context()}
        return (
            Application.builder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
            .request(HTTPXRequest(connection_pool_size=256, httpx_kwargs=shared_tls))
            .get_updates_request(HTTPXRequest(connection_pool_size=1, httpx_kwargs=shared_tls))
        )

    # ----------------------------------------------------------------- test API

    def calls_to(self, method: str) -> list[RecordedCall]:
        return [call for call in self.calls if call.method == method]

    def sent_messages(self, chat_id: int) -> list[SentMessage]:
        """Every message the bot sent to the chat, in order, edits applied, deleted ones flagged."""
        return self.chats.sent_messages(chat_id)

    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail with this Telegram error."""
        self.refusals.fail_next(
            method, TelegramRefusal(error_code, description, retry_after), times
        )

    def hold(self, method: str) -> None:
        """Calls of `method` from now on wait, not carried out, until `release`; one whose
        sender went away meanwhile is never carried out (the message never reached Telegram)."""
        self.refusals.hold(method)

    def release(self, method: str) -> None:
        self.refusals.release(method)

    def hang_next(self, method: str, *, times: int = 1) -> None:
        """Make the next `times` calls of `method` hang unanswered and never carried out, as a
        request cut off on its way (the sender killed mid-call); closed when the stand-in stops."""
        self.refusals.hang_next(method, times)

    def queue_update(self, update: dict[str, Any]) -> int:
        """Queue an Update for getUpdates and wake any long poll; returns its update_id.

        An update_id that is missing or not above the last queued one is replaced, because
        Telegram's ids only grow and offsets confirm by them.
        """
        message = update.get("message")
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            self.chats.remember_incoming(message)
        return self.updates.put(update)

    def user_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
        reply_to_message_id: int | None = None,
        chat_type: str = "private",
    ) -> dict[str, Any]:
        """An Update with a person's text message; not queued (see `queue_update`)."""
        message = self.chats.incoming_message(
            chat_id,
            text,
            user_id=user_id,
            entities=entities,
            reply_to_message_id=reply_to_message_id,
            chat_type=chat_type,
        )
        return {"update_id": self.updates.allocate_id(), "message": message}

    def command(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        reply_to_message_id: int | None = None,
        chat_type: str = "private",
    ) -> dict[str, Any]:
        """Like `user_message`, with the bot_command entity Telegram adds to `/name args`."""
        if not text.startswith("/"):
            raise ValueError(f"a command starts with '/': {text!r}")
        length = utf16_length(text.split(maxsplit=1)[0])
        return self.user_message(
            chat_id,
            text,
            user_id=user_id,
            entities=[{"type": "bot_command", "offset": 0, "length": length}],
            reply_to_message_id=reply_to_message_id,
            chat_type=chat_type,
        )

    def callback_query(
        self, chat_id: int, message_id: int, data: str, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """An Update for a press on an inline button of a message the bot sent; not queued."""
        sent = self.chats.sent_message(chat_id, message_id)
        if sent is None:
            raise ValueError(f"the bot has no message {message_id} in chat {chat_id}")
        query = {
            "id": self.methods.open_callback_query(),
            "from": self.chats.user_json(chat_id, user_id),
            "chat_instance": f"instance-{chat_id}",
            "message": self.chats.message_json(sent),
            "data": data,
        }
        return {"update_id": self.updates.allocate_id(), "callback_query": query}

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - a bound on polling, not a cancellation scope
    ) -> None:
        """Wait until `predicate()` holds, checking every 5 ms; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() >= deadline:
                raise AssertionError(f"condition still false after {timeout} s")
            await asyncio.sleep(0.005)

    # ----------------------------------------------------------------- HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        at = time.monotonic()
        if request.match_info["token"] != self.token:
            return error_response(TelegramRefusal(401, "Unauthorized"))
        name = request.match_info["method"]
        method, handler = self.methods.lookup(name)
        call = RecordedCall(method, {}, at)
        try:
            try:
                call.params = decode_params(await raw_params(request))
            finally:
                # Recorded once its parameters are read: a test waiting for the call sees them.
                self.calls.append(call)
            if handler is None:
                raise TelegramRefusal(404, "Not Found")
            await self.refusals.before_call(method)
            if request.transport is None or request.transport.is_closing():
                raise TelegramRefusal(499, "the sender went away before the call was carried out")
            result = await handler(call.params)
        except MessageTextRejected as rejected:
            call.error = rejected.description
            return error_response(TelegramRefusal(400, rejected.description))
        except TelegramRefusal as error:
            call.error = error.description
            return error_response(error)
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        return error_response(TelegramRefusal(404, "Not Found"))


@contextlib.asynccontextmanager
async def running_telegram_stand_in(token: str = DEFAULT_TOKEN) -> AsyncIterator[TelegramStandIn]:
    """A started stand-in that is stopped on exit, whatever happens inside."""
    stand_in = TelegramStandIn(token)
    await stand_in.start()
    try:
        yield stand_in
    finally:
        await stand_in.stop()
