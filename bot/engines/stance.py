"""Keep a party's statements on the side it has taken.

A party that rejects an accusation often goes on to defend itself without a refuting word
("Every penny raised more than it cost", "he has never taken a salary"). Read alone, such a
sentence looks like a fresh claim; read after that party's denial, it is part of the denial.
The rule is deliberately narrow: a statement moves to the denials only when its speaker is the
party of the denial just before it and it comes within two sentences of that denial.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engines.classify import Candidate
from bot.engines.cues import PRONOUNS, SPEAKER_NOUNS

_WORD_RE = re.compile(r"[\w'’-]+")
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_NEAR = 2
"""How many sentences after its denial a party's statement still belongs to it."""


def party_of(speaker: str | None) -> str | None:
    """A key naming the party behind a speaker phrase: its last proper word, or its head noun.

    "Crane's spokeswoman, Lydia Marsh" and "Marsh" share the key "marsh"; a bare role ("a
    company spokesman") keys on its role word, which only matches the same role.
    """
    if not speaker:
        return None
    words = [_POSSESSIVE_RE.sub("", word) for word in _WORD_RE.findall(speaker)]
    words = [word for word in words if word]
    if not words or (len(words) == 1 and words[0].casefold() in PRONOUNS):
        return None
    proper = [word for word in words if word[:1].isupper() and word.casefold() not in SPEAKER_NOUNS]
    if proper:
        return proper[-1].casefold()
    return words[-1].casefold()


def keep_sides(candidates: Sequence[Candidate]) -> None:
    """Turn a denying party's claims that follow its denial into denials, in place."""
    last_denial: Candidate | None = None
    for candidate in candidates:
        party = party_of(candidate.by)
        if candidate.kind == "denial":
            last_denial = candidate
            continue
        if candidate.kind != "claim" or party is None:
            continue
        follows = (
            last_denial is not None
            and party_of(last_denial.by) == party
            and candidate.sentence.index - _last_index(last_denial) <= _NEAR
        )
        if follows:
            candidate.kind = "denial"
            last_denial = candidate


def _last_index(candidate: Candidate) -> int:
    return max(candidate.last_sentence, candidate.sentence.index)
