"""The daily digest: a chat's recent briefs grouped into stories, merged across outlets.

Rule-based, so it needs no engine and costs nothing per chat. Which briefs are one story is
`story_grouping`'s business; here each story's claims, denials and evidence are merged across
its outlets, what is new since the last briefing is picked out, and a denial one outlet prints
and another leaves out is said.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Literal

from bot.digest.grouping import (
    SAME_STORY_THRESHOLD,
    WORD_RE,
    BriefRecord,
    entity_runs,
    group_stories,
    outlet_name,
    record_title,
    stem,
    title_words,
)
from bot.models import (
    Digest,
    DigestDisagreement,
    DigestItem,
    DigestSource,
    DigestStory,
)
from bot.text.phrases import phrase_re
from bot.text.refuting import REFUTING_PHRASES, REFUTING_VERBS, WEAK_REFUTING
from bot.text.sentences import split_sentences
from bot.text.words import dice

_ITEM_OVERLAP = 0.6
_REFUTING = phrase_re([*REFUTING_VERBS, *(p for p in REFUTING_PHRASES if p not in WEAK_REFUTING)])
ItemKind = Literal["claim", "denial", "evidence"]


# ----------------------------------------------------------------- items across outlets


def _norm(text: str) -> str:
    return " ".join(w.lower() for w in WORD_RE.findall(text))


def _tokens(text: str) -> frozenset[str]:
    return frozenset(WORD_RE.findall(text.lower()))


def same_item(a_text: str, a_quote: str, b_text: str, b_quote: str) -> bool:
    """Two outlets report the same thing when the quotes overlap or the wording mostly matches."""
    qa, qb = _norm(a_quote), _norm(b_quote)
    if qa and qb and (qa in qb or qb in qa):
        return True
    ta, tb = _tokens(a_quote), _tokens(b_quote)
    if min(len(ta), len(tb)) >= 4 and len(ta & tb) / min(len(ta), len(tb)) >= _ITEM_OVERLAP:
        return True
    return dice(_tokens(a_text), _tokens(b_text)) >= _ITEM_OVERLAP


def _raw_items(record: BriefRecord, kind: ItemKind) -> list[tuple[str, str | None, str]]:
    brief = record.brief
    if kind == "claim":
        return [(c.text, c.by, c.quote) for c in brief.claims]
    if kind == "denial":
        return [(d.text, d.by, d.quote) for d in brief.denials]
    return [(e.text, e.by, e.quote) for e in brief.evidence]


def merge_items(records: Sequence[BriefRecord], kind: ItemKind) -> list[DigestItem]:
    """One item per thing reported, with every outlet that reports it; the most widely reported
    first, then in the order they were first seen."""
    merged: list[DigestItem] = []
    for record in records:
        outlet = outlet_name(record)
        for text, by, quote in _raw_items(record, kind):
            match = next((m for m in merged if same_item(m.text, m.quote, text, quote)), None)
            if match is None:
                merged.append(
                    DigestItem(kind=kind, text=text, by=by, quote=quote, outlets=[outlet])
                )
                match = merged[-1]
            if outlet not in match.outlets:
                match.outlets.append(outlet)
            if match.by is None and by:
                match.by = by
            if record.brief_id not in match.brief_ids:
                match.brief_ids.append(record.brief_id)
    order = {id(item): index for index, item in enumerate(merged)}
    return sorted(merged, key=lambda item: (-len(item.outlets), order[id(item)]))


def _not_seen_before(items: list[DigestItem], earlier: list[DigestItem]) -> list[DigestItem]:
    return [
        item
        for item in items
        if not any(same_item(old.text, old.quote, item.text, item.quote) for old in earlier)
    ]


def _headline(records: Sequence[BriefRecord]) -> tuple[str, str]:
    """The title closest to the others (the one that best names what every outlet reports) and
    that brief's summary; without titles, the first sentence of a summary."""
    titled = [(r, t) for r in records if (t := record_title(r))]
    if titled:
        words = [title_words(t) for _, t in titled]
        scores = [sum(dice(w, other) for other in words) for w in words]
        best, title = titled[scores.index(max(scores))]
        return title, " ".join(best.brief.summary.split())
    summary = " ".join(records[0].brief.summary.split())
    first, _, rest = summary.partition(". ") if ". " in summary else (summary, "", "")
    first = first if not rest else first + "."
    if len(first) > 140:
        return first[:139].rstrip() + "…", summary
    return first, rest


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _prints_denial(record: BriefRecord, denial: DigestItem) -> bool:
    """The outlet's article carries the denial even if its brief missed it: the quoted words, or
    a sentence that names the denier next to a refuting word. Telling a reader that an outlet
    left a denial out when it printed it would be the digest's own error."""
    text = _norm(record.article.text)
    if (quote := _norm(denial.quote)) and quote in text:
        return True
    names = [set(run) for run in entity_runs([denial.by or ""], sentence_starts=True)]
    if not names:
        return False
    for sentence in split_sentences(record.article.text):
        if _REFUTING.search(sentence.text):
            words = {stem(word) for word in WORD_RE.findall(sentence.text)}
            if any(name <= words for name in names):
                return True
    return False


