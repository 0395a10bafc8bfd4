"""Clean a list of paragraphs: drop boilerplate, a repeated headline and repeated paragraphs.

What counts as boilerplate lives in bot.ingest.boilerplate; this module applies it, trims
calls to action tacked onto the end of a real paragraph, and removes paragraphs printed twice
(a paywall that prints the first paragraphs again, a pull quote, a truncated repeat "…").
Everything dropped is returned with its reason so the reader can see what went.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property

from bot.ingest.boilerplate import boilerplate_reason, cjk_count, split_trailing_calls, words_of
from bot.models import RemovedText


@dataclass(frozen=True)
class CleanResult:
    """The paragraphs that survive, and what was dropped with the reason."""

    paragraphs: list[str]
    removed: list[RemovedText]


def clean_paragraphs(paragraphs: list[str], *, title: str | None = None) -> CleanResult:
    """Drop boilerplate, then repeated paragraphs; the first occurrence of a repeat is kept.

    With a `title`, the page's headline printed again at the top of the body goes too.
    """
    kept: list[str] = []
    removed: list[RemovedText] = []
    title_key = _repeat_key(title) if title else ""
    under_label = False
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.strip()
        if not text:
            continue
        if index < _TITLE_WINDOW and _repeats_title(text, title_key):
            removed.append(RemovedText(reason="title", text=text))
            continue
        reason = boilerplate_reason(text)
        if reason is None and under_label and is_headline(text):
            reason = "read_more"  # a link listed under "Related", "Don't miss"
        if reason is not None:
            removed.append(RemovedText(reason=reason, text=text))
            under_label = reason == "read_more"
            continue
        under_label = False
        text, trimmed = split_trailing_calls(text)
        # what is left of a paragraph that ended in a call may be boilerplate as well
        rest_reason = boilerplate_reason(text) if trimmed else None
        if rest_reason is not None:
            removed.append(RemovedText(reason=rest_reason, text=text))
        else:
            kept.append(text)
        removed.extend(trimmed)
    kept, listed = _drop_headline_lists(kept)
    survivors, repeats = _drop_repeats(kept)
    return CleanResult(paragraphs=survivors, removed=removed + listed + repeats)


# --- lists of links -----------------------------------------------------------------------------

_HEADLINE_MIN_WORDS = 4
_HEADLINE_MAX_WORDS = 14
_HEADLINE_CHARS = re.compile(r"^[\w\s'’‘\"“”,:;?!$%.–—-]+$")
_HEADLINE_CAPITALS = 0.6
_HEADLINE_RUN = 3
_LIST_ENTRY = re.compile(r"\s(?:--|—|–|-)\s")
_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


def is_headline(text: str) -> bool:
    """A short title-cased line with no full stop: how a link to another story reads."""
    words = text.split()
    if not _HEADLINE_MIN_WORDS <= len(words) <= _HEADLINE_MAX_WORDS:
        return False
    if text.rstrip(" \"'”’»)]").endswith((".", ":")) or not _HEADLINE_CHARS.match(text):
        return False  # a sentence, a heading over a list, or an address
    if _LIST_ENTRY.search(text) or sum(any(c.isdigit() for c in word) for word in words) > 1:
        return False  # an entry of a schedule or a score table: "June 9 -- Arena, City"
    long_words = _LONG_WORD.findall(text)
    capitals = sum(word[:1].isupper() for word in long_words)
    return bool(long_words) and capitals >= _HEADLINE_CAPITALS * len(long_words)


def _drop_headline_lists(paragraphs: list[str]) -> tuple[list[str], list[RemovedText]]:
    """Three or more headlines in a row are a list of other stories, not the article's
    subheadings, which stand alone between paragraphs."""
    kept: list[str] = []
    removed: list[RemovedText] = []
    run: list[str] = []
    for text in [*paragraphs, ""]:
        if text and is_headline(text):
            run.append(text)
            continue
        if len(run) >= _HEADLINE_RUN:
            removed.extend(RemovedText(reason="read_more", text=line) for line in run)
        else:
            kept.extend(run)
        run = []
        if text:
            kept.append(text)
    return kept, removed


# --- repeats ----------------------------------------------------------------------------------

_TITLE_WINDOW = 3
_NON_WORD = re.compile(r"[\W_]+")
_ELLIPSIS = re.compile(r"(?:\.{3,}|…)\W*$")
_SENTENCE_END = tuple('.!?…"”’»。！？」』')
_PROSE_MIN_WORDS = 8
_PROSE_MIN_CJK_CHARS = 15
_PROSE_MAX_NUMERIC_SHARE = 0.2
_MIN_PREFIX_CHARS = 25
_MIN_TITLE_CHARS = 15
_FUZZY_SIMILARITY = 0.85
_SHINGLE = 5
_HEAD_PARAGRAPHS = 100
_RECENT_PARAGRAPHS = 200
_MIN_TELLING_PAIRS = 4
_COMMON_PAIR = 50


def _repeat_key(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def _repeats_title(text: str, title_key: str) -> bool:
    """The headline again: the title, or most of it (titles often add " - Site Name")."""
    key = _repeat_key(text)
    return len(key) >= max(_MIN_TITLE_CHARS, len(title_key) // 2) and key in title_key


def _is_prose(text: str) -> bool:
    """Sentences, not list or table lines: recipes and schedules legitimately repeat lines."""
    if not text.rstrip().endswith(_SENTENCE_END):
        return False
    words = words_of(text)
    if len(words) < _PROSE_MIN_WORDS and cjk_count(text) < _PROSE_MIN_CJK_CHARS:
        return False
    numeric = sum(1 for word in words if not word.isalpha() and any(ch.isnumeric() for ch in word))
    return numeric <= _PROSE_MAX_NUMERIC_SHARE * len(words)


@dataclass(frozen=True)
class _Prose:
    key: str

    @cached_property
    def shingles(self) -> frozenset[str]:
        """Built only when compared: most paragraphs have no earlier one like them."""
        compact = self.key.replace(" ", "")
        count = max(1, len(compact) - _SHINGLE + 1)
        return frozenset(compact[i : i + _SHINGLE] for i in range(count))

    @cached_property
    def pairs(self) -> frozenset[tuple[str, str]]:
        """Neighbouring words: far more telling than single words, as cheap to find."""
        return frozenset(itertools.pairwise(self.key.split()))


@dataclass
class _Seen:
    keys: set[str] = field(default_factory=set)
    prose: list[_Prose] = field(default_factory=list)
    by_pair: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def add(self, prose: _Prose) -> None:
        self.keys.add(prose.key)
        position = len(self.prose)
        by_pair = self.by_pair
        for pair in prose.pairs:
            found = by_pair.get(pair)
            if found is None:
                by_pair[pair] = [position]
            else:
                found.append(position)
        self.prose.append(prose)

    def twin_candidates(self, prose: _Prose) -> list[_Prose]:
        """Earlier paragraphs with at least half of this one's word pairs, found through an
        index of the pairs, so a paragraph costs the same however long the text: a near twin
        shares nearly all. A pair found in very many paragraphs ("of the") tells nothing and is
        not counted; a paragraph with too few telling pairs (text without spaces) is compared
        with the opening and the latest paragraphs, where repeats sit (a lede printed again
        after a paywall, a quotation printed twice)."""
        shared: dict[int, int] = {}
        telling = 0
        by_pair = self.by_pair
        for pair in prose.pairs:
            found = by_pair.get(pair)
            if found is None:
                telling += 1  # a pair no earlier paragraph has: telling, and shared by none
            elif len(found) <= _COMMON_PAIR:
                telling += 1
                for index in found:
                    shared[index] = shared.get(index, 0) + 1
        if telling < _MIN_TELLING_PAIRS:
            if len(self.prose) <= _HEAD_PARAGRAPHS + _RECENT_PARAGRAPHS:
                return self.prose
            return self.prose[:_HEAD_PARAGRAPHS] + self.prose[-_RECENT_PARAGRAPHS:]
        return [self.prose[index] for index in sorted(shared) if 2 * shared[index] >= telling]


def _drop_repeats(paragraphs: list[str]) -> tuple[list[str], list[RemovedText]]:
    """Drop prose paragraphs printed again: exactly (up to case, spacing and punctuation),
    nearly (small edits), or cut short with an ellipsis. The first occurrence stays."""
    kept: list[str] = []
    removed: list[RemovedText] = []
    seen = _Seen()
    for text in paragraphs:
        key = _repeat_key(text)
        prose = _Prose(key) if _is_prose(text) else None
        reason = _repeat_reason(text, key, prose, seen)
        if reason is not None:
            removed.append(RemovedText(reason=reason, text=text))
            continue
        kept.append(text)
        if prose is not None:
            seen.add(prose)
    return kept, removed


def _repeat_reason(text: str, key: str, prose: _Prose | None, seen: _Seen) -> str | None:
    if key in seen.keys:
        return "duplicate"
    truncated = _ELLIPSIS.search(text) and len(key) >= _MIN_PREFIX_CHARS
    if truncated and any(earlier.key.startswith(key) for earlier in seen.prose):
        return "near_duplicate"
    if seen.prose and prose is not None and _has_near_twin(prose, seen):
        return "near_duplicate"
    return None


def _has_near_twin(prose: _Prose, seen: _Seen) -> bool:
    for earlier in seen.twin_candidates(prose):
        if not 0.8 <= len(earlier.key) / max(1, len(prose.key)) <= 1.25:
            continue
        size = len(prose.shingles)
        shared = len(prose.shingles & earlier.shingles)
        union = size + len(earlier.shingles) - shared
        if union and shared / union >= _FUZZY_SIMILARITY:
            return True
    return False
