"""Statements a brief can leave to the article: an outside commentator's view (an analyst, a
professor asked about the story speaks about it, not in it), a hypothetical ("if this is
confirmed, it would …"), an open question about what comes next ("it is unclear whether
the vote will be held"), which is no doubt cast on anything claimed, and the outlet's summary
of a quarrel ("the two sides blamed each other"), which says what neither side claims.
"""

from __future__ import annotations

import re

from bot.engines.offline.attributed import Attribution

# Commentators from outside the story: an expert asked for a view speaks about it, not in it.
_COMMENTATOR_RE = re.compile(
    r"\b(?:prof(?:essor)?\.?|economists?|analysts?|experts?|scientists?|researchers?|"
    r"ecologists?|epidemiologists?|historians?|strategists?|lecturers?|fellow|consultants?|"
    r"academics?|commentators?|pundits?|observers?)\b|"
    r"\b(?:of|at)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?(?:University|Institute|Institution|"
    r"College|Think\s+Tank|Centre|Center)\b",
    re.IGNORECASE,
)
# A profession in the plural with no article, owner or name ("Tax lawyers", "Doctors"): people
# of that trade in general, asked for a view, not a party's own lawyers or doctors.
_TRADE_IN_GENERAL_RE = re.compile(
    r"(?:[A-Z]?[a-z-]+\s+)?(?:lawyers|attorneys|doctors|physicians|engineers|accountants|"
    r"scholars|specialists|bankers|traders|psychologists|statisticians)",
)
_SIDES_OF_A_CASE = frozenset(("defence", "defense", "prosecution", "government", "state"))
_DESCRIPTION_CHARS = 90
_RELATIVE_DESCRIPTION_RE = re.compile(r"[^,]{1,60},\s+who\s")
_UNINVOLVED_RE = re.compile(r"\bnot\s+involved\b|\bindependent\s+expert", re.IGNORECASE)
# "If this is confirmed, it would be …": a hypothetical, not an assertion of what happened.
_HYPOTHETICAL_RE = re.compile(r"^\W*(?:if|unless|should)\b.*\b(?:would|could|might)\b", re.I)
_OPEN_QUESTION_RE = re.compile(
    r"\b(?:not\s+(?:yet\s+)?clear|unclear)\s+(?:whether|if|how|what|when|where|who)\b",
    re.IGNORECASE,
)
# "X and Y blamed each other", "the sides traded accusations": the quarrel, not a claim in it.
_MUTUAL_BLAME_RE = re.compile(
    r"\b(?:blam|accus|criticis|criticiz|condemn|fault)\w*\s+(?:each\s+other|one\s+another)\b|"
    r"\b(?:trad|exchang|swapp)\w*\s+(?:\w+\s+)?(?:accusations|blame|charges|recriminations|"
    r"insults)\b",
    re.IGNORECASE,
)
_FUTURE_RE = re.compile(r"\b(?:will|would|might|may|could|can|going\s+to)\b", re.IGNORECASE)


def open_question(text: str) -> bool:
    """ "It is unclear whether the vote will be held": a question about what comes next, not
    a doubt the article casts on something claimed."""
    found = _OPEN_QUESTION_RE.search(text)
    return found is not None and _FUTURE_RE.search(text, found.end()) is not None


def is_commentator(attribution: Attribution) -> bool:
    """An outside expert giving a view: "Prof. Jane Roe of Lomar University", "an analyst"."""
    text = attribution.sentence.text
    if _COMMENTATOR_RE.search(attribution.speaker) or _UNINVOLVED_RE.search(text):
        return True
    speaker = attribution.speaker
    if _TRADE_IN_GENERAL_RE.fullmatch(speaker):
        return speaker.split()[0].casefold() not in _SIDES_OF_A_CASE
    # The words about the speaker as the sentence gives them: "X, who studies … at the Institute"
    named = text.find(attribution.speaker.split(",")[0])
    described = text[max(named, 0) : named + len(attribution.speaker) + _DESCRIPTION_CHARS]
    return (
        named >= 0
        and _RELATIVE_DESCRIPTION_RE.match(described) is not None
        and _COMMENTATOR_RE.search(described) is not None
    )


def mutual_blame(text: str) -> bool:
    """ "The two sides blamed each other for the fire": the outlet sums up a quarrel; each
    side's own claim, where the article quotes it, is the claim."""
    return _MUTUAL_BLAME_RE.search(text) is not None


def is_hypothetical(text: str) -> bool:
    return _HYPOTHETICAL_RE.search(text) is not None
