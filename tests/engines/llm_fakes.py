"""What the LLM engine's tests share: an article and a good reply for it, a fake offline
fallback, and a factory of engines against the stand-in (each with a recording sleep)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from bot.config import Settings
from bot.engines.llm.engine import LLMEngine
from bot.models import Answer, Article, Brief, Claim, Turn
from bot.testing.openai_server import MODEL, OpenAIStandIn
from tests.fake_sleep import RecordingSleep

PARAGRAPHS = [
    "Residents of Lindmoor say the town's tap water turned brown in March after the Orrin "
    "Chemical plant upstream changed its cleaning process.",
    "“Our children have had rashes for six weeks, and the company knew,” said Marta Keel, who "
    "leads the Lindmoor Residents' Association.",
    "Orrin Chemical denied any link. “Every discharge from our site is within the permitted "
    "limits,” the company said in a statement on Thursday.",
    "Water samples taken by the regional laboratory on 14 March showed iron levels three times "
    "the legal limit, according to a report published by the council.",
    "A former plant engineer, speaking on condition of anonymity, said waste tanks had been "
    "emptied into the river at night, a claim that could not be independently verified.",
]

GOOD_BRIEF: dict[str, Any] = {
    "summary": "Lindmoor residents blame Orrin Chemical for brown water; the company denies it.",
    "bottom_line": "High iron levels are documented; their source is disputed.",
    "actors": ["Marta Keel", "Orrin Chemical"],
    "claims": [
        {
            "id": "c1",
            "text": "Residents say the company knew children were getting rashes.",
            "by": "Marta Keel",
            "quote": '"Our children have had rashes for six weeks, and the company knew,"',
        }
    ],
    "denials": [
        {
            "id": "d1",
            "text": "Orrin Chemical says its discharges are within limits.",
            "by": "Orrin Chemical",
            "quote": "Every discharge from our site is within the permitted limits",
            "responds_to": "c1",
        }
    ],
    "evidence": [
        {
            "id": "e1",
            "text": "Samples showed iron at three times the legal limit.",
            "by": "regional laboratory",
            "quote": "showed iron levels three times the legal limit",
            "supports": ["c1"],
            "undercuts": [],
        }
    ],
    "unverified": [
        {
            "text": "Waste tanks were allegedly emptied into the river at night.",
            "quote": "waste tanks had been emptied into the river at night",
        }
    ],
}


def make_article(paragraphs: Sequence[str] = PARAGRAPHS, title: str = "Lindmoor water") -> Article:
    text = "\n\n".join(paragraphs)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(paragraphs=list(paragraphs), text=text, content_hash=digest, title=title)


class FakeOfflineEngine:
    """Stands in for the offline engine: a fixed, valid brief quoting the article's first words."""

    def __init__(self) -> None:
        self.briefs = 0
        self.answers = 0

    @property
    def name(self) -> str:
        return "offline"

    @property
    def version(self) -> str:
        return "fake-offline-1"

    async def aclose(self) -> None:
        return None

    async def brief(self, article: Article) -> Brief:
        self.briefs += 1
        quote = " ".join(article.paragraphs[0].split()[:8])
        return Brief(
            summary="Offline summary.",
            claims=[Claim(id="c1", text="First sentence.", quote=quote)],
            engine=self.name,
        )

    async def answer(self, article: Article, question: str, history: Sequence[Turn]) -> Answer:
        self.answers += 1
        return Answer(answered=False, answer="The article does not say.", engine=self.name)


class EngineFactory:
    """Builds engines against the stand-in and closes their HTTP clients after the test."""

    def __init__(self, server: OpenAIStandIn) -> None:
        self.server = server
        self.engines: list[LLMEngine] = []

    def __call__(
        self, sleep: RecordingSleep | None = None, **settings: Any
    ) -> tuple[LLMEngine, FakeOfflineEngine]:
        values: dict[str, Any] = {"llm_max_retries": 2, "llm_timeout": 5.0, **settings}
        configured = Settings(
            openai_base_url=self.server.base_url,
            openai_api_key="sk-local-test",
            llm_model=MODEL,
            _env_file=None,
            **values,
        )
        fallback = FakeOfflineEngine()
        engine = LLMEngine(configured, fallback, sleep=sleep or RecordingSleep())
        self.engines.append(engine)
        return engine, fallback


def user_message(request: dict[str, Any]) -> str:
    return str(next(m["content"] for m in request["messages"] if m["role"] == "user"))
