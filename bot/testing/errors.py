"""The Bot API stand-in's own refusals, in Telegram's wording (not briefbot's errors)."""

from __future__ import annotations

from typing import Any


class MessageTextRejected(Exception):
    """Telegram would answer 400 with `description`, already in Telegram's wording."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class ApiError(Exception):
    """A refusal in Telegram's shape; the HTTP status is `error_code`."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.error_code}
        body["description"] = self.description
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class HTMLParseError(MessageTextRejected):
    """The text is not valid Telegram HTML."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Bad Request: can't parse entities: {detail}")
        self.detail = detail
