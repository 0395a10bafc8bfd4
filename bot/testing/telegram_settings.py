"""The bot's own settings as the Bot API stand-in keeps them: its commands and its webhook.

Why apart from the dispatch: these calls change no chat and no message; they check their
parameters as Telegram does (command names, descriptions, at most 100 commands) and keep what
`getMyCommands` and `getWebhookInfo` report back. Commands are kept per scope and language.
"""

from __future__ import annotations

from typing import Any

from bot.errors import TelegramRefusal
from bot.testing.telegram_params import commands_key
from bot.testing.telegram_updates import UpdateQueue

_COMMAND_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_MAX_COMMANDS = 100
_MAX_COMMAND_NAME = 32
_MAX_DESCRIPTION = 256


class BotSettings:
    """setMyCommands / getMyCommands / deleteMyCommands and the webhook calls."""

    def __init__(self, updates: UpdateQueue) -> None:
        self.updates = updates
        self.webhook_url = ""
        self._commands: dict[str, list[dict[str, Any]]] = {}

    async def set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > _MAX_COMMANDS:
            raise TelegramRefusal(400, "Bad Request: can't parse commands JSON object")
        for entry in commands:
            name = str(entry.get("command", "")) if isinstance(entry, dict) else ""
            description = str(entry.get("description", "")) if isinstance(entry, dict) else ""
            if not 1 <= len(name) <= _MAX_COMMAND_NAME or not set(name) <= _COMMAND_CHARS:
                raise TelegramRefusal(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description.strip()) <= _MAX_DESCRIPTION:
                raise TelegramRefusal(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self._commands[commands_key(params)] = list(commands)
        return True

    async def get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._commands.get(commands_key(params), [])

    async def delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(commands_key(params), None)
        return True

    async def set_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = str(params.get("url", ""))
        if params.get("drop_pending_updates"):
            self.updates.drop_pending()
        return True

    async def delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self.updates.drop_pending()
        return True

    async def get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": self.updates.pending_count,
        }
