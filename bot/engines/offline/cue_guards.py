"""Whether a cue word found in a sentence is the reporting verb it looks like.

A cue pattern matches words, not parts of speech: "States" in a country's name, "report" after a
possessive, "showed up", "pushed" without "back" are not reports of speech. These checks tell.
"""

from __future__ import annotations

import re

from bot.engines.offline.cues import QUOTE_CHARS, REPORTING_VERB_RE, SPEAKER_NOUNS
from bot.text.sentences import quotation_spans

# Cue words that are also nouns: after a possessive they name a thing ("the agency's report",
# "the mayor's claims"); any other cue after "'s" reads "has" or "is" ("she's said").
_NOUN_HOMOGRAPHS = frozenset(
    (
        "report", "claim", "charge", "comment", "call", "statement", "finding", "estimate",
        "promise", "pledge", "vow", "reply", "response", "review", "record", "document",
        "share", "display", "leak", "point", "attack", "blame", "fault", "complaint",
        "challenge", "counter", "dispute", "warning", "suspect", "show", "remark", "note",
        "account", "release", "study", "findings", "tweet", "echo", "answer", "suggestion",
        "question", "doubt", "fear", "hope", "demand", "concern", "list", "state",
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
# "the report's author", "the state's governor": a cue with a possessive ending is a noun.
_POSSESSIVE_AFTER_RE = re.compile(r"['’]s?\b")
# "the report is", "the claims were": a cue followed by a verb is the subject, a noun.
_VERB_AFTER_RE = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|"
    # "court records show …", "reports say …": the noun is the subject of the next verb
    r"show|showed|shown|indicate|indicated|suggest|suggested|reveal|revealed|say|said|"
    # "records presented by the prosecution": a noun and the participle describing it
    r"[a-z]+(?:ed|en|wn)\s+by)\b",
    re.IGNORECASE,
)
# "their old record shop", "a charity show": an article and a modifier before a cue word
# that is also a noun make it the noun; "the company claims" keeps its verb.
_MODIFIED_NOUN_BEFORE_RE = re.compile(
    r"\b(?:the|a|an|this|that|these|those|his|her|its|their|our|my|your|whose|\w+['’]s)"
    r"\s+(?P<modifier>[\w-]+)\s*$",
    re.IGNORECASE,
)
# "added a chapter", "added 40 berths", "adding a ramp": adding a thing, not adding words.
_ADDED_THING_RE = re.compile(
    r"\s+(?:[\d$£€]|(?:a|an|another|more|less|to|up|one|two|three|four|five|several|nearly|"
    r"almost|about|some|new)\b)",
    re.IGNORECASE,
)
# Adding someone or something in a role: "adding a veteran banker as chief executive".
_ADDED_AS_RE = re.compile(
    r"\s+(?:(?!(?:is|are|was|were|be|been|has|have|had|will|would|could|should)\b)[\w.'’-]+\s+)"
    r"{1,6}?as\s+(?:its|the|their|a|an|his|her|our)\s",
    re.IGNORECASE,
)
# "in hopes that", "amid reports that", "despite claims": a preposition makes a cue a noun.
_PREPOSITION_BEFORE_RE = re.compile(
    r"\b(?:in|amid|amidst|despite|over|following|after|before|with|under|against|about|"
    r"among|upon|regarding|concerning|by|from)\s+$",
    re.IGNORECASE,
)
# A verb whose object the plural noun is: "faced questions", "raised fresh doubts", "has
# concerns". Lower case, so a name ending in "-ed" ("Ahmed claims") keeps its verb.
_VERB_BEFORE_OBJECT_RE = re.compile(
    r"\b(?:[a-z]{2,}(?<!need)(?<!speed)(?<!feed)(?<!seed)(?<!bleed)(?<!breed)ed|had|has|have|"
    r"got|took|made|heard|saw|met|drew|brought|sent|gave|held|kept|faces?|raises?|poses?)\s+"
    r"(?:(?:new|fresh|tough|further|more|serious|many|several|some|no|growing)\s+)?$"
)
# Participles that take "to be" or "to have" only in the passive: what others say of someone.
_RAISING_PARTICIPLES = frozenset(
    (
        "found", "said", "reported", "believed", "thought", "known", "alleged", "rumoured",
        "rumored", "understood", "considered", "deemed", "shown", "estimated", "suspected",
        "seen", "heard", "feared", "described", "accused",
    )
)  # fmt: skip
_TO_BE_RE = re.compile(r"\s+to\s+(?:be|have|had|been)\b", re.IGNORECASE)
_LIVES_RE = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their|its|\d[\d,]*|\w+)\s+){0,2}?(?:li(?:fe|ves)|victims?)\b",
    re.IGNORECASE,
)
_PRIZE_RE = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:titles?|crowns?|seats?|gold|silver|bronze|medals?|prizes?|trophy|trophies|throne|"
    r"championships?|pole)\b",
    re.IGNORECASE,
)
_PRICE_RE = re.compile(
    r"\s+(?:[\w'’]+\s+){0,2}?(?:[$£€¥]|\d[\d,.]*\s*(?:dollars|euros|pounds|cents|percent|%)|"
    r"(?:a|an|no|the|extra|higher|lower)\s+(?:\w+\s+)?(?:fees?|rent|interest|premium|"
    r"rates?|prices?|tolls?|fares?)\b)",
    re.IGNORECASE,
)
_COUNT_RE = re.compile(r"\s+(?:about\s+|nearly\s+|some\s+|more\s+than\s+)?\d", re.IGNORECASE)
_ON_DOING_RE = re.compile(r"\s+(?:on|upon)\s+(?:\w+\s+)?\w+ing\b", re.IGNORECASE)
# Asserting a right or a power is exercising it, not reporting words.
_ASSERTED_POWER_RE = re.compile(
    r"\s+(?:his|her|its|their|our|my|your|the|a|an)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:rights?|privileges?|prerogatives?|authority|powers?|control|independence|sovereignty|"
    r"dominance|influence|leadership|immunity)\b",
    re.IGNORECASE,
)
_STATES_THAT_RE = re.compile(r"\s*(?:that\b|:|[\"“])", re.IGNORECASE)
# "known as", "known for": a description, not a state of mind.
_KNOWN_AS_RE = re.compile(r"\s+(?:as|for)\b", re.IGNORECASE)
# "a think tank", "think-tanks": a research body, named by a compound noun.
_THINK_TANK_RE = re.compile(r"[\s-]+tanks?\b", re.IGNORECASE)
# An -ing cue used as a modifier: "the charging cable", "a 40-euro charging kit".
_MODIFIER_BEFORE_RE = re.compile(
    r"(?:\b(?:the|a|an|this|that|his|her|its|their|our|my|your)|\d\S*|[$£€]\S*)\s*$",
    re.IGNORECASE,
)
# Participles of speech: the subject of the sentence says what follows them.
_SPEECH_PARTICIPLES = frozenset(
    (
        *_PARTICIPLE_CUES, "telling", "calling", "accusing", "charging", "blaming",
        "alleging", "declaring", "announcing", "writing", "tweeting", "arguing", "acknowledging",
        "admitting", "conceding", "predicting", "promising", "pledging", "vowing", "urging",
        "questioning", "rejecting", "dismissing", "disputing", "criticising", "criticizing",
        "condemning", "complaining", "describing", "stressing", "emphasising", "emphasizing",
        "reiterating", "responding", "replying", "recalling", "asking", "citing", "referring",
        "declining", "refusing", "attacking", "faulting", "lamenting", "boasting", "joking",
    )
)  # fmt: skip
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