def _disagreements(
    denials: list[DigestItem], records: Sequence[BriefRecord]
) -> list[DigestDisagreement]:
    outlets = _unique(outlet_name(r) for r in records)
    if len(outlets) < 2:
        return []
    found = []
    for denial in denials:
        left_out = [
            outlet
            for outlet in outlets
            if outlet not in denial.outlets
            and not any(_prints_denial(r, denial) for r in records if outlet_name(r) == outlet)
        ]
        if left_out:
            found.append(
                DigestDisagreement(
                    denial=denial, reported_by=list(denial.outlets), left_out_by=left_out
                )
            )
    return found


def _story(recent: Sequence[BriefRecord], earlier: Sequence[BriefRecord]) -> DigestStory:
    outlets = _unique(outlet_name(r) for r in recent)
    claims = merge_items(recent, "claim")
    denials = merge_items(recent, "denial")
    evidence = merge_items(recent, "evidence")
    headline, summary = _headline(recent)
    story = DigestStory(
        headline=headline,
        summary=summary,
        outlets=outlets,
        sources=[
            DigestSource(
                brief_id=r.brief_id,
                outlet=outlet_name(r),
                title=record_title(r),
                url=r.brief.url or r.article.final_url or r.article.url,
            )
            for r in recent
        ],
        claims=claims,
        denials=denials,
        evidence=evidence,
        follow_up=bool(earlier),
        disagreements=_disagreements(denials, recent),
    )
    if earlier:
        story.new_claims = _not_seen_before(claims, merge_items(earlier, "claim"))
        story.new_denials = _not_seen_before(denials, merge_items(earlier, "denial"))
        story.new_evidence = _not_seen_before(evidence, merge_items(earlier, "evidence"))
    return story


def build_digest(
    recent: Sequence[BriefRecord],
    earlier: Sequence[BriefRecord] = (),
    *,
    since: datetime | None = None,
    threshold: float = SAME_STORY_THRESHOLD,
) -> Digest:
    """Stories of the `recent` briefs, in the order the chat received them (oldest first);
    `earlier` ones (received before `since`) only tell what is new. Stories reported by more
    outlets come first, then the most recently received."""
    recent_ids = {r.brief_id for r in recent}
    old = sorted(
        (r for r in earlier if r.brief_id not in recent_ids),
        key=lambda r: (r.created_at, r.brief_id),
    )
    pool: list[BriefRecord] = [*recent, *old]
    stories: list[tuple[DigestStory, int]] = []
    for group in group_stories(pool, threshold):
        now = [i for i in group if i < len(recent)]
        if not now:
            continue
        before = [pool[i] for i in group if i >= len(recent)]
        stories.append((_story([pool[i] for i in now], before), max(now)))
    stories.sort(key=lambda pair: (-len(pair[0].outlets), -pair[1]))
    return Digest(since=since, stories=[story for story, _ in stories])
