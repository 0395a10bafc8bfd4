"""Which of a chat's briefs tell the same story, whatever outlet printed them.

Two briefs belong to the same story when their titles share content words and their texts share
named things (capitalised words, numbers); the links between pairs are closed with union-find, so
a story reported by three outlets is one story even when only neighbouring pairs look alike.

Names are counted whole (a four-word board's name is one name, not four shared words) and two
are not yet a story: a city and the police spokesman who talks about every crime in it. More
than half of the names of the sparser brief must be in the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Protocol
from urllib.parse import urlsplit

from bot.models import Article, Brief
from bot.text.words import STOP_WORDS, dice
from bot.text.words import stem as word_stem

SAME_STORY_THRESHOLD = 0.22
"""Weighted title and entity similarity above which two briefs are one story."""
_TITLE_WEIGHT = 0.35
_MIN_SHARED_NAMES = 2
_NAME_MAJORITY = 0.5
_TITLE_ALONE = 0.5

WORD_RE = re.compile(r"[^\W_]+(?:['’.,][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")
_YEAR = re.compile(r"^(19|20)\d\d$")
_NAME_GAP = re.compile(r"['’]?\s+")
# Words every headline of a live or updated story carries, and dates: no story of their own.
_HEADLINE_WORDS = """
new more says say saying report reports reported news update live mr mrs ms dr sir der die das
und ein eine le la les des du et un une el los las first last one two three monday tuesday
wednesday thursday friday saturday sunday today yesterday tomorrow january february march april
june july august september october november december
"""
_STOPWORDS = STOP_WORDS | frozenset(_HEADLINE_WORDS.split())


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
    names: tuple[frozenset[str], ...]
    """`entities` partitioned into names: words written next to each other, and "Smith" with
    "Anna Smith"."""


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


def record_title(record: BriefRecord) -> str | None:
    title = record.brief.title or record.article.title
    return " ".join(title.split()) if title and title.strip() else None


def stem(word: str) -> str:
    """The stem of a word of any case (`bot.text.words.stem` takes lower case)."""
    return word_stem(word.casefold())


def title_words(text: str) -> frozenset[str]:
    words = (stem(w) for w in WORD_RE.findall(text))
    return frozenset(w for w in words if len(w) >= 3 and w not in _STOPWORDS)


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


def named_entities(texts: Iterable[str]) -> frozenset[str]:
    """Capitalised words and numbers; a sentence's first word counts only if it is capitalised
    somewhere else too, because every sentence starts with a capital."""
    return frozenset(word for run in entity_runs(texts) for word in run)


def entity_runs(texts: Iterable[str], *, sentence_starts: bool = False) -> list[tuple[str, ...]]:
    """Named words in runs, a run being capitalised words with only spaces between them; each
    number is a run of its own. `sentence_starts` keeps every capitalised first word, for texts
    that are names rather than sentences (an item's speaker)."""
    sentences = [s for text in texts for s in _SENTENCE_END.split(text) if s.strip()]
    tokenised = [list(WORD_RE.finditer(s)) for s in sentences]
    inner_caps = {
        token.group().lower()
        for tokens in tokenised
        for token in tokens[1:]
        if token.group()[:1].isupper()
    }
    runs: list[tuple[str, ...]] = []
    for sentence, tokens in zip(sentences, tokenised, strict=True):
        keys: list[str | None] = []  # None ends a run
        for index, match in enumerate(tokens):
            token = match.group()
            if index and not _NAME_GAP.fullmatch(sentence, tokens[index - 1].end(), match.start()):
                keys.append(None)
            if any(ch.isdigit() for ch in token):
                number = token.replace(",", "").rstrip(".")
                wanted = len(number) >= 2 and not _YEAR.match(number)
                keys += [None, number, None] if wanted else [None]
                continue
            key = stem(token)
            first = index == 0 and not sentence_starts and token.lower() not in inner_caps
            named = token[:1].isupper() and key not in _STOPWORDS and len(key) >= 2
            keys.append(key if named and not first else None)
        runs += [tuple(k for k in run if k) for named, run in groupby(keys, bool) if named]
    return runs


def _components(words: frozenset[str], groups: Iterable[Iterable[str]]) -> list[frozenset[str]]:
    """`words` split into sets that `groups` join (two words are joined when a group has both)."""
    order = sorted(words)
    index = {word: number for number, word in enumerate(order)}
    joined = _UnionFind(len(order))
    for group in groups:
        members = [index[word] for word in group if word in index]
        for member in members[1:]:
            joined.union(members[0], member)
    parts: dict[int, set[str]] = {}
    for word in order:
        parts.setdefault(joined.find(index[word]), set()).add(word)
    return [frozenset(part) for part in parts.values()]


def _features(record: BriefRecord) -> _Features:
    brief = record.brief
    title = record_title(record) or ""
    texts = [title, brief.summary]
    texts += [c.text for c in brief.claims] + [c.by or "" for c in brief.claims]
    texts += [d.by or "" for d in brief.denials] + [e.by or "" for e in brief.evidence]
    runs = entity_runs(t for t in texts if t)
    entities = frozenset(word for run in runs for word in run)
    return _Features(title_words(title), entities, tuple(_components(entities, runs)))


def story_similarity(a: BriefRecord, b: BriefRecord) -> float:
    """0..1; at or above SAME_STORY_THRESHOLD the two briefs are grouped (see `same_story`)."""
    return _similarity(_features(a), _features(b))


def _similarity(a: _Features, b: _Features) -> float:
    title = dice(a.title_words, b.title_words)
    entities = dice(a.entities, b.entities)
    return _TITLE_WEIGHT * title + (1 - _TITLE_WEIGHT) * entities


def _linked(a: _Features, b: _Features, threshold: float) -> bool:
    if dice(a.title_words, b.title_words) >= _TITLE_ALONE:
        return True
    shared = len(_components(a.entities & b.entities, (*a.names, *b.names)))
    fewer = min(len(a.names), len(b.names))
    return (
        shared >= _MIN_SHARED_NAMES
        and shared > _NAME_MAJORITY * fewer
        and _similarity(a, b) >= threshold
    )


def same_story(a: BriefRecord, b: BriefRecord, threshold: float = SAME_STORY_THRESHOLD) -> bool:
    return _linked(_features(a), _features(b), threshold)


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
