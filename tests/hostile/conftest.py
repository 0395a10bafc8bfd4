"""Stand-ins for hostile-input tests: a scripted model, a Bot API, and pages that misbehave."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engines.llm.engine import LLMEngine
from bot.models import Brief, Claim, Denial, Evidence, Unverified
from bot.testing.openai_server import MODEL, OpenAIStandIn
from bot.testing.pages import PageServer, Route, serve_pages
from bot.testing.telegram import DEFAULT_TOKEN, TelegramStandIn
from tests.engines.llm_fakes import FakeOfflineEngine
from tests.fake_sleep import RecordingSleep
from tests.telegram.harness import STORY, Harness, close_harness, open_harness, story_page

API_KEY = "sk-hostile-0123456789abcdefSECRET"
"""The key the LLM engine is configured with; it must never reach a reader or the model."""

MARKUP_TITLE = "**Bold** <b>x</b> [link](http://evil.example) & _under_"
MARKUP_PARAGRAPHS = [
    "The Orsk Valley water board said on Friday that <script>alert('owned')</script> had been "
    "found in the code of its billing site & that customers' cards were safe.",
    'A contractor denied any fault. </blockquote><a href="http://evil.example">Click</a> '
    "&amp; <tg-spoiler>nothing</tg-spoiler> was ever changed by us, he said.",
    "Logs shown to the Orsk Gazette record 1 < 2 & 3 > 2 failed logins per minute at the "
    "peak, a figure the board did not dispute.",
]


PROMO = "Subscribe now for unlimited access to the Lakeside Ledger archive."
PROMO_STORY = f"{STORY}\n\n{PROMO}"
"""The harbour story with a call to action that cleaning removes (and "Show removed" shows)."""


def quotes_of(brief: Brief) -> list[str]:
    """Every quote a reader of the brief sees, in order."""
    items: list[Claim | Denial | Evidence | Unverified] = [
        *brief.claims,
        *brief.denials,
        *brief.evidence,
        *brief.unverified,
    ]
    return [item.quote for item in items]


def markup_page() -> bytes:
    """A page whose title and paragraphs carry HTML and Markdown as literal text."""
    escape = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
    title = MARKUP_TITLE.translate(escape)
    paragraphs = "".join(f"<p>{p.translate(escape)}</p>" for p in MARKUP_PARAGRAPHS)
    return (
        f"<html><head><title>{title}</title></head><body><article>{paragraphs}</article>"
        "</body></html>"
    ).encode()


@pytest.fixture
def pages() -> Iterator[PageServer]:
    routes = {
        "/story": Route(body=story_page("Harbor board accused of hiding spill", STORY)),
        "/markup": Route(body=markup_page()),
        "/promo": Route(body=story_page("Harbor board accused of hiding spill", PROMO_STORY)),
    }
    with serve_pages(routes) as server:
        yield server


@pytest.fixture
async def bot(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> AsyncIterator[Harness]:
    harness = await open_harness(telegram, pages, tmp_path / "hostile.sqlite3")
    yield harness
    await close_harness(harness)


@pytest.fixture
async def model() -> AsyncIterator[OpenAIStandIn]:
    async with OpenAIStandIn() as stand_in:
        yield stand_in


@pytest.fixture
async def llm_engine(model: OpenAIStandIn) -> AsyncIterator[LLMEngine]:
    """The LLM engine against the stand-in, configured with a key and a bot token to leak."""
    settings = Settings(
        openai_base_url=model.base_url,
        openai_api_key=API_KEY,
        telegram_bot_token=DEFAULT_TOKEN,
        llm_model=MODEL,
        llm_max_retries=0,
        llm_timeout=5.0,
        _env_file=None,
    )
    engine = LLMEngine(settings, FakeOfflineEngine(), sleep=RecordingSleep())
    yield engine
    await engine.aclose()
