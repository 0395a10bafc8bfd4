"""The error hierarchy. Each error carries a message fit for a person; only the edges show it."""

from __future__ import annotations

from typing import Any


class BriefError(Exception):
    """Base of every error briefbot raises on purpose."""


class SourceError(BriefError):
    """The input could not be read: a missing, unreadable or binary file, or empty input."""


class FetchError(BriefError):
    """A link could not be fetched."""


class InvalidURLError(FetchError):
    """The text is not a usable http(s) URL."""


class RefusedAddressError(FetchError):
    """The URL points at an address the fetcher must not reach (SSRF guard)."""


class RedirectError(FetchError):
    """The redirects went on too long or came back to a page already seen."""


class FetchTimeoutError(FetchError):
    """The server did not answer in time."""


class TooLargeError(FetchError):
    """The response is larger than the configured cap."""


class UnsupportedContentError(FetchError):
    """The response is not HTML, XHTML or plain text."""


class UnsupportedEncodingError(FetchError):
    """The body is compressed more than once, with an unknown coding, or not decompressible."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ExtractionError(BriefError):
    """No article text could be found in the page."""


class EmptyArticleError(ExtractionError):
    """Nothing of the article is left after cleaning."""


class ExtractionLimitError(ExtractionError):
    """Reading the page went past its time limit or its size budget."""


class EngineError(BriefError):
    """The engine could not produce a result."""


class PromptError(EngineError):
    """A prompt file is missing, has no version header, or its placeholders are wrong."""


class StoreError(BriefError):
    """The database could not be read or written."""


class StoreBackendMissingError(StoreError):
    """The configured database needs a package that is not installed (PostgreSQL: psycopg)."""


class ModelUnavailableError(EngineError):
    """The endpoint could not be reached or kept failing; the message says how, for a note."""


class ModelOutputError(EngineError):
    """The model's reply was not usable even after the repair request."""


class ChatUnreachable(Exception):
    """The chat blocked the bot, removed it, or no longer exists."""

    def __init__(self, chat_id: int, reason: str) -> None:
        super().__init__(f"chat {chat_id} is unreachable: {reason}")
        self.chat_id = chat_id
        self.reason = reason


class RateLimitedError(BriefError):
    """The user has used up the briefs of the window; `retry_in` seconds until the next."""

    def __init__(self, retry_in: float) -> None:
        super().__init__(f"rate limited for {retry_in:.0f} s")
        self.retry_in = retry_in


class DailyRequestError(ValueError):
    """The words after /daily could not be understood; the message says why, for the user."""


class BotConfigError(BriefError):
    """The settings do not allow the bot to start."""


# What the Bot API stand-in (bot.testing) answers with: Telegram's refusals in Telegram's own
# wording, as the bot meets them over HTTP. The bot never raises these; PTB turns the stand-in's
# answers into its own errors on the bot's side.


class MessageTextRejected(Exception):
    """Telegram would answer 400 with `description`, already in Telegram's wording."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


class TelegramRefusal(Exception):
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
