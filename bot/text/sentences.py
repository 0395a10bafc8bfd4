"""Split article text into sentences that keep their place in the text.

Why offsets: every quote in a brief must be a verbatim span of `Article.text`, so a sentence is
a (start, end) pair into that text, never a rebuilt string.

Why not a plain split on ". ": news prose is full of periods that end nothing ("Gen.",
"Lt. Col.", "U.S.", "Jan. 5", "No. 3", initials "J. R.", "3.5") and of quotations that run over
several sentences. A quotation is kept whole with the words that attribute it (`"A. B," she
said.` is one sentence), so the speaker is never separated from what was said; a quotation
left open at a paragraph's end (the news convention for a quote that goes on) is split
normally, but its sentences are marked `quoted`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

_OPENING_QUOTES = "“«„"
_CLOSING_QUOTES = "”»"
_STRAIGHT_QUOTE = '"'
_QUOTE_MARK_RE = re.compile(
    "''|‘‘|’’|[" + re.escape(_OPENING_QUOTES + _CLOSING_QUOTES + _STRAIGHT_QUOTE) + "]"
)
# A quotation longer than this is more likely a lost closing mark than one statement.
_MAX_QUOTED_SENTENCE = 900

_BOUNDARY_RE = re.compile(r"(?:[.!?]+|…|\.\s?\.\s?\.)[\"'”’»)\]]*(?=\s+)")
_NEXT_START_RE = re.compile(r"\s+([\"'“‘«(\[]*)(\S)")
_LAST_WORD_RE = re.compile(r"([\w.'’-]+)[.!?…]*[\"'”’»)\]]*$")
_PARAGRAPH_RE = re.compile(r"[^\n]+")
_SPACE_RE = re.compile(r"\s*")
_WORD_AT_RE = re.compile(r"[\w'’]+")
_PROSE_QUOTE_CHARS = 40
"""A quotation this long before a second opening mark was prose left unclosed."""
_LONGEST_WORD = 80
"""How far back from a full stop the word it ends is looked for."""

TITLES = frozenset(
    (
        "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt",
        "cpl", "pvt", "adm", "cmdr", "brig", "gov", "sen", "rep", "reps", "sens", "rev", "fr",
        "hon", "pres", "supt", "insp", "det", "amb", "sec", "atty", "gens", "st", "mt", "ft",
        "messrs", "mme", "mlle", "sr", "jr", "esq",
    )
)  # fmt: skip
_BEFORE_NUMBER = frozenset(
    (
        "no", "nos", "art", "sec", "vol", "p", "pp", "fig", "ch", "para", "op", "ed", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
        "est", "ca", "tel",
    )
)  # fmt: skip
_NEVER_FINAL = frozenset(
    (
        "vs", "v", "etc.,", "e.g", "i.e", "cf", "incl", "inc.,", "corp.,", "dept", "univ",
        "assn", "est", "approx", "ave", "blvd",
    )
)  # fmt: skip
_COMPANY = frozenset(("inc", "corp", "co", "ltd", "llc", "plc", "bros", "etc", "jr", "sr"))
# After an acronym ("U.S.", "p.m.") a new sentence is likely only when one of these follows.
_SENTENCE_STARTERS = frozenset(
    (
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and", "in", "on",
        "at", "this", "that", "these", "those", "there", "his", "her", "their", "its", "our",
        "some", "many", "most", "after", "before", "when", "while", "if", "as", "for", "since",
        "meanwhile", "however", "still", "yet", "so", "officials", "police", "no", "one", "two",
        "both", "all", "what", "why", "how", "who", "earlier", "later", "last", "on", "by",
    )
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: where it sits in the article text and in which paragraph."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    quoted: bool = False
    """Everything in the sentence is inside a quotation, with no words of the reporter's."""
    clause: bool = False
    """A clause cut from the end of a longer sentence: it does not open a sentence."""


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of the whole text in order; paragraphs are the text's lines."""
    sentences: list[Sentence] = []
    for paragraph_number, match in enumerate(_PARAGRAPH_RE.finditer(text)):
        if not match.group().strip():
            continue
        for start, end, quoted in _split_paragraph(match.group()):
            absolute_start, absolute_end = match.start() + start, match.start() + end
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=absolute_start,
                    end=absolute_end,
                    text=text[absolute_start:absolute_end],
                    paragraph=paragraph_number,
                    quoted=quoted,
                )
            )
    return _renumber_paragraphs(sentences)