def is_noun_use(text: str, match: re.Match[str]) -> bool:
    """A cue word that reads as a noun where it stands: possessed, followed by a verb, or
    after an article and a modifier."""
    cue = match.group()
    if not is_noun_homograph(cue):
        return False
    if _POSSESSIVE_AFTER_RE.match(text, match.end()):
        return True
    if _VERB_AFTER_RE.match(text, match.end()):
        return True
    if _PREPOSITION_BEFORE_RE.search(text, 0, match.start()):
        return True  # "amid reports that …", "in hopes that …": the object of a preposition
    if cue.casefold().endswith("s") and _VERB_BEFORE_OBJECT_RE.search(text, 0, match.start()):
        return True  # "the agency faced questions about …": the object of a verb
    if cue.casefold().endswith("ing") or _STATES_THAT_RE.match(text, match.end()):
        return False  # "a notice warning that …": a participle after its noun
    before = _MODIFIED_NOUN_BEFORE_RE.search(text, 0, match.start())
    return (
        before is not None
        and before.group("modifier").islower()
        and not _is_agent(before.group("modifier"))
    )


def not_speech(text: str, match: re.Match[str]) -> bool:
    """Uses of cue words that report no words: adding a thing, "known as", a modifier."""
    folded = match.group().casefold()
    if folded in ("state", "states") and not _STATES_THAT_RE.match(text, match.end()):
        return True  # "member states", "the state attorney general": a noun, not a verb
    if folded.startswith("add") and _ADDED_THING_RE.match(text, match.end()):
        return True
    if folded.startswith("add") and _ADDED_AS_RE.match(text, match.end()):
        return True  # "is adding Jo Roe as its chief strategist": an appointment
    if folded == "known" and _KNOWN_AS_RE.match(text, match.end()):
        return True
    if folded == "think" and _THINK_TANK_RE.match(text, match.end()):
        return True
    if folded in _RAISING_PARTICIPLES and _TO_BE_RE.match(text, match.end()):
        return True  # "firms found to have broken the law", "a man said to be armed"
    if folded.startswith("claim") and _LIVES_RE.match(text, match.end()):
        return True  # "the flood claimed the lives of 12 people": it killed them
    if folded.startswith("claim") and _PRIZE_RE.match(text, match.end()):
        return True  # "claimed the title", "claimed a seat": won it
    if folded.startswith("charg") and _PRICE_RE.match(text, match.end()):
        return True  # "charges drivers $5", "charged a fee": a price, not an accusation
    if folded.startswith("recall") and _COUNT_RE.match(text, match.end()):
        return True  # "recalled 40,000 cars": a product recall
    if folded.startswith("insist") and _ON_DOING_RE.match(text, match.end()):
        return True  # "insists on paying": insisting on an act, not on words
    if folded.startswith("assert") and _ASSERTED_POWER_RE.match(text, match.end()):
        return True  # "asserted its authority", "will assert her right to silence"
    if folded.endswith("ing") and _MODIFIER_BEFORE_RE.search(text, 0, match.start()):
        return not text[: match.start()].rstrip().endswith(",")
    return False


