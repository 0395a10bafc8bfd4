"""The chats behind the Telegram stand-in: messages, their edits and deletions, and the refusals
Telegram gives about them, in Telegram's wording.

Why a ledger of its own: tests assert on what a person in the chat sees after the bot is done
(the text after edits, the keyboard, whether a message was deleted), and the same state decides
Telegram's answers ("message to edit not found", "message is not modified", ...).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from bot.errors import TelegramRefusal
from bot.testing.telegram_html import LengthUnit, ParsedText, check_message_text

BLOCKED = "Forbidden: bot was blocked by the user"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


@dataclass
class SentMessage:
    """The current state of a message the bot sent, as the chat shows it."""

    chat_id: int
    message_id: int
    text: str  # the source as sent or last edited: HTML stays HTML
    visible_text: str  # what a person reads: tags removed, character entities decoded
    parse_mode: str | None
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None  # an inline keyboard, or None
    date: int
    reply_to_message_id: int | None = None
    deleted: bool = False
    previous_texts: list[str] = field(default_factory=list)


class ChatLedger:
    """Every chat's messages, both ways, with per-chat increasing message_ids as Telegram has."""

    def __init__(self, bot_user: dict[str, Any], length_unit: LengthUnit = "utf16") -> None:
        self.bot_user = bot_user
        self.length_unit: LengthUnit = length_unit
        self.blocked_chats: set[int] = set()
        self.chat_types: dict[int, str] = {}
        self._sent: dict[int, dict[int, SentMessage]] = {}
        self._incoming: dict[int, dict[int, dict[str, Any]]] = {}
        self._next_message_id: dict[int, int] = {}

    # ----------------------------------------------------------------- reading state

    def sent_messages(self, chat_id: int) -> list[SentMessage]:
        return sorted(self._sent.get(chat_id, {}).values(), key=lambda m: m.message_id)

    def sent_message(self, chat_id: int, message_id: int) -> SentMessage | None:
        message = self._sent.get(chat_id, {}).get(message_id)
        return None if message is None or message.deleted else message

    # ----------------------------------------------------------------- a person's side

    def incoming_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None,
        entities: list[dict[str, Any]] | None,
        reply_to_message_id: int | None,
        chat_type: str,
    ) -> dict[str, Any]:
        """A Message dict a person sends; it takes the chat's next message_id."""
        self.chat_types[chat_id] = chat_type
        message: dict[str, Any] = {
            "message_id": self._allocate_message_id(chat_id),
            "date": int(time.time()),
            "chat": self.chat_json(chat_id),
            "from": self.user_json(chat_id, user_id),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if reply_to_message_id is not None:
            message["reply_to_message"] = self._message_json_by_id(chat_id, reply_to_message_id)
        self.remember_incoming(message)
        return message

    def remember_incoming(self, message: dict[str, Any]) -> None:
        """Know a message from a person, so the bot may reply to it or delete it."""
        chat_id, message_id = int(message["chat"]["id"]), int(message["message_id"])
        self._incoming.setdefault(chat_id, {})[message_id] = message
        next_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = max(next_id, message_id + 1)

    # ----------------------------------------------------------------- the bot's side

    def chat_id(self, params: dict[str, Any]) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise TelegramRefusal(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int):
            raise TelegramRefusal(400, "Bad Request: chat not found")
        if chat_id in self.blocked_chats:
            raise TelegramRefusal(403, BLOCKED)
        return chat_id

    def send(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self.chat_id(params)
        parsed = self._parsed_text(params)
        markup = _checked_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat_id, params)
        message = SentMessage(
            chat_id=chat_id,
            message_id=self._allocate_message_id(chat_id),
            text=params["text"],
            visible_text=parsed.text,
            parse_mode=params.get("parse_mode"),
            entities=parsed.entities,
            reply_markup=markup,
            date=int(time.time()),
            reply_to_message_id=reply_to,
        )
        self._sent.setdefault(chat_id, {})[message.message_id] = message
        return self.message_json(message)

    def edit_text(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self.chat_id(params)
        parsed = self._parsed_text(params)
        markup = _checked_markup(params.get("reply_markup"))
        message = self._editable(chat_id, params)
        if (parsed.text, parsed.entities, markup) == (
            message.visible_text,
            message.entities,
            message.reply_markup,
        ):
            raise TelegramRefusal(400, NOT_MODIFIED)
        message.previous_texts.append(message.text)
        message.text = params["text"]
        message.visible_text, message.entities = parsed.text, parsed.entities
        message.parse_mode = params.get("parse_mode")
        message.reply_markup = markup
        return {**self.message_json(message), "edit_date": int(time.time())}

    def edit_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self.chat_id(params)
        markup = _checked_markup(params.get("reply_markup"))
        message = self._editable(chat_id, params)
        if markup == message.reply_markup:
            raise TelegramRefusal(400, NOT_MODIFIED)
        message.reply_markup = markup
        return {**self.message_json(message), "edit_date": int(time.time())}

    def delete(self, params: dict[str, Any]) -> bool:
        chat_id = self.chat_id(params)
        message_id = _message_id(params)
        sent = self.sent_message(chat_id, message_id)
        if sent is not None:
            sent.deleted = True
            return True
        if self._incoming.get(chat_id, {}).pop(message_id, None) is not None:
            return True
        raise TelegramRefusal(400, "Bad Request: message to delete not found")

    # ----------------------------------------------------------------- JSON shapes

    def user_json(self, chat_id: int, user_id: int | None) -> dict[str, Any]:
        if user_id is None:
            private = self.chat_types.get(chat_id, "private") == "private"
            user_id = chat_id if private else 4242
        return {"id": user_id, "is_bot": False, "first_name": f"Reader {user_id}"}

    def chat_json(self, chat_id: int) -> dict[str, Any]:
        chat_type = self.chat_types.get(chat_id, "private")
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": f"Reader {chat_id}"}
        return {"id": chat_id, "type": chat_type, "title": f"Chat {chat_id}"}

    def message_json(self, message: SentMessage) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": self.chat_json(message.chat_id),
            "from": self.bot_user,
            "text": message.visible_text,
        }
        if message.entities:
            data["entities"] = message.entities
        if message.reply_markup is not None:
            data["reply_markup"] = message.reply_markup
        if message.reply_to_message_id is not None:
            data["reply_to_message"] = self._message_json_by_id(
                message.chat_id, message.reply_to_message_id
            )
        return data

    # ----------------------------------------------------------------- rules

    def _parsed_text(self, params: dict[str, Any]) -> ParsedText:
        entities = params.get("entities")
        return check_message_text(
            params.get("text"),
            params.get("parse_mode"),
            entities if isinstance(entities, list) else None,
            length_unit=self.length_unit,
        )

    def _reply_target(self, chat_id: int, params: dict[str, Any]) -> int | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            target = reply.get("message_id")
            lenient = bool(reply.get("allow_sending_without_reply"))
        else:
            target = params.get("reply_to_message_id")
            lenient = bool(params.get("allow_sending_without_reply"))
        if not isinstance(target, int):
            return None
        known = self.sent_message(chat_id, target) or self._incoming.get(chat_id, {}).get(target)
        if known is not None:
            return target
        if lenient:
            return None
        raise TelegramRefusal(400, "Bad Request: message to be replied not found")

    def _editable(self, chat_id: int, params: dict[str, Any]) -> SentMessage:
        if params.get("inline_message_id"):
            raise TelegramRefusal(400, "Bad Request: MESSAGE_ID_INVALID")
        message_id = _message_id(params)
        message = self.sent_message(chat_id, message_id)
        if message is not None:
            return message
        if message_id in self._incoming.get(chat_id, {}):
            raise TelegramRefusal(400, "Bad Request: message can't be edited")
        raise TelegramRefusal(400, "Bad Request: message to edit not found")

    def _allocate_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _message_json_by_id(self, chat_id: int, message_id: int) -> dict[str, Any]:
        sent = self._sent.get(chat_id, {}).get(message_id)
        found = self.message_json(sent) if sent else self._incoming.get(chat_id, {}).get(message_id)
        if found is None:
            found = {"message_id": message_id, "date": 0, "chat": self.chat_json(chat_id)}
        return {key: value for key, value in found.items() if key != "reply_to_message"}


def _message_id(params: dict[str, Any]) -> int:
    message_id = params.get("message_id")
    if not isinstance(message_id, int):
        raise TelegramRefusal(400, "Bad Request: message identifier is not specified")
    return message_id


def _checked_markup(markup: Any) -> dict[str, Any] | None:
    """Keep an inline keyboard (the only markup a message shows) after Telegram's checks."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise TelegramRefusal(400, "Bad Request: can't parse inline keyboard button")
    for button in (button for row in rows for button in row):
        if not isinstance(button, dict) or not str(button.get("text", "")).strip():
            raise TelegramRefusal(400, "Bad Request: can't parse inline keyboard button")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
            raise TelegramRefusal(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup
