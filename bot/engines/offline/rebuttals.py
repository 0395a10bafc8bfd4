"""Which of a party's statements answer a claim rather than make one of the story's claims.

A party that has denied something goes on to defend itself in plain words, often paragraphs
later ("the basin was under repair", "the payments were for work done"); a party an accusation
names answers it the same way. Read alone such a sentence looks like a fresh claim; a reader
counts it as that party's side of the dispute, so the brief does not list it among the claims.
It must speak to the matter in dispute: a denier's word on something else is still news.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engines.offline.classify import Candidate
from bot.engines.offline.cues import ACCUSING_VERBS, phrase_re
from bot.engines.offline.linking import Profile, matter_of, party_of

_ACCUSING_RE = phrase_re(ACCUSING_VERBS)
_SHARED = 2
"""Content words an answer shares with what it answers."""
_NAME_RE = re.compile(r"(?<![\w'’])[A-Z][\w-]+")


def answers_to_claims(candidates: Sequence[Candidate]) -> set[int]:
    """The sentence indexes of claims that are a denier's defence or an accused party's answer.

    A claim is one when its party denied something earlier in the article and it shares the
    matter (content words, not names nor the words of disputing) with that denial or with what
    another party said or showed before it; or when an earlier accusation named its party and
    it shares the matter with that accusation.
    """
    answering: set[int] = set()
    for position, candidate in enumerate(candidates):
        if candidate.kind != "claim" or candidate.by is None:
            continue
        side = _side(candidate)
        if not side:
            continue
        matter = _matter(candidate)
        if any(_shared(matter, item) for item in _disputed(side, candidates[:position])):
            answering.add(candidate.sentence.index)
    return answering


def _disputed(side: frozenset[str], earlier: Sequence[Candidate]) -> list[Candidate]:
    """What a party has answered: its denials, what others said before the first one and the
    material others offered after it, and the accusations that name it."""
    disputed: list[Candidate] = []
    others: list[Candidate] = []
    denied = False
    for item in earlier:
        if item.kind == "denial" and not item.tentative and side & _side(item):
            if not denied:
                disputed.extend(others)
            denied = True
            disputed.append(item)
        elif not side & _side(item):
            others.append(item)
            if _names_accused(item, side) or (denied and item.kind == "evidence"):
                disputed.append(item)
    return disputed


def _names_accused(claim: Candidate, side: frozenset[str]) -> bool:
    """An accusation ("X accused Y of …") names its party after its first word."""
    attribution = claim.attribution
    if claim.kind != "claim" or attribution is None:
        return False
    if not _ACCUSING_RE.fullmatch(attribution.cue):
        return False
    named = {name.casefold() for name in _NAME_RE.findall(claim.quote.split(" ", 1)[-1])}
    return bool(side & named)


def _shared(matter: frozenset[str], item: Candidate) -> bool:
    return len(matter & _matter(item)) >= _SHARED


def _side(candidate: Candidate) -> frozenset[str]:
    """The party key and every name of the speaker, folded."""
    profile = Profile.of(candidate)
    party = party_of(candidate.by)
    keys = {name.casefold() for name in profile.side}
    if party is not None:
        keys.add(party)
    return frozenset(keys)


def _matter(candidate: Candidate) -> frozenset[str]:
    return matter_of(Profile.of(candidate))
