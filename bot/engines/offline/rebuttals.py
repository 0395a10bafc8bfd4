"""Which of a party's statements answer a claim rather than make one of the story's claims.

A party that has denied something goes on to defend itself in plain words, often paragraphs
later ("the basin was under repair", "the payments were for work done"); a party an accusation
names answers it the same way. Read alone such a sentence looks like a fresh claim; a reader
counts it as that party's side of the dispute, its denial in its own words, so the brief lists
it among the denials. It must speak to the matter in dispute: a denier's word on something else
is still news, and what a party will do about it (a plan, an inquiry) answers nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engines.offline.classify import Candidate
from bot.engines.offline.cues import ACCUSING_RE
from bot.engines.offline.linking import Profile, matter_of, party_of

_SHARED = 2
"""Content words an answer shares with what it answers."""
_NAME_RE = re.compile(r"(?<![\w'’])[A-Z][\w-]+")
_SAID_TAIL_RE = re.compile(
    r",\s+[^,]{1,60}?\s+(?:said|says|added|told\s+[^,]{1,40}?)\s*[.!]?[\"”’']?\s*$"
)


def answers_as_denials(candidates: Sequence[Candidate]) -> set[int]:
    """Turn the claims that answer a claim into denials, in place; their sentence indexes.

    A next step among them ("it would send inspectors") is no claim and no denial either.
    """
    answering = answers_to_claims(candidates)
    for candidate in candidates:
        if candidate.sentence.index in answering and not candidate.next_step:
            candidate.kind = "denial"
    return answering


def answers_to_claims(candidates: Sequence[Candidate]) -> set[int]:
    """The sentence indexes of claims that are a denier's defence or an accused party's answer.

    A claim is one when its party denied something earlier in the article and it shares the
    matter (content words, not names nor the words of disputing) with that denial or with what
    another party said or showed before it; or when an earlier accusation named its party and
    it shares the matter with that accusation.
    """
    profiles = [Profile.of(candidate) for candidate in candidates]
    sides = [_side(c, profile) for c, profile in zip(candidates, profiles, strict=True)]
    matters = [matter_of(profile) for profile in profiles]
    accused = [_accused(c) - side for c, side in zip(candidates, sides, strict=True)]
    answering: set[int] = set()
    for position, candidate in enumerate(candidates):
        side = sides[position]
        if candidate.kind != "claim" or candidate.by is None or not side:
            continue
        matter = matters[position]
        start = max(0, position - _REACH)
        disputed = _disputed(side, candidates[start:position], sides[start:], accused[start:])
        if any(len(matter & matters[start + index]) >= _SHARED for index in disputed):
            answering.add(candidate.sentence.index)
    return answering


_REACH = 300
"""How many statements back an answer looks for what it answers: every one in an article of a
few thousand words; in a pasted book, the work stays linear in its length."""


def _disputed(
    side: frozenset[str],
    earlier: Sequence[Candidate],
    sides: Sequence[frozenset[str]],
    accused: Sequence[frozenset[str]],
) -> list[int]:
    """What a party has answered: its denials, what others said before the first one and the
    material others offered after it, and the accusations that name it (their positions)."""
    disputed: list[int] = []
    others: list[int] = []
    denied = False
    for index, item in enumerate(earlier):
        shared = not side.isdisjoint(sides[index])
        if shared and item.kind == "denial" and not item.tentative:
            if not denied:
                disputed.extend(others)
            denied = True
            disputed.append(index)
        elif not shared:
            others.append(index)
            if not side.isdisjoint(accused[index]) or (denied and item.kind == "evidence"):
                disputed.append(index)
    return disputed


def _accused(claim: Candidate) -> frozenset[str]:
    """The names an accusation ("X accused Y of …") gives after its first word, folded."""
    attribution = claim.attribution
    if claim.kind != "claim" or attribution is None:
        return frozenset()
    if not ACCUSING_RE.fullmatch(attribution.cue):
        return frozenset()
    # the accusation's own words, not a speaker named after them (", its chairman Z said")
    accusation = _SAID_TAIL_RE.sub("", claim.quote.split(" ", 1)[-1])
    return frozenset(name.casefold() for name in _NAME_RE.findall(accusation))


def _side(candidate: Candidate, profile: Profile) -> frozenset[str]:
    """The party key and every name of the speaker, folded."""
    party = party_of(candidate.by)
    keys = {name.casefold() for name in profile.side}
    if party is not None:
        keys.add(party)
    return frozenset(keys)