def reports_in(text: str) -> int:
    """How many reporting verbs a sentence holds outside its quotations: two in "X said …,
    adding …" or "X said … and warned …", a sentence that carries more than one report."""
    quoted = [(start, end) for start, end, _closed in quotation_spans(text)]
    return sum(
        1
        for match in REPORTING_VERB_RE.finditer(text)
        if not any(start <= match.start() < end for start, end in quoted)
        and not capitalised_inside(text, match)
        and not is_noun_use(text, match)
        and not not_speech(text, match)
    )


def is_speech_participle(cue: str) -> bool:
    """ "saying", "accusing", "calling": what the subject of the sentence says; "feeling",
    "producing", "reporting" in a clause of their own do not tell who speaks."""
    return cue.casefold() in _SPEECH_PARTICIPLES


def _is_agent(word: str) -> bool:
    """ "the company claims", "the man claims": a modifier that names who acts."""
    folded = word.casefold()
    return folded in SPEAKER_NOUNS or folded.endswith(("man", "men", "people", "ers", "ists"))


def is_participle(cue: str) -> bool:
    """ "…, saying", "…, accusing", "…, calling": any cue in its -ing form after a comma."""
    folded = cue.casefold()
    return folded in _PARTICIPLE_CUES or (folded.endswith("ing") and " " not in folded)


def is_noun_homograph(cue: str) -> bool:
    folded = cue.casefold()
    return folded in _NOUN_HOMOGRAPHS or (folded.endswith("s") and folded[:-1] in _NOUN_HOMOGRAPHS)
