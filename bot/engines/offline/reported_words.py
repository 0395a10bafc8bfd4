"""Where a cue's reported words start and end: past the one told ("told Britain's Daily
Telegraph that …"), a time ("said on Monday that …") and "that"; back to the quotation that
closes before the speaker (`"…," X said`); whether they are quoted; and whether a cue reports
any words at all ("testified before the panel", "asked whether …").
"""

from __future__ import annotations

import re

from bot.engines.offline.attributed import Form
from bot.engines.offline.cues import QUOTE_CHARS, REPORTING_VERB_RE

_OBJECT_RE = re.compile(
    r"\s*(?:(?:the\s+(?:[A-Z][\w.&'’-]*\s+(?:(?:of|for|on|and)\s+(?:the\s+)?)?)*[A-Z][\w.&'’-]*|"
    r"reporters|journalists|lawmakers|parliament|the\s+(?:\w+\s+){0,3}?\w+|"
    # a bare noun before the words' own subject: "told doctors he …", "told police they …"
    r"[a-z][\w'’-]+(?=\s+(?:that|he|she|they|it|we|I|his|her|its|their)\b)|"
    r"(?:a|an)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+|him|her|them|us|me|"
    r"himself|herself|themselves|myself|ourselves|"
    r"(?:[A-Z][\w.&'’-]*)(?:\s+(?:[A-Z][\w.&'’-]*|of|for|the))*)\s*)?"
    r"(?:(?:on|in|at|late|last|earlier)\s+[\w,]+\s*)?"
)
# Cues that can report the act alone ("testified before …", "commented on …", "replied to …").
_ACT_OF_SPEAKING_RE = re.compile(r"(?:testif|comment|respond|repl|remark|tweet|wr[io]t)", re.I)
_FROM_OR_FOR_RE = re.compile(r"\s*(?:from|for)\b", re.IGNORECASE)
_THAT_WORD_RE = re.compile(r"\bthat\b", re.IGNORECASE)
_CIRCUMSTANCE_OPENERS = frozenset(
    (
        "about", "before", "at", "on", "in", "to", "during", "after", "with", "for", "under",
        "behind", "alongside", "again", "together", "twice", "once", "via", "from", "by",
    )
)  # fmt: skip
_PARTICLE_RE = re.compile(r"\s+(?:out|back)\b(?!\s+(?:of|on|to|from|at)\b)", re.IGNORECASE)
_THAT_RE = re.compile(r"[\s,]*(?:that\b\s*)?")
# A month or a day named without "on" or "in": "announced Nov. 4 that", "said Tuesday that".
_DATE_WORDS = (
    r"jan(?:uary|\.)|feb(?:ruary|\.)|apr(?:il|\.)|june|july|aug(?:ust|\.)|sept?(?:ember|\.)|"
    r"oct(?:ober|\.)|nov(?:ember|\.)|dec(?:ember|\.)|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|yesterday|today|tonight"
)
_WHEN_THEN_THAT_RE = re.compile(
    r",?\s+(?:(?:for|on|in|over|since|last|this|earlier|again|repeatedly|publicly|privately|"
    r"late|early|after|before|during|following|at|to|via|through|with|by|in\s+a)\b|"
    rf"(?:{_DATE_WORDS})(?!\w))(?:\s+[\w.'’-]+){{0,4}}?,?\s+that\b\s*",
    re.IGNORECASE,
)
# The one told, where the words follow "that" a few words on: "told investors of the group,
# its parent, on Monday that …", "told reporters at a briefing that …".
_TOLD_THEN_THAT_RE = re.compile(
    r"(?:[^.;:!?\"“”]|\.(?=\s+[a-z\d])){1,90}?\bthat\b\s*", re.IGNORECASE
)
_TOLD_WORDS = 14
_AUDIENCE_NOUN_RE = re.compile(
    r"\s*[a-z][\w'’-]+(?=\s+(?:he|she|they|it|we|I|his|her|its|their)\s)"
)
# A second cue joined to the first: "responded and confirmed that …" reports with the second.
_AND_CUE_RE = re.compile(r"\s+and\s+(?:then\s+|later\s+)?", re.IGNORECASE)


