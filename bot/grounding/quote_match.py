"""Find where a quote sits in an article, forgiving typography, case and small slips.

Why: engines (language models above all) copy quotes with straight instead of curly quotes, `-`
for `—`, `...` for `…`, other line breaks, or a changed letter. The quote shown to a reader must
still be the article's own words, so a match always returns the exact article span.

Matching order: exact after normalising typography and whitespace; then case-insensitive; then,
for quotes of four words or more, a near match (rapidfuzz's ratio >= 0.9) inside candidate windows
found through anchor words, so a 10,000-word article costs a handful of small comparisons rather
than a scan. A quote that elides with "..." matches when each of its parts is found in order,
close together; the span then runs from the first part to the last. Short quotes (three words or
fewer) are matched exactly only, and the first occurrence is taken even if there are several:
the span is verbatim either way.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

NEAR_MATCH_RATIO = 0.9
_MAX_ANCHOR_HITS = 40
_MAX_ELISION_GAP = 400

_TRANSLATE = {
    **dict.fromkeys("‘’‚‛‹›′`", "'"),
    **dict.fromkeys("“”„‟«»″", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_NORMALISING = str.maketrans({**_TRANSLATE, **dict.fromkeys(_INVISIBLE)})
"""`NormalisedText.build`'s character mapping for str.translate (no mapping yields a space)."""
_SPACES_RE = re.compile(r"\s+")
_OUTER_PUNCTUATION = "\"'“”‘’«»„ "
_ELISION_RE = re.compile(r"\s*(?:\.\.\.|\[\.\.\.\])\s*")
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class NormalisedText:
    """Text with typography normalised, and where each character came from in the original."""

    text: str
    origin: list[int]

    @classmethod
    def build(cls, raw: str, *, fold_case: bool = False) -> NormalisedText:
        chars: list[str] = []
        origin: list[int] = []
        pending_space = False
        for index, char in enumerate(raw):
            if char in _INVISIBLE:
                continue
            if char.isspace():
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                origin.append(index - 1)
                pending_space = False
            mapped = _TRANSLATE.get(char, char)
            if fold_case:
                mapped = mapped.casefold()
            for piece in mapped:
                chars.append(piece)
                origin.append(index)
        return cls("".join(chars), origin)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


@functools.lru_cache(maxsize=8)
def quote_finder(article_text: str) -> QuoteFinder:
    """The finder of one article, kept for the next brief or answer about the same article."""
    return QuoteFinder(article_text)


def normalise(text: str, *, fold_case: bool = False) -> str:
    """`NormalisedText.build(text).text`, without the origins: in C rather than character by
    character (grounding normalises every item's text and the whole article's)."""
    plain = _SPACES_RE.sub(" ", text.translate(_NORMALISING)).strip()
    return plain.casefold() if fold_case else plain


class QuoteFinder:
    """Looks quotes up in one article; build once per article, query many times."""

    def __init__(self, article_text: str) -> None:
        self.article_text = article_text
        self._exact = NormalisedText.build(article_text)

    @cached_property
    def _folded(self) -> NormalisedText:
        # Most quotes match exactly: the case-folded copy is built for the first that does not.
        return NormalisedText.build(self.article_text, fold_case=True)

    def find(self, quote: str) -> str | None:
        """The exact article span the quote stands for, or None when it is not in the article."""
        span = self.find_span(quote)
        return None if span is None else self.article_text[span[0] : span[1]]

    def find_span(self, quote: str) -> tuple[int, int] | None:
        stripped = quote.strip()
        for candidate in dict.fromkeys((stripped, stripped.strip(_OUTER_PUNCTUATION))):
            if candidate:
                span = self._find_whole(candidate)
                if span is not None:
                    return span
        return self._find_elided(stripped.strip(_OUTER_PUNCTUATION))

    def _find_whole(self, quote: str) -> tuple[int, int] | None:
        exact = normalise(quote)
        if not exact:
            return None
        position = self._exact.text.find(exact)
        if position >= 0:
            return self._exact.original_span(position, position + len(exact))
        folded = exact.casefold()
        position = self._folded.text.find(folded)
        if position >= 0:
            return self._folded.original_span(position, position + len(folded))
        if len(_WORD_RE.findall(folded)) < 4:
            return None
        near = self._near_match(folded)
        return None if near is None else self._folded.original_span(*near)

    def _find_elided(self, quote: str) -> tuple[int, int] | None:
        parts = [part for part in _ELISION_RE.split(quote) if part.strip()]
        if len(parts) < 2:
            return None
        spans = []
        for part in parts:
            span = self._find_whole(part)
            if span is None:
                return None
            spans.append(span)
        in_order = all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        close = all(b[0] - a[1] <= _MAX_ELISION_GAP for a, b in itertools.pairwise(spans))
        return (spans[0][0], spans[-1][1]) if in_order and close else None

    def _near_match(self, quote: str) -> tuple[int, int] | None:
        """Best window of the folded text with ratio >= NEAR_MATCH_RATIO, in folded coordinates."""
        text = self._folded.text
        slack = max(8, len(quote) // 8)
        best: tuple[float, int, int] | None = None
        seen: set[int] = set()
        for anchor, offset in _anchors(quote):
            start = 0
            for _ in range(_MAX_ANCHOR_HITS):
                hit = text.find(anchor, start)
                if hit < 0:
                    break
                start = hit + 1
                guess = hit - offset
                if guess // 4 in seen:
                    continue
                seen.add(guess // 4)
                window_start = max(0, guess - slack)
                window = text[window_start : guess + len(quote) + slack]
                span = _align(quote, window)
                if span is None:
                    continue
                begin, end = _snap_to_words(text, window_start + span[0], window_start + span[1])
                ratio = fuzz.ratio(quote, text[begin:end]) / 100
                if best is None or ratio > best[0]:
                    best = (ratio, begin, end)
        if best is None or best[0] < NEAR_MATCH_RATIO:
            return None
        return best[1], best[2]


def _anchors(quote: str) -> list[tuple[str, int]]:
    """Three-word pieces from the start, middle and end, and the longest words, with offsets."""
    words = list(_WORD_RE.finditer(quote))
    anchors: list[tuple[str, int]] = []
    for first in sorted({0, max(0, len(words) // 2 - 1), max(0, len(words) - 3)}):
        group = words[first : first + 3]
        anchors.append((quote[group[0].start() : group[-1].end()], group[0].start()))
    longest = sorted(words, key=lambda word: len(word.group()), reverse=True)[:3]
    anchors.extend((word.group(), word.start()) for word in longest if len(word.group()) >= 5)
    return anchors


def _align(quote: str, window: str) -> tuple[int, int] | None:
    """The part of the window that lines up best with the quote (rapidfuzz's partial alignment)."""
    if len(window) < len(quote):
        return (0, len(window)) if window else None
    found = fuzz.partial_ratio_alignment(quote, window)
    if found is None or found.dest_end <= found.dest_start:
        return None
    return found.dest_start, found.dest_end


def _snap_to_words(text: str, begin: int, end: int) -> tuple[int, int]:
    """Widen a span that cuts a word in two, and trim spaces at its edges."""
    while begin > 0 and text[begin - 1].isalnum() and text[begin].isalnum():
        begin -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while begin < end and text[begin] == " ":
        begin += 1
    while end > begin and text[end - 1] == " ":
        end -= 1
    return begin, end