def quotation_spans(paragraph: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of each double-quoted stretch; an unclosed one runs to the end.

    Two apostrophes (''like this'', straight or curled, as some wires and archives print
    quotation marks) count as one double quote.
    """
    spans: list[tuple[int, int, bool]] = []
    opened: int | None = None
    for mark in _QUOTE_MARK_RE.finditer(paragraph):
        position, char = mark.start(), mark.group()
        straight = char in (_STRAIGHT_QUOTE, "''")
        if opened is None:
            if (
                char in _OPENING_QUOTES
                or char == "‘‘"
                or (straight and _can_open(paragraph, position))
            ):
                opened = position
        elif char in _CLOSING_QUOTES or char == "’’" or straight:
            spans.append((opened, mark.end(), True))
            opened = None
        elif char in _OPENING_QUOTES and position - opened > _PROSE_QUOTE_CHARS:
            # A second opening mark: the earlier quotation was never closed.
            spans.append((opened, position, False))
            opened = position
    if opened is not None:
        spans.append((opened, len(paragraph), False))
    return spans


def _split_paragraph(paragraph: str) -> list[tuple[int, int, bool]]:
    stripped_start = len(paragraph) - len(paragraph.lstrip())
    quotes = _Quotes(quotation_spans(paragraph))
    pieces: list[tuple[int, int, bool]] = []
    start = stripped_start
    for boundary in _BOUNDARY_RE.finditer(paragraph):
        end = boundary.end()
        if end <= start or not _ends_sentence(paragraph, boundary):
            continue
        if quotes.inside_closed(boundary.start(), end, start):
            continue
        pieces.append((start, end, quotes.covers(start, end)))
        space = _SPACE_RE.match(paragraph, end)
        start = space.end() if space else end
    tail = paragraph.rstrip()
    if start < len(tail):
        pieces.append((start, len(tail), quotes.covers(start, len(tail))))
    return pieces


_Span = tuple[int, int, bool]


class _Quotes:
    """A paragraph's quotation spans (in order, never overlapping), looked up by bisection so
    that a paragraph with thousands of quotations splits in linear time."""

    def __init__(self, spans: list[tuple[int, int, bool]]) -> None:
        self._spans = spans
        self._starts = [start for start, _end, _closed in spans]
        unclosed = [start for start, _end, closed in spans if not closed]
        self._first_unclosed = unclosed[0] if unclosed else None

    def _last_opened_before(self, position: int, *, inclusive: bool) -> _Span | None:
        index = (bisect_right if inclusive else bisect_left)(self._starts, position) - 1
        return self._spans[index] if index >= 0 else None

    def inside_closed(self, mark_start: int, mark_end: int, sentence_start: int) -> bool:
        """The mark sits inside a closed quotation short enough to be one quoted sentence."""
        span = self._last_opened_before(mark_start, inclusive=False)
        if span is None:
            return False
        _start, end, closed = span
        if closed and mark_end < end:
            return end - sentence_start <= _MAX_QUOTED_SENTENCE
        return False

    def covers(self, start: int, end: int) -> bool:
        """Every word of the sentence is quoted (the quotation may go on past it)."""
        if self._first_unclosed is not None and self._first_unclosed <= start:
            return True
        span = self._last_opened_before(start, inclusive=True)
        return span is not None and span[2] and span[1] >= end - 1


def _ends_sentence(paragraph: str, boundary: re.Match[str]) -> bool:
    mark = boundary.group()
    following = _NEXT_START_RE.match(paragraph, boundary.end())
    if following is None:
        return True
    opener, first = following.group(1), following.group(2)
    if first.islower() and not opener:
        return False
    if not mark.startswith(".") or mark.startswith(".."):
        return not first.islower()
    if any(char in mark for char in "\"'”’»)]"):
        return True  # a closing mark after the period: the sentence really ended
    last = _LAST_WORD_RE.search(
        paragraph, max(0, boundary.start() - _LONGEST_WORD), boundary.start() + 1
    )
    if last is None:
        return True
    word = last.group(1).rstrip(".")
    key = word.casefold().lstrip("'’(")
    next_word = _word_at(paragraph, following.start(2))
    if key in TITLES or key in _NEVER_FINAL:
        return False
    if key in _BEFORE_NUMBER and first.isdigit():
        return False
    if key in _COMPANY:
        return next_word.casefold() in _SENTENCE_STARTERS
    if len(word) == 1 and word.isalpha():
        # An initial ("J. R. Tolkien") unless a lone capital plausibly ends the sentence.
        return word.islower() or next_word.casefold() in _SENTENCE_STARTERS
    if "." in word and all(len(part) <= 2 for part in word.split(".") if part):
        return next_word.casefold() in _SENTENCE_STARTERS  # "U.S.", "a.m."
    return True


def _word_at(text: str, position: int) -> str:
    match = _WORD_AT_RE.match(text, position)
    return match.group() if match else ""


def _can_open(paragraph: str, position: int) -> bool:
    before = paragraph[position - 1] if position else " "
    return not before.isalnum()


def _renumber_paragraphs(sentences: list[Sentence]) -> list[Sentence]:
    """Paragraph numbers that count paragraphs with text, not raw lines."""
    numbers: dict[int, int] = {}
    renumbered = []
    for sentence in sentences:
        number = numbers.setdefault(sentence.paragraph, len(numbers))
        if number != sentence.paragraph:
            sentence = Sentence(
                sentence.index,
                sentence.start,
                sentence.end,
                sentence.text,
                number,
                sentence.quoted,
            )
        renumbered.append(sentence)
    return renumbered
