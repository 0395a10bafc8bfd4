"""The Bot API methods the Telegram stand-in answers, by name, and what each one does.

Why apart from the server: the HTTP side (tokens, parameters, recording, scripted refusals) is the
same for every call, while each method is a small rule of Telegram's; a test that needs a method
to behave differently swaps that one handler (`replace`) without touching the server.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from typing import Any

from bot.errors import TelegramRefusal
from bot.testing.telegram_chats import ChatLedger
from bot.testing.telegram_settings import BotSettings
from bot.testing.telegram_updates import UpdateQueue

Handler = Callable[[dict[str, Any]], Awaitable[Any]]

_CHAT_ACTIONS = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice"}
    | {"upload_document", "choose_sticker", "find_location", "record_video_note"}
    | {"upload_video_note"}
)
_WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_QUERY_EXPIRED = "Bad Request: query is too old and response timeout expired or query ID is invalid"


class BotMethods:
    """Method names are matched without regard to case, as Telegram does; unknown ones get None."""

    def __init__(
        self,
        bot_user: dict[str, Any],
        chats: ChatLedger,
        updates: UpdateQueue,
        settings: BotSettings,
    ) -> None:
        self.bot_user = bot_user
        self.chats = chats
        self.updates = updates
        self.settings = settings
        self._open_queries: set[str] = set()
        self._query_ids = itertools.count(7_000_001)
        self._table: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "sendChatAction": self._send_chat_action,
                "answerCallbackQuery": self._answer_callback_query,
                "setMyCommands": settings.set_my_commands,
                "getMyCommands": settings.get_my_commands,
                "deleteMyCommands": settings.delete_my_commands,
                "setWebhook": settings.set_webhook,
                "deleteWebhook": settings.delete_webhook,
                "getWebhookInfo": settings.get_webhook_info,
            }.items()
        }

    def lookup(self, name: str) -> tuple[str, Handler | None]:
        """The method's canonical name and its handler; the name as given and None if unknown."""
        found = self._table.get(name.lower())
        return found if found is not None else (name, None)

    def handler(self, name: str) -> Handler:
        method, handler = self.lookup(name)
        if handler is None:
            raise KeyError(f"the stand-in has no method {method!r}")
        return handler

    def replace(self, name: str, handler: Handler) -> None:
        """Answer `name` with `handler` from now on (a test's own behaviour for one method)."""
        method, _ = self.lookup(name)
        self.handler(name)
        self._table[name.lower()] = (method, handler)

    def open_callback_query(self) -> str:
        """A new callback query id that answerCallbackQuery accepts once."""
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        return query_id

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        extra = {"can_join_groups": True, "can_read_all_group_messages": False}
        return {**self.bot_user, **extra, "supports_inline_queries": False}

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.settings.webhook_url:
            raise TelegramRefusal(409, _WEBHOOK_ACTIVE)
        return await self.updates.poll(params)

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.chats.send(params)

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.chats.edit_text(params)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.chats.edit_markup(params)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        return self.chats.delete(params)

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self.chats.chat_id(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise TelegramRefusal(400, "Bad Request: wrong parameter action in request")
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            raise TelegramRefusal(400, _QUERY_EXPIRED)
        self._open_queries.discard(query_id)
        return True