# A verb right after "that" makes "that" the subject of the words, not the word that opens them:
# "estimates that could be more", "said that was a mistake".
_THAT_AS_SUBJECT_RE = re.compile(
    r"(?<![\w'’])that\s+(?=(?:could|would|will|can|may|might|should|must|is|was|has|had|"
    r"does|did|means?|meant|seems?|seemed)\b)",
    re.IGNORECASE,
)


def after_cue(text: str, match: re.Match[str]) -> int:
    """Where the reported words start after the cue `match`; a "that" that is their subject
    stays with them."""
    position = _after_cue(text, match)
    start = text.rfind("that", max(0, position - 6), position)
    if start >= 0 and _THAT_AS_SUBJECT_RE.match(text, start) and start >= match.end():
        return start
    return position


def _after_cue(text: str, match: re.Match[str]) -> int:
    position = match.end()
    particle = _PARTICLE_RE.match(text, position)
    if particle is not None:
        position = particle.end()  # "tweeted out a photo", "wrote back that …"
    joined = _AND_CUE_RE.match(text, position)
    if joined is not None:
        second = REPORTING_VERB_RE.match(text, joined.end())
        if second is not None:
            return _after_cue(text, second)
    if match.group().casefold().startswith(("told", "tell", "assur", "warn", "ask", "brief")):
        told = _TOLD_THEN_THAT_RE.match(text, position)
        if told is not None and len(told.group().split()) <= _TOLD_WORDS:
            return told.end()
        object_match = _OBJECT_RE.match(text, position)
        if object_match is not None:
            position = object_match.end()
        noun = _AUDIENCE_NOUN_RE.match(text, position)
        if noun is not None:
            position = noun.end()  # "told Acme executives he …": the rest of the one told
    when = _WHEN_THEN_THAT_RE.match(text, position)
    if when is not None:
        return when.end()  # "claimed for weeks that …", "said on Monday that …"
    that = _THAT_RE.match(text, position)
    return that.end() if that else position


def _closes_at(left: str, position: int) -> bool:
    """A straight mark closes a quotation after its last punctuation, or after an inner one
    closed just before it (`…,' "`)."""
    before = left[position - 1]
    return before in ",.?!'" or (before == " " and left[position - 2 : position - 1] in ("'", "’"))


def last_closing_quote(left: str) -> int | None:
    """Where the speaker starts when `left` is `"…," X` (the quotation closes right before)."""
    for position in range(len(left) - 1, -1, -1):
        char = left[position]
        doubled = char == "’" and left[position - 1 : position] == "’"  # ’’ closes a quotation
        if char in "”»" or doubled or (char in "\"'" and position and _closes_at(left, position)):
            rest = left[position + 1 :]
            return (
                position + 1
                if rest.strip(" ,") and not any(mark in rest for mark in QUOTE_CHARS)
                else None
            )
    return None


def form_of(content: str) -> Form:
    return "direct" if any(char in content for char in QUOTE_CHARS) else "indirect"


def reports_only_the_act(cue: str, rest: str) -> bool:
    """A cue that reports the act of speaking, not what was said: a question asked ("asked X
    about …", "asked whether …"), or testimony, a comment or a reply given somewhere, about
    something or to someone, with no reported words after it."""
    if any(char in rest for char in QUOTE_CHARS) or _THAT_WORD_RE.search(rest):
        return False
    if cue.casefold().startswith("ask"):
        return True
    if cue.casefold().startswith("report") and _FROM_OR_FOR_RE.match(rest):
        return True  # "Jo Roe reported from Lomar": a byline, not a report of anything
    first = rest.split(maxsplit=1)[0].casefold() if rest.split() else ""
    return bool(_ACT_OF_SPEAKING_RE.match(cue)) and (
        first in _CIRCUMSTANCE_OPENERS or first.endswith("ly") or "-" in first
    )
