"""Words for people: the fixed texts of the bot and how errors are told to a user."""

from __future__ import annotations

from telegram.error import RetryAfter

from bot.errors import (
    BriefError,
    EmptyArticleError,
    EngineError,
    ExtractionError,
    FetchError,
    RateLimitedError,
    SourceError,
    StoreError,
)

START = (
    "Hi! Send me a link to a news article, or paste its text, and I'll write a brief: "
    "who claims what, who denies it, what evidence is offered, and what stays unverified — "
    "every item with a verbatim quote from the article.\n\n"
    "Reply to a brief with a question to ask about that story. /help lists the commands."
)

HELP = (
    "How to use me:\n"
    "• Send a link (up to {max_links} per message) or paste an article's text.\n"
    "• /brief <link> — brief one link.\n"
    "• /history — your recent briefs.\n"
    "• /ask <question> — ask about the story it matches (or reply to a brief with a question).\n"
    "• /forget — delete everything stored for this chat.\n"
    "• /daily 07:30 Europe/Berlin — a briefing of your stories every day; /briefing — one now.\n"
    "Every quote is checked against the article; items whose quotes cannot be found are dropped."
)

HINT = (
    "Send me a link to a news article, or paste the article's full text "
    "(at least {min_chars} characters), and I'll brief it. /help for more."
)

STAGES = {
    "fetching": "Fetching the article…",
    "reading": "Reading and cleaning the article…",
    "waiting": "Waiting in line: other briefs are being written, yours starts soon…",
    "writing": "Writing the brief…",
}

GENERIC_FAILURE = (
    "Something went wrong on my side while handling that. It has been logged; please try again."
)
NOT_YOURS = "I can't find that brief in this chat."
FLOODED = (
    "Telegram asked me to slow down, so I couldn't send that reply. "
    "Please send it again in a few minutes; a brief already written is kept for you."
)
PRIVATE_BOT = "Sorry, this bot is private."


def describe_error(exc: BaseException) -> str:
    """Turn an error into one true sentence for the user."""
    if isinstance(exc, RateLimitedError):
        return rate_limited(exc.retry_in)
    if isinstance(exc, FetchError):
        return f"I couldn't fetch that link: {_clause(exc)}."
    if isinstance(exc, EmptyArticleError):
        return (
            "I couldn't find any article text there once ads, paywall and sign-up notices "
            "were removed."
        )
    if isinstance(exc, ExtractionError):
        return f"I couldn't find the article text on that page: {_clause(exc)}."
    if isinstance(exc, SourceError):
        return f"I couldn't read that: {_clause(exc)}."
    if isinstance(exc, StoreError):
        return (
            "My storage is unavailable right now, so I couldn't save or look up briefs. "
            "Please try again later."
        )
    if isinstance(exc, EngineError):
        return f"I couldn't write the brief: {_clause(exc)}."
    if isinstance(exc, BriefError):
        return f"{_clause(exc)}."
    if isinstance(exc, RetryAfter):
        return FLOODED
    return GENERIC_FAILURE


def _clause(exc: BaseException) -> str:
    return " ".join(str(exc).split()).rstrip(".")


def rate_limited(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        f"You've asked for many briefs in a short time. Please try again in about {minutes} {unit}."
    )
