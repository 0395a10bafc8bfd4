"""Whether a statement denies: the wording of rejecting, refuting and dismissing.

Why a module of its own: a denial is the one kind whose wording misleads most often. A refuting
word ("rubbish", "unsubstantiated") or a denying verb ("rejected the report") denies; a plain
negation ("we will never give up") only may, so it comes back as weak and `stance` keeps it a
denial only when it answers another party's claim; declining to comment denies nothing.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.engines.offline.cues import (
    CLAIM_NOUN_RE,
    DENYING_RE,
    PREDICATIVE_REFUTING,
    REFUTING_RE,
    REFUTING_VERBS,
    SPEAKER_NOUNS,
    VERDICTS,
    WEAK_REFUTING,
    phrase_re,
)

_REFUTING_VERB_RE = phrase_re(REFUTING_VERBS)
_SELF_NEGATION_RE = re.compile(
    r"\b(?:we|i|he|she|they|it|his|her|its|their|our|my)\b[^.;]{0,50}?"
    r"(?:\bnever\b|\b(?:did|does|do|had|has|have|was|were|is|are)\s*(?:not|n[’']t)\b)",
    re.IGNORECASE,
)
# "No unit had fired", "nobody in this ministry has drafted": a flat denial of an act.
_NOBODY_RE = re.compile(
    r"\b(?:(?:no|none\s+of\s+(?:the|our|its|their))\s+(?:[\w'’-]+\s+){0,3}?|"
    r"(?:nothing|nobody|no\s+one)\s+)(?:had|has|have|was|were|is|are|did|ever)\b",
    re.IGNORECASE,
)
# Declining to speak is not denying anything: "did not comment", "has not responded".
NO_COMMENT_RE = re.compile(
    r"\b(?:not|n[’']t|never|declined\s+to|refused\s+to)\s+(?:immediately\s+)?"
    r"(?:comment|respond|reply|return|answer|say|elaborate|confirm|discuss|speak)",
    re.IGNORECASE,
)
# A fact-checker's verdict on a line of its own: "FALSE", "Rating: mostly false".
VERDICT_RE = re.compile(
    rf"(?:verdict|rating|our\s+ruling|status)?\s*:?\s*(?:{phrase_re(VERDICTS).pattern})\s*[.!]?",
    re.IGNORECASE,
)
_REFUSED_THING_RE = re.compile(
    r"\s+(?:him|her|them|us|me|the\s+)?\s*(?:bail|entry|access|permission|a\s+visa|visas?|"
    r"asylum|parole|a\s+permit|permits?|the\s+request|the\s+application|the\s+appeal|"
    r"the\s+bid|the\s+offer)\b",
    re.IGNORECASE,
)
_AGENT_RE = re.compile(r"\s+by\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*){0,4})")
_RELATIVE_RE = re.compile(
    r"((?:the\s+|a\s+|an\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,3}),\s+(?:who|which)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# Just before a refuting word, what makes it say what something is: "is", "proved to be".
_PREDICATE_RE = re.compile(
    r"\b(?:is|was|are|were|be|been|being|[’']s|[’']re|as|seems?|appears?|looks?|proved?|"
    r"proven|turned\s+out|turns\s+out)\b(?:\s+[\w’'-]+){0,3}\s*$",
    re.IGNORECASE,
)
_INFINITIVE_RE = re.compile(r"\bto\s+$", re.IGNORECASE)
_OPEN_QUESTION_RE = re.compile(r"\b(?:confirm(?:ed|s)?|accept(?:ed|s)?)\s+or\s+den", re.I)
_PRONOUN_SUBJECTS = frozenset(("he", "she", "they", "it", "we", "i", "this", "that"))


def rejecting_verb(sentence: str) -> re.Match[str] | None:
    """A denying verb that rejects a statement, not one that refuses a request ("denied bail")."""
    if sentence.rstrip(" ”\"'’)").endswith("?") or _OPEN_QUESTION_RE.search(sentence):
        return None
    for match in DENYING_RE.finditer(sentence):
        if _REFUSED_THING_RE.match(sentence, match.end()):
            continue
        if _INFINITIVE_RE.search(sentence, 0, match.start()):
            continue  # "an attempt to deny them their rights", "told to reject": not done
        return match
    return None


def denier(sentence: str, verb: re.Match[str]) -> str | None:
    """Who denies: the verb's subject, the agent of a passive ("denied by the ministry"), or
    the noun a relative clause hangs on ("the actor's agents, who denied …")."""
    agent = _AGENT_RE.match(sentence, verb.end())
    if agent is not None:
        return agent.group(1)
    before = sentence[: verb.start()]
    relative = _RELATIVE_RE.search(before)
    if relative is not None:
        return relative.group(1)
    return subject_before(sentence, verb.start())


def subject_before(sentence: str, end: int) -> str | None:
    """The short named subject of a sentence's verb: "The club's owner" of "The club's owner
    rejected …"; None when the verb has no such subject (a clause, a pronoun, a long phrase)."""
    subject = sentence[:end].strip(" ,")
    words = subject.split()
    if not words or len(words) > 8 or any(mark in subject for mark in ',;:"“”'):
        return None
    named = any(word[:1].isupper() for word in words[1:]) or any(
        word.casefold().strip("'’s") in SPEAKER_NOUNS for word in words
    )
    if not named and not words[0][:1].isupper():
        return None
    if len(words) == 1 and words[0].casefold() in _PRONOUN_SUBJECTS:
        return None
    return subject if named or len(words) <= 3 else None


def refutes_report(sentence: str) -> bool:
    """A strong refuting word about something said: "the report is false", "a hoax"."""
    if NO_COMMENT_RE.search(sentence) or sentence.rstrip(" ”\"'’)").endswith("?"):
        return False
    return _refutes(sentence) and bool(CLAIM_NOUN_RE.search(sentence))


def _refutes(text: str) -> bool:
    """A refuting word used to refute: not a plain negation, and "fake" or "hoax" said of
    something ("it is fake") rather than describing a thing ("the fake accounts")."""
    for match in REFUTING_RE.finditer(text):
        word = match.group().casefold()
        if word in WEAK_REFUTING:
            continue
        if word in PREDICATIVE_REFUTING and not _PREDICATE_RE.search(text, 0, match.start()):
            continue
        return True
    return False


DenialStrength = Literal["strong", "weak"] | None


def denial_strength(cue: str, content: str, sentence: str) -> DenialStrength:
    """Strong for a denying cue or refuting wording; weak for a plain negation, which denies
    only when it answers a claim (decided once all the article's claims are known)."""
    rejecting = rejecting_verb(sentence)
    if rejecting is not None and (
        DENYING_RE.fullmatch(cue)
        or _REFUTING_VERB_RE.fullmatch(cue)
        or rejecting.group() not in content  # "Reports that … have been denied by X"
    ):
        return "strong"
    if NO_COMMENT_RE.search(content):
        return None
    if _refutes(content):
        return "strong"
    if REFUTING_RE.search(content) or _SELF_NEGATION_RE.search(content):
        return "weak"
    if _NOBODY_RE.search(content):
        return "weak"
    return None
