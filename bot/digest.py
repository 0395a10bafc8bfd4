"""The daily digest: a chat's recent briefs grouped into stories, merged across outlets.

Rule-based, so it needs no engine and costs nothing per chat. Two briefs belong to the same story
when their titles share content words and their texts share named things (capitalised words,
numbers); the links between pairs are closed with union-find, so a story reported by three
outlets is one story even when only neighbouring pairs look alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol
from urllib.parse import urlsplit

from bot.models import (
    Article,
    Brief,
    Digest,
    DigestDisagreement,
    DigestItem,
    DigestSource,
    DigestStory,
)

SAME_STORY_THRESHOLD = 0.22
"""Weighted title and entity similarity above which two briefs are one story."""
_TITLE_WEIGHT = 0.35
_MIN_SHARED_ENTITIES = 2
_TITLE_ALONE = 0.5
_ITEM_OVERLAP = 0.6

_WORD = re.compile(r"[^\W_]+(?:['’.,][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")
_YEAR = re.compile(r"^(19|20)\d\d$")
_STOPWORD_TEXT = """
a an and are as at be been but by for from had has have he her his how i in into is it its
itself more most new no not of on or our over says said she so than that the their them then
there these they this those to under up was we were what when where which while who why will
with would after about against amid before between during out off again also just may might
can could should one two three first last over says say saying report reports reported news
update live mr mrs ms dr sir der die das und ein eine le la les des du et un une el los las
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow january
february march april june july august september october november december
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

ItemKind = Literal["claim", "denial", "evidence"]


class BriefRecord(Protocol):
    """What the digest reads of a stored brief (the store's `StoredBrief` fits)."""

    @property
    def brief_id(self) -> int: ...

    @property
    def article(self) -> Article: ...

    @property
    def brief(self) -> Brief: ...

    @property
    def created_at(self) -> datetime: ...


@dataclass(frozen=True)
class _Features:
    title_words: frozenset[str]
    entities: frozenset[str]


def outlet_name(record: BriefRecord) -> str:
    """The site as the article names it, else the link's host, else "pasted text"."""
    site = record.brief.site or record.article.site
    if site and site.strip():
        return " ".join(site.split())
    url = record.brief.url or record.article.final_url or record.article.url
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return "pasted text"


def _title(record: BriefRecord) -> str | None:
    title = record.brief.title or record.article.title
    return " ".join(title.split()) if title and title.strip() else None


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s")
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def title_words(text: str) -> frozenset[str]:
    words = (_stem(w) for w in _WORD.findall(text))
    return frozenset(w for w in words if len(w) >= 3 and w not in _STOPWORDS)


def named_entities(texts: Iterable[str]) -> frozenset[str]:
    """Capitalised words and numbers; a sentence's first word counts only if it is capitalised
    somewhere else too, because every sentence starts with a capital."""
    sentences = [s for text in texts for s in _SENTENCE_END.split(text) if s.strip()]
    tokenised = [_WORD.findall(s) for s in sentences]
    inner_caps = {
        token.lower() for tokens in tokenised for token in tokens[1:] if token[:1].isupper()
    }
    found: set[str] = set()
    for tokens in tokenised:
        for index, token in enumerate(tokens):
            if any(ch.isdigit() for ch in token):
                number = token.replace(",", "").rstrip(".")
                if len(number) >= 2 and not _YEAR.match(number):
                    found.add(number)
                continue
            if not token[:1].isupper():
                continue
            key = _stem(token)
            if key in _STOPWORDS or len(key) < 2:
                continue
            if index == 0 and token.lower() not in inner_caps:
                continue
            found.add(key)
    return frozenset(found)


def _features(record: BriefRecord) -> _Features:
    brief = record.brief
    title = _title(record) or ""
    texts = [title, brief.summary]
    texts += [c.text for c in brief.claims] + [c.by or "" for c in brief.claims]
    texts += [d.by or "" for d in brief.denials] + [e.by or "" for e in brief.evidence]
    return _Features(title_words(title), named_entities(t for t in texts if t))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def story_similarity(a: BriefRecord, b: BriefRecord) -> float:
    """0..1; at or above SAME_STORY_THRESHOLD the two briefs are grouped (see `same_story`)."""
    return _similarity(_features(a), _features(b))


def _similarity(a: _Features, b: _Features) -> float:
    title = _dice(a.title_words, b.title_words)
    entities = _dice(a.entities, b.entities)
    return _TITLE_WEIGHT * title + (1 - _TITLE_WEIGHT) * entities


def _linked(a: _Features, b: _Features, threshold: float) -> bool:
    if _dice(a.title_words, b.title_words) >= _TITLE_ALONE:
        return True
    shared = len(a.entities & b.entities)
    return shared >= _MIN_SHARED_ENTITIES and _similarity(a, b) >= threshold


def same_story(a: BriefRecord, b: BriefRecord, threshold: float = SAME_STORY_THRESHOLD) -> bool:
    return _linked(_features(a), _features(b), threshold)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def group_stories(
    records: Sequence[BriefRecord], threshold: float = SAME_STORY_THRESHOLD
) -> list[list[int]]:
    """Indexes of `records` grouped by story, each group and the groups in input order."""
    features = [_features(r) for r in records]
    groups = _UnionFind(len(records))
    for i in range(len(records)):
        for j in range(i + 1, len(records)):
            if _linked(features[i], features[j], threshold):
                groups.union(i, j)
    by_root: dict[int, list[int]] = {}
    for index in range(len(records)):
        by_root.setdefault(groups.find(index), []).append(index)
    return sorted(by_root.values(), key=lambda group: group[0])


# ----------------------------------------------------------------- items across outlets


def _norm(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def same_item(a_text: str, a_quote: str, b_text: str, b_quote: str) -> bool:
    """Two outlets report the same thing when the quotes overlap or the wording mostly matches."""
    qa, qb = _norm(a_quote), _norm(b_quote)
    if qa and qb and (qa in qb or qb in qa):
        return True
    ta, tb = _tokens(a_quote), _tokens(b_quote)
    if min(len(ta), len(tb)) >= 4 and len(ta & tb) / min(len(ta), len(tb)) >= _ITEM_OVERLAP:
        return True
    return _dice(_tokens(a_text), _tokens(b_text)) >= _ITEM_OVERLAP


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
    titled = [(r, t) for r in records if (t := _title(r))]
    if titled:
        words = [title_words(t) for _, t in titled]
        scores = [sum(_dice(w, other) for other in words) for w in words]
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


def _disagreements(denials: list[DigestItem], outlets: list[str]) -> list[DigestDisagreement]:
    if len(outlets) < 2:
        return []
    found = []
    for denial in denials:
        left_out = [o for o in outlets if o not in denial.outlets]
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
                title=_title(r),
                url=r.brief.url or r.article.final_url or r.article.url,
            )
            for r in recent
        ],
        claims=claims,
        denials=denials,
        evidence=evidence,
        follow_up=bool(earlier),
        disagreements=_disagreements(denials, outlets),
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


__all__ = [
    "SAME_STORY_THRESHOLD",
    "BriefRecord",
    "build_digest",
    "group_stories",
    "merge_items",
    "named_entities",
    "outlet_name",
    "same_item",
    "same_story",
    "story_similarity",
    "title_words",
]
