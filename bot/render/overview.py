"""The one-screen view of a brief: who claims what, who denies it, the evidence and its caveat.

Transport-agnostic: the bot renders it as Telegram HTML, the CLI as plain text. Every quote
shown is a verbatim piece of the item's quote, shortened on a clause boundary.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from bot.models import Article, Brief, Claim, Denial, Evidence

LineKind = Literal["Claim", "Denial", "Evidence", "Caveat"]

SHORT_QUOTE = 160
_NAME_NEAR_START = 40
_SPOKEN = re.compile(r"[“\"]([^”\"]{25,})[”\"]")


@dataclass(frozen=True)
class OverviewLine:
    kind: LineKind
    by: str | None
    quote: str


@dataclass(frozen=True)
class Overview:
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    lines: list[OverviewLine]
    unverified: int
    notes: list[str]


_OPENING_MARKS = "“\"'‘«„"


def quoted(text: str) -> str:
    """The quote between quotation marks, unless the article's span already opens with one
    (a quotation followed by its attribution): marks are never doubled."""
    return text if text[:1] in _OPENING_MARKS else f"“{text}”"


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_published(published: str | None) -> str | None:
    """ "2026-11-20" (or a full ISO timestamp) as "20 Nov 2026"; other text as it is, short."""
    if not published:
        return None
    try:
        day = dt.date.fromisoformat(published.strip()[:10])
    except ValueError:
        return clip(published, 40)
    return f"{day.day} {day:%b %Y}"


def speaker(by: str | None) -> str | None:
    if not by:
        return None
    by = clip(by, 80)
    return by[0].upper() + by[1:]


def short_quote(quote: str, by: str | None = None, limit: int = SHORT_QUOTE) -> str:
    """A verbatim piece of the quote: the speaker's own words in quotation marks if there are
    enough of them, else the quote without the speaker's name in front; cut at a clause."""
    text = " ".join(quote.split())
    spoken = _SPOKEN.search(text)
    lead = ""
    if spoken is not None:
        text = spoken.group(1).strip().rstrip(",;:").strip()
    elif by:
        # The speaker is named beside the quote: start after the name when the quote opens
        # with it ("As evidence, the ministry released…" → "…released…").
        at = text.lower().find(by.lower())
        # A transcript's "Name: words" leaves its colon behind the name, as a list leaves a dash.
        rest = text[at + len(by) :].lstrip(" ,:;—–") if 0 <= at <= _NAME_NEAR_START else ""
        if len(rest) > 20:
            text, lead = rest, "…"
    if len(text) <= limit:
        return lead + text
    cut = text[:limit]
    for mark in (". ", "; ", ", ", " "):
        at = cut.rfind(mark)
        if at >= limit * 0.5:
            return lead + cut[:at].rstrip(",;: ") + "…"
    return lead + cut.rstrip() + "…"


def main_claim(brief: Brief) -> Claim | None:
    """The claim the article argues over: the one most denials answer and evidence bears on."""
    if not brief.claims:
        return None

    def weight(claim: Claim) -> int:
        answered = sum(d.responds_to == claim.id for d in brief.denials)
        backed = sum(claim.id in e.supports + e.undercuts for e in brief.evidence)
        return 2 * answered + backed

    return max(brief.claims, key=lambda claim: (weight(claim), -brief.claims.index(claim)))


def _main_denial(brief: Brief, claim: Claim | None) -> Denial | None:
    answering = [d for d in brief.denials if claim is not None and d.responds_to == claim.id]
    candidates = answering or brief.denials
    spoken = [d for d in candidates if _SPOKEN.search(d.quote)]
    found = spoken or candidates
    return found[0] if found else None


def _main_evidence(brief: Brief, claim: Claim | None) -> Evidence | None:
    backing = [e for e in brief.evidence if claim is not None and claim.id in e.supports]
    found = backing or [e for e in brief.evidence if not e.undercuts]
    return found[0] if found else None


def _caveat(brief: Brief, claim: Claim | None, shown: Evidence | None) -> OverviewLine | None:
    against = [e for e in brief.evidence if e.undercuts and e is not shown]
    if claim is not None:
        against = [e for e in against if claim.id in e.undercuts] or against
    if against:
        return OverviewLine("Caveat", speaker(against[0].by), short_quote(against[0].quote))
    if brief.unverified:
        return OverviewLine("Caveat", None, short_quote(brief.unverified[0].quote))
    return None


def build_overview(brief: Brief, *, quote_limit: int = SHORT_QUOTE) -> Overview:
    claim = main_claim(brief)
    denial = _main_denial(brief, claim)
    evidence = _main_evidence(brief, claim)
    lines: list[OverviewLine] = []
    for kind, item in (("Claim", claim), ("Denial", denial), ("Evidence", evidence)):
        if item is not None:
            quote = short_quote(item.quote, item.by, quote_limit)
            lines.append(OverviewLine(kind, speaker(item.by), quote))  # type: ignore[arg-type]
    caveat = _caveat(brief, claim, evidence)
    if caveat is not None and (evidence is not None or claim is not None):
        lines.append(caveat)
    return Overview(
        title=clip(brief.title, 200) if brief.title else None,
        outlet=clip(brief.site, 60) if brief.site else None,
        date=format_published(brief.published),
        url=brief.url,
        lines=lines,
        unverified=len(brief.unverified),
        notes=[clip(note, 240) for note in brief.notes],
    )


def unverified_line(count: int, where: str) -> str | None:
    """E.g. "2 points, listed under Evidence"; `where` says where the reader finds them."""
    if count == 0:
        return None
    return ("1 point" if count == 1 else f"{count} points") + f", {where}"


def item_keys(brief: Brief) -> tuple[object, ...]:
    """What a reader sees of the items: equal keys mean a refresh changed nothing."""
    return (
        tuple((c.by, c.quote) for c in brief.claims),
        tuple((d.by, d.quote, d.responds_to) for d in brief.denials),
        tuple((e.by, e.quote, tuple(e.supports), tuple(e.undercuts)) for e in brief.evidence),
        tuple(u.quote for u in brief.unverified),
    )


def same_items(a: Brief, b: Brief) -> bool:
    return item_keys(a) == item_keys(b)


def item_numbers(brief: Brief) -> dict[str, str]:
    """C1, C2… for claims; denials and evidence point at claims by these numbers."""
    return {claim.id: f"C{index}" for index, claim in enumerate(brief.claims, 1)}


def relation(evidence: Evidence, numbers: dict[str, str]) -> str:
    parts = []
    backed = [numbers[c] for c in evidence.supports if c in numbers]
    against = [numbers[c] for c in evidence.undercuts if c in numbers]
    if backed:
        parts.append("supports " + ", ".join(backed))
    if against:
        parts.append("undercuts " + ", ".join(against))
    return "; ".join(parts)


def grounding_line(brief: Brief) -> str:
    g = brief.grounding
    line = f"{g.verified} of {g.checked} quotes found in the article"
    return line + (f", {g.dropped} dropped." if g.dropped else ".")


def removed_summary(article: Article) -> str:
    """One line on what cleaning took out of the page, by reason, most frequent first."""
    if not article.removed:
        return "Cleaning removed nothing from the page."
    counts = Counter(item.reason for item in article.removed)
    detail = ", ".join(f"{reason} {count}" for reason, count in counts.most_common())
    return f"Cleaning removed {len(article.removed)} paragraph(s): {detail}."
