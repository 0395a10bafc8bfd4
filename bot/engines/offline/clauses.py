"""Whether the reported words after a cue stand as a sentence of their own.

An item's text is the reported words when they read as a statement ("the talks had failed"),
and the whole sentence when they do not: after a naming verb the words are an object and its
label ("called the ruling a disgrace"), after an announcing verb they may be a bare noun phrase
("reported its second case of the disease"). Shown alone, those read as fragments.
"""

from __future__ import annotations

import re

from bot.text.phrases import inflect, phrase_re

# Verbs that take an object and its label: the label alone is no statement.
_NAMING_CUE_RE = phrase_re(
    inflect(
        (
            "call", "brand", "label:labelled|labeled|labelling|labeling", "term",
            "dub:dubbed|dubbing", "describe", "portray", "depict", "characterize", "characterise",
        )
    )
)  # fmt: skip
# Verbs that take a noun phrase as readily as a clause (an object and its label, an event):
# the words stand alone only when they open with a clause of their own.
_OBJECT_CUE_RE = phrase_re(
    inflect(
        (
            "announce", "report", "confirm", "reveal", "disclose", "unveil", "publish", "release",
            "acknowledge", "admit:admitted|admitting", "cite", "recall", "list", "note",
            "highlight", "welcome", "praise", "condemn", "criticize", "criticise",
            "find:found|finding", "consider", "deem", "judge", "add", "outline", "present",
            "detail", "share", "offer",
        )
    )
)  # fmt: skip
# Verbs that take a person and what they are urged to do: "urged the council to act".
# Demanding without "that" ("demanding the agency summon him") has a subjunctive after it.
_URGING_CUE_RE = phrase_re(
    inflect(
        (
            "urge", "press", "encourage", "implore", "exhort", "push", "call on:called on",
            "demand", "request", "ask:asked|asking",
        )
    )
)  # fmt: skip
_CLAUSE_OPENER_RE = re.compile(r"\s*[\"“‘'«]|\s*(?:that|whether|if|how|why|what|when|where)\b")
# A finite verb near the start: the words are a clause ("the deal was signed"); in lower case,
# so a month ("May") is no verb.
_FINITE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|shall|should|can|could|may|might|"
    r"must|do|does|did|to\s+be|[a-z]{3,}ed)\b"
)
_CLAUSE_WINDOW_WORDS = 8


_RELATIVE_WORDS = frozenset(("that", "which", "who", "whom", "whose", "to"))


def stands_alone(cue: str, content: str) -> bool:
    """True when `content`, the words after `cue`, reads as a statement without its sentence."""
    if _CLAUSE_OPENER_RE.match(content):
        return True
    if _NAMING_CUE_RE.fullmatch(cue) or _URGING_CUE_RE.fullmatch(cue):
        return False
    if _OBJECT_CUE_RE.fullmatch(cue):
        return _opens_with_clause(content)
    return True


def _opens_with_clause(content: str) -> bool:
    """A finite verb within the first words, and not one of a relative clause or an infinitive
    ("earnings that topped forecasts", "plans to expand"): the words have a subject and a verb."""
    window = " ".join(content.split()[:_CLAUSE_WINDOW_WORDS])
    for finite in _FINITE_RE.finditer(window):
        before = window[: finite.start()].split()
        if not before or before[-1].casefold() not in _RELATIVE_WORDS:
            return True  # "the man who hid the crates was fined": past the relative clause
    return False
