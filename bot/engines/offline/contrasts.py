"""Two parties in one sentence: "X says A, but Y denies it" is two attributions.

A sentence that reports one party's words and then, after a contrasting conjunction, another
party's ("…, but the ministry rejected the charge", "…, while officials said …") is cut in two
at the conjunction, so each clause has its own speaker: the second party's answer becomes an
item of its own, which can answer the first, instead of the first speaker being given both.
The cut is made only when each side reads as an attribution on its own words, with the second
side's speaker opening it; the clauses stay verbatim spans of the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engines.offline.attribution import own_attribution
from bot.engines.offline.proper_names import proper_words
from bot.text.sentences import Sentence, quotation_spans

# A comma or a semicolon, then a conjunction of contrast, then the second party.
_CONTRAST_RE = re.compile(
    r"(?:,|;)\s+(?:but|while|whereas|although|though|yet)\s+(?=[\w“\"‘'])", re.IGNORECASE
)
# How far into the second clause its speaker may end: "the country's foreign ministry".
_SPEAKER_CHARS = 80


def split_contrasts(text: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences with each two-party sentence cut into its two clauses, renumbered."""
    proper = proper_words(text, sentences)
    out: list[Sentence] = []
    for sentence in sentences:
        for piece in _clauses(sentence, proper):
            out.append(
                Sentence(
                    index=len(out),
                    start=piece.start,
                    end=piece.end,
                    text=piece.text,
                    paragraph=piece.paragraph,
                    quoted=piece.quoted,
                    clause=piece.clause,
                )
            )
    return out


def _clauses(sentence: Sentence, proper: frozenset[str]) -> list[Sentence]:
    if sentence.quoted:
        return [sentence]
    text = sentence.text
    quoted = quotation_spans(text)
    for match in _CONTRAST_RE.finditer(text):
        if any(start <= match.start() < end for start, end, _closed in quoted):
            continue
        first = _piece(sentence, 0, match.start() + 1, clause=sentence.clause)
        second = _piece(sentence, match.end(), len(text), clause=True)
        if _reports(first, proper) and _opens_with_speaker(second, proper):
            return [first, *_clauses(second, proper)]
    return [sentence]


def _piece(sentence: Sentence, start: int, end: int, *, clause: bool) -> Sentence:
    return Sentence(
        index=sentence.index,
        start=sentence.start + start,
        end=sentence.start + end,
        text=sentence.text[start:end],
        paragraph=sentence.paragraph,
        clause=clause,
    )


def _reports(piece: Sentence, proper: frozenset[str]) -> bool:
    attribution = own_attribution(piece, proper)
    return attribution is not None and attribution.cue != ":"


def _opens_with_speaker(piece: Sentence, proper: frozenset[str]) -> bool:
    """The clause's own speaker stands at its start: "the ministry rejected …", "he said …"."""
    attribution = own_attribution(piece, proper)
    if attribution is None or attribution.cue == ":" or attribution.form == "carried":
        return False
    opening = piece.text[:_SPEAKER_CHARS]
    return (
        attribution.content_start > piece.start
        and attribution.mention in opening
        and opening.find(attribution.mention) < opening.find(attribution.cue)
    )
