"""Long articles: a token estimate, paragraph-aligned parts, and merging the parts' briefs.

Why an estimate rather than a tokenizer: tiktoken downloads its encodings on first use, which
fails offline, and the endpoint may not be OpenAI at all. `ceil(characters / 4)` is OpenAI's own
rule of thumb for English and errs high for most other tokenizers, which is the safe side for a
budget. The budget counts article text only; the prompt around it is small and fixed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TypeVar

from bot.engines.llm.schema import LLMBrief
from bot.grounding.quote_match import normalise
from bot.models import Claim, Denial, Evidence, Unverified

CHARS_PER_TOKEN = 4
_SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+")
_WORD_RE = re.compile(r"\w+")
_DUPLICATE_OVERLAP = 0.8
_MIN_OVERLAP_WORDS = 6
_Item = TypeVar("_Item", Claim, Denial, Evidence, Unverified)


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def split_into_chunks(paragraphs: Sequence[str], budget: int) -> list[list[str]]:
    """Consecutive paragraphs grouped so each group's estimate stays within the budget.

    A paragraph longer than the budget on its own is cut at sentence ends, and a sentence longer
    than the budget at word boundaries, so no part is ever over budget.
    """
    pieces: list[str] = []
    for paragraph in paragraphs:
        pieces.extend(_fit(paragraph, budget))
    chunks: list[list[str]] = []
    current: list[str] = []
    used = 0
    for piece in pieces:
        cost = estimate_tokens(piece) + 1
        if current and used + cost > budget:
            chunks.append(current)
            current, used = [], 0
        current.append(piece)
        used += cost
    if current:
        chunks.append(current)
    return chunks


def _fit(text: str, budget: int) -> list[str]:
    if estimate_tokens(text) <= budget:
        return [text]
    sentences = _SENTENCE_RE.split(text)
    if len(sentences) > 1:
        return _pack([part for sentence in sentences for part in _fit(sentence, budget)], budget)
    words = text.split(" ")
    return _pack(words, budget) if len(words) > 1 else _hard_cut(text, budget)


def _pack(parts: list[str], budget: int) -> list[str]:
    packed: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current} {part}" if current else part
        if current and estimate_tokens(candidate) > budget:
            packed.append(current)
            candidate = part
        current = candidate
    if current:
        packed.append(current)
    return [piece for chunk in packed for piece in _hard_cut(chunk, budget)]


def _hard_cut(text: str, budget: int) -> list[str]:
    size = budget * CHARS_PER_TOKEN
    return [text[start : start + size] for start in range(0, len(text), size)]


class BriefMerger:
    """Adds the briefs of an article's parts one at a time, in article order.

    Each part's model sees the claims found so far under their final ids (`known_claims`), so a
    denial in part two can answer a claim from part one. Ids a part defines itself win over
    earlier ones with the same name; duplicates (one quote containing the other, or mostly the
    same words) are kept once and links to them point at the kept item.
    """

    def __init__(self) -> None:
        self.summaries: list[str] = []
        self.bottom_line: str | None = None
        self.actors: list[str] = []
        self.claims: list[Claim] = []
        self.denials: list[Denial] = []
        self.evidence: list[Evidence] = []
        self.unverified: list[Unverified] = []

    def known_claims(self) -> str:
        if not self.claims:
            return "(none)"
        return "\n".join(f"{claim.id}: {claim.text}" for claim in self.claims)

    def add(self, part: LLMBrief) -> None:
        if part.summary.strip():
            self.summaries.append(part.summary.strip())
        self.bottom_line = self.bottom_line or part.bottom_line
        self.actors = list(dict.fromkeys([*self.actors, *part.actors]))
        claim_ids = {claim.id: claim.id for claim in self.claims}
        for claim in part.claims:
            kept = _duplicate_of(claim.quote, self.claims)
            if kept is None:
                kept = Claim(
                    id=f"c{len(self.claims) + 1}", text=claim.text, by=claim.by, quote=claim.quote
                )
                self.claims.append(kept)
            claim_ids[claim.id] = kept.id
        for denial in part.denials:
            if denial.responds_to is not None and denial.responds_to not in claim_ids:
                continue  # it answers a claim that is nowhere in the brief
            if _duplicate_of(denial.quote, self.denials) is None:
                self.denials.append(
                    Denial(
                        id=f"d{len(self.denials) + 1}",
                        text=denial.text,
                        by=denial.by,
                        quote=denial.quote,
                        responds_to=claim_ids.get(denial.responds_to or ""),
                    )
                )
        for item in part.evidence:
            if _duplicate_of(item.quote, self.evidence) is None:
                self.evidence.append(
                    Evidence(
                        id=f"e{len(self.evidence) + 1}",
                        text=item.text,
                        by=item.by,
                        quote=item.quote,
                        supports=_remap(item.supports, claim_ids),
                        undercuts=_remap(item.undercuts, claim_ids),
                    )
                )
        for entry in part.unverified:
            if _duplicate_of(entry.quote, self.unverified) is None:
                self.unverified.append(Unverified(text=entry.text, quote=entry.quote))

    @property
    def summary(self) -> str:
        """The first part's summary: news articles put the story first."""
        return self.summaries[0] if self.summaries else ""


def _remap(ids: list[str], mapping: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(mapping[claim_id] for claim_id in ids if claim_id in mapping))


def _duplicate_of(quote: str, items: list[_Item]) -> _Item | None:
    words = _words(quote)
    plain = " ".join(words)
    for item in items:
        other_words = _words(item.quote)
        other = " ".join(other_words)
        if not plain or not other:
            continue
        if f" {plain} " in f" {other} " or f" {other} " in f" {plain} ":
            return item
        smaller = min(len(set(words)), len(set(other_words)))
        shared = len(set(words) & set(other_words))
        if smaller >= _MIN_OVERLAP_WORDS and shared / smaller >= _DUPLICATE_OVERLAP:
            return item
    return None


def _words(quote: str) -> list[str]:
    return _WORD_RE.findall(normalise(quote, fold_case=True))
