"""The data that flows through briefbot: articles, briefs, answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RemovedText(_Model):
    """One piece of text that cleaning dropped, and why."""

    reason: str
    text: str


class Article(_Model):
    """A cleaned article, the input of every engine."""

    url: str | None = None
    final_url: str | None = None
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    paragraphs: list[str]
    text: str
    content_hash: str
    removed: list[RemovedText] = Field(default_factory=list)
    removed_counts: dict[str, int] = Field(default_factory=dict)


class Claim(_Model):
    id: str
    text: str
    by: str | None = None
    quote: str


class Denial(_Model):
    id: str
    text: str
    by: str | None = None
    quote: str
    responds_to: str | None = None


class Evidence(_Model):
    id: str
    text: str
    by: str | None = None
    quote: str
    supports: list[str] = Field(default_factory=list)
    undercuts: list[str] = Field(default_factory=list)


class Unverified(_Model):
    text: str
    quote: str


class Grounding(_Model):
    checked: int = 0
    verified: int = 0
    dropped: int = 0
    flagged: list[str] = Field(default_factory=list)


class Brief(_Model):
    title: str | None = None
    url: str | None = None
    site: str | None = None
    published: str | None = None
    summary: str
    bottom_line: str | None = None
    actors: list[str] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    denials: list[Denial] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    unverified: list[Unverified] = Field(default_factory=list)
    engine: str
    engine_version: str | None = None
    prompt_version: str | None = None
    notes: list[str] = Field(default_factory=list)
    grounding: Grounding = Field(default_factory=Grounding)


class Turn(_Model):
    """One earlier question and answer about the same story."""

    question: str
    answer: str


class Answer(_Model):
    answered: bool
    answer: str
    quotes: list[str] = Field(default_factory=list)
    engine: str
    notes: list[str] = Field(default_factory=list)


ItemKind = Literal["claim", "denial", "evidence", "unverified"]


class DigestSource(_Model):
    """One outlet's brief inside a story: the way back to the full brief."""

    brief_id: int
    outlet: str
    title: str | None = None
    url: str | None = None


class DigestItem(_Model):
    """A claim, denial or piece of evidence, merged across the outlets that report it."""

    kind: Literal["claim", "denial", "evidence"]
    text: str
    by: str | None = None
    quote: str
    outlets: list[str] = Field(default_factory=list)
    brief_ids: list[int] = Field(default_factory=list)


class DigestDisagreement(_Model):
    """Outlets that report a denial, and outlets covering the same story that leave it out."""

    denial: DigestItem
    reported_by: list[str]
    left_out_by: list[str]


class DigestStory(_Model):
    headline: str
    summary: str = ""
    outlets: list[str]
    sources: list[DigestSource]
    claims: list[DigestItem] = Field(default_factory=list)
    denials: list[DigestItem] = Field(default_factory=list)
    evidence: list[DigestItem] = Field(default_factory=list)
    follow_up: bool = False
    new_claims: list[DigestItem] = Field(default_factory=list)
    new_denials: list[DigestItem] = Field(default_factory=list)
    new_evidence: list[DigestItem] = Field(default_factory=list)
    disagreements: list[DigestDisagreement] = Field(default_factory=list)


class Digest(_Model):
    """The briefs a chat received since `since`, grouped into stories."""

    since: datetime | None = None
    stories: list[DigestStory] = Field(default_factory=list)
