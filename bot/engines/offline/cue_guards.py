"""Whether a cue word found in a sentence is the reporting verb it looks like.

A cue pattern matches words, not parts of speech: "States" in a country's name, "report" after a
possessive, "showed up", "pushed" without "back" are not reports of speech. These checks tell.
"""

from __future__ import annotations

import re

QUOTE_CHARS = '"“”«»„'

# Cue words that are also nouns: after a possessive they name a thing ("the agency's report",
# "the mayor's claims"); any other cue after "'s" reads "has" or "is" ("she's said").
_NOUN_HOMOGRAPHS = frozenset(
    (
        "report", "claim", "charge", "comment", "call", "statement", "finding", "estimate",
        "promise", "pledge", "vow", "reply", "response", "review", "record", "document",
        "share", "display", "leak", "point", "attack", "blame", "fault", "complaint",
        "challenge", "counter", "dispute", "warning", "suspect", "show", "remark", "note",
        "account", "release", "study", "findings", "tweet", "echo", "answer", "suggestion",
    )
)  # fmt: skip
# "showed up", "called off": a particle turns the cue into another verb. Verbs that refute
# only with their particle ("pushed back", "brushed aside") are cues only with it.
_PARTICLE_AFTER_RE = re.compile(r"\s+(?:up|off|down|over|around|away)\b", re.IGNORECASE)
_REFUTING_PARTICLES: dict[str, re.Pattern[str]] = {
    "push": re.compile(r"\s+back\b", re.IGNORECASE),
    "brush": re.compile(r"\s+(?:off|aside)\b", re.IGNORECASE),
}
_PARTICIPLE_CUES = frozenset(
    (
        "saying", "adding", "arguing", "claiming", "insisting", "noting", "warning", "stating",
        "explaining", "asserting", "contending", "maintaining", "denying", "suggesting",
    )
)  # fmt: skip
_LONG_WORD_RE = re.compile(r"[^\W\d_][\w'’-]{3,}")
_TITLE_CASE_SHARE = 0.7


def capitalised_inside(text: str, match: re.Match[str]) -> bool:
    """A cue written with a capital inside a sentence, unless the sentence is a headline."""
    if not match.group()[:1].isupper() or not text[: match.start()].strip(" " + QUOTE_CHARS):
        return False
    words: list[str] = _LONG_WORD_RE.findall(text)
    capitalised = sum(word[:1].isupper() for word in words)
    return capitalised < _TITLE_CASE_SHARE * len(words)


def particle_fits(text: str, match: re.Match[str]) -> bool:
    folded = match.group().casefold()
    for stem, particle in _REFUTING_PARTICLES.items():
        if folded.startswith(stem):
            return particle.match(text, match.end()) is not None
    return _PARTICLE_AFTER_RE.match(text, match.end()) is None


def is_participle(cue: str) -> bool:
    """ "…, saying", "…, accusing", "…, calling": any cue in its -ing form after a comma."""
    folded = cue.casefold()
    return folded in _PARTICIPLE_CUES or (folded.endswith("ing") and " " not in folded)


def is_noun_homograph(cue: str) -> bool:
    folded = cue.casefold()
    return folded in _NOUN_HOMOGRAPHS or (folded.endswith("s") and folded[:-1] in _NOUN_HOMOGRAPHS)
