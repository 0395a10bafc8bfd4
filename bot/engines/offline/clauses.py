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
# Verbs that take a clause as readily as a noun phrase (an object and its label, an event):
# the words stand alone only when a verb follows the noun phrase.
_OBJECT_CUE_RE = phrase_re(
    inflect(
        (
            "announce", "report", "confirm", "reveal", "disclose", "unveil", "publish", "release",
            "acknowledge", "admit:admitted|admitting", "cite", "recall", "list", "note",
            "highlight", "welcome", "praise", "condemn", "criticize", "criticise",
            "find:found|finding", "consider", "deem", "judge",
        )
    )
)  # fmt: skip
_CLAUSE_OPENER_RE = re.compile(r"\s*[\"“‘'«]|\s*(?:that|whether|if|how|why|what|when|where)\b")
# Words that open a noun phrase, not a clause with a pronoun subject.
_NOUN_PHRASE_OPENER_RE = re.compile(
    r"\s*(?:the|a|an|its|their|his|her|our|my|your|this|these|those|no|some|several|"
    r"\d[\d,.]*)\b",
    re.IGNORECASE,
)
# A finite verb near the start: the words are a clause ("the deal was signed").
_FINITE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|shall|should|can|could|may|might|"
    r"must|do|does|did|to\s+be|[a-z]{3,}ed)\b",
    re.IGNORECASE,
)
_CLAUSE_WINDOW_WORDS = 8


def stands_alone(cue: str, content: str) -> bool:
    """True when `content`, the words after `cue`, reads as a statement without its sentence."""
    if _CLAUSE_OPENER_RE.match(content):
        return True
    if _NAMING_CUE_RE.fullmatch(cue):
        return False
    if _OBJECT_CUE_RE.fullmatch(cue) and _NOUN_PHRASE_OPENER_RE.match(content):
        window = " ".join(content.split()[:_CLAUSE_WINDOW_WORDS])
        return _FINITE_RE.search(window) is not None
    return True
