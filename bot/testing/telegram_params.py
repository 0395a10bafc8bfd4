"""The Bot API stand-in's reading of a request: parameters from query, form or JSON, typed as
Telegram types them, and errors as Telegram answers them."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from bot.errors import TelegramRefusal

_JSON_FIELDS = frozenset(
    {"reply_markup", "entities", "caption_entities", "commands", "allowed_updates", "scope"}
    | {"reply_parameters", "link_preview_options"}
)
_INT_FIELDS = frozenset(
    {"chat_id", "message_id", "offset", "limit", "timeout", "user_id", "cache_time"}
    | {"message_thread_id", "reply_to_message_id", "max_connections"}
)
_BOOL_FIELDS = frozenset(
    {"disable_notification", "protect_content", "allow_sending_without_reply", "show_alert"}
    | {"drop_pending_updates", "disable_web_page_preview", "allow_paid_broadcast"}
)


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Turn form values (all strings) into the types Telegram reads; `text` always stays a str."""
    params: dict[str, Any] = {}
    for name, value in raw.items():
        if not isinstance(value, str):
            params[name] = str(value) if name == "text" else value  # Telegram reads text as text
        elif name in _JSON_FIELDS or name in _BOOL_FIELDS:
            try:
                params[name] = json.loads(value)
            except ValueError as exc:
                raise TelegramRefusal(400, f"Bad Request: can't parse {name} JSON object") from exc
        elif name in _INT_FIELDS:
            try:
                params[name] = int(value)
            except ValueError:
                if name != "chat_id":
                    raise TelegramRefusal(400, f"Bad Request: invalid {name} specified") from None
                params[name] = value  # "@channelname"
        else:
            params[name] = value
    return params


async def raw_params(request: web.Request) -> dict[str, Any]:
    """Parameters from the query string and a form, multipart or JSON body, as Telegram reads."""
    raw: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            raw.update(body)
    elif request.can_read_body:
        form = await request.post()
        raw.update({key: value for key, value in form.items() if isinstance(value, str)})
    return raw


def error_response(error: TelegramRefusal) -> web.Response:
    return web.json_response(error.body(), status=error.error_code)


def commands_key(params: dict[str, Any]) -> str:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps([scope, params.get("language_code", "")], sort_keys=True)
