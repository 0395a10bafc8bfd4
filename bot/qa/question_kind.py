"""What a question asks for, whether a sentence holds it, and the question said back.

Why a kind at all: BM25 finds the sentences that talk about the same things as the question,
not the ones that answer it. "When" wants a date, "how many" a figure, "who" a person; a
sentence without one cannot answer, however many words it shares with the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from bot.qa.retrieval import QUESTION_STOP_WORDS as STOP_WORDS
from bot.qa.retrieval import related, terms


class Wanted(Enum):
    """What kind of fact the question asks for."""

    PERSON = "person"
    NAME = "name"
    DATE = "date"
    NUMBER = "number"
    PLACE = "place"
    REASON = "reason"
    ANY = "any"


REQUIRED = frozenset((Wanted.PERSON, Wanted.NAME, Wanted.DATE, Wanted.NUMBER))
_NUMBER_QUESTION = re.compile(
    r"\bhow (?:many|much|long|far|old|big|large|high|often|heavy)\b|\bwhat (?:percentage|percent|"
    r"number|share|proportion|amount|sum|price|cost|figure|total|size|toll)\b"
)
_DATE_QUESTION = re.compile(
    r"^\W*(?:(?:and|but|so|then)\s+)?when\b|\bwhat (?:year|date|day|month|time)\b|"
    r"\b(?:which|what) (?:day|date|year|month)\b|\bsince when\b|\bhow long ago\b"
)
_NAME_QUESTION = re.compile(
    r"\bnames? of\b|\bwhat (?:is|was|are|were) [\w' -]*\bnames?\b|"
    r"^\W*(?:and |but )?which (?!year|day|date|month|time|way)\w|\bwho (?:is|are|was|were) the\b"
)
_PERSON_QUESTION = re.compile(r"\bwho(?:m|se)?\b|\bby whom\b")
_PLACE_QUESTION = re.compile(r"\bwhere\b")
_REASON_QUESTION = re.compile(r"\bwhy\b|\bwhat (?:caused|led to|prompted)\b|\bfor what reason\b")
_ANCHOR_RES = (
    re.compile(r"\bhow many (?:more |other |of the |of )?([\w' -]+)"),
    re.compile(r"\bnames? of (?:the |his |her |its |their |a |an )?([\w' -]+)"),
    re.compile(r"\bwhat (?:is|was|are|were) (?:the )?([\w' -]+?)(?:'s|’s|') names?\b"),
    re.compile(r"^\W*(?:and |but )?which ([\w' -]+)"),
    re.compile(r"\bwho (?:is|are|was|were) the ([\w' -]+)"),
)
_ANCHOR_STOPS = STOP_WORDS | {
    "in", "on", "at", "to", "from", "with", "by", "for", "of", "did", "do", "does", "have", "has",
    "had", "is", "are", "was", "were", "will", "would", "could", "can", "that", "who", "which",
}  # fmt: skip

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|"
    "twice|percent|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|once|"
    "several|majority|minority"
)
NUMBER_RE = re.compile(rf"\d[\d,.]*\d|\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_TOKEN_RE = re.compile(r"[\w'’-]+")
_WINDOW = 5
_LINKING_VERBS = frozenset(
    ("said", "says", "say", "told", "tells", "is", "was", "are", "were", "has", "had", "have",
     "will", "would", "could", "can", "did", "does")
)  # fmt: skip
_UNITS = frozenset(("per", "cent", "percent", "pct"))
_GENERIC_ANCHORS = frozenset(("person", "thing", "time", "one", "case"))
_MONEY_QUESTION = re.compile(
    r"\bhow much\b.*\b(?:cost|costs|pay|paid|fine|fined|worth|spend|spent|price|charge|owe|"
    r"earn|earns|earned|salary|budget|money|compensation|fee|fees|bribe|bribes|ransom|raise|"
    r"raised|give|gave|given|donate|donated|receive|received|lose|lost|sell|sold|buy|bought|"
    r"invest|invested|fund|funding|grant|loan|debt|revenue|profit|sales|owed|charged)\b"
)
_MONEY_RE = re.compile(
    r"[$€£¥₹]|\b(?:dollars?|euros?|pounds?|crowns?|francs?|yen|yuan|rupees?|roubles?|rubles?|"
    r"pesos?|kronor|krona|lira|zloty|cents?|pence|usd|eur|gbp)\b",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DATE_RE = re.compile(
    rf"\b(?:{_MONTHS})\b\.?\s*\d|\d\s*(?:{_MONTHS})\b|\b(?:{_DAYS})\b|\b(?:1[5-9]|20)\d\d\b|"
    r"\b(?:yesterday|today|tonight|tomorrow|overnight|midnight|dawn|ago|earlier this|"
    r"later this|weekend)\b|\b(?:last|next|this|that|same|previous|following) (?:week|month|"
    r"year|night|morning|afternoon|evening|spring|summer|autumn|fall|winter|day)\b|"
    r"\b\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)|"
    rf"\b(?:since|until|in|by) (?:the )?(?:early |late |mid-?)?(?:\d|(?:{_MONTHS})\b)|"
    rf"\b(?:\d+|a|an|{_NUMBER_WORDS}|few|several) (?:hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_WH_HEAD_RE = re.compile(
    r"^\W*(?:and |but |so )?(how many|how much|how long|who|whom|when|where|which|what)\b"
)
_UNKNOWN = (
    r"(?:unable to|could not|cannot|can't|did not|does not|do not|declined to|would not|"
    r"refused to|not yet|unclear|unknown|not known|no one knows|nobody knows)"
)
_CAPITALISED_RE = re.compile(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*")
_ROLE_RE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|ministry|official|officials|president|chief|"
    r"director|police|government|agency|resident|residents|witness|witnesses|analyst|lawyer|"
    r"commander|mayor|governor|senator|army|military|council|prosecutor|judge|court|"
    r"authorities|investigators|researchers|experts)\b",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset((_MONTHS + "|" + _DAYS + "|i|the|a|an|but|and|it|in").split("|"))
_PLACE_RE = re.compile(r"\b(?:in|at|near|from|outside|inside|across)\s+(?:the\s+)?[A-Z]")
_REASON_RE = re.compile(
    r"\b(?:because|due to|owing to|since|as a result|in order to|so that|reason|caused|"
    r"after|blamed|led to|prompted|to avoid|to protect|to prevent)\b",
    re.IGNORECASE,
)


def wanted_kind(question: str) -> Wanted:
    lowered = question.casefold()
    for kind, pattern in (
        (Wanted.NUMBER, _NUMBER_QUESTION),
        (Wanted.DATE, _DATE_QUESTION),
        (Wanted.NAME, _NAME_QUESTION),
        (Wanted.PERSON, _PERSON_QUESTION),
        (Wanted.PLACE, _PLACE_QUESTION),
        (Wanted.REASON, _REASON_QUESTION),
    ):
        if pattern.search(lowered):
            return kind
    return Wanted.ANY


def has_kind(text: str, wanted: Wanted) -> bool:
    """Whether the text holds anything of the kind at all (a loose test, used for ranking)."""
    if wanted is Wanted.NUMBER:
        return bool(NUMBER_RE.search(text))
    if wanted is Wanted.DATE:
        return bool(_DATE_RE.search(text))
    if wanted is Wanted.NAME:
        return bool(names(text))
    if wanted is Wanted.PERSON:
        return bool(names(text)) or bool(_ROLE_RE.search(text))
    if wanted is Wanted.PLACE:
        return bool(_PLACE_RE.search(text))
    if wanted is Wanted.REASON:
        return bool(_REASON_RE.search(text))
    return True


def admits_not_knowing(text: str, question: str) -> bool:
    """The sentence says the very thing asked is unknown: "unable to establish how many ..."."""
    wh = _WH_HEAD_RE.match(question.casefold())
    if wh is None:
        return False
    head = re.escape(wh.group(1))
    pattern = rf"{_UNKNOWN}\W+(?:\w+\W+){{0,3}}?{head}\b"
    return re.search(pattern, text, re.IGNORECASE) is not None


def names(text: str) -> list[str]:
    """Capitalised words that do not merely open a sentence or a quotation."""
    found = []
    for match in _CAPITALISED_RE.finditer(text):
        before = text[: match.start()].rstrip(" \"'“‘«([")
        if before and before[-1] not in ".!?:" and match.group().casefold() not in _NOT_NAMES:
            found.append(match.group())
    return found


@dataclass(frozen=True)
class Expectation:
    """What a sentence must hold to answer the question, beyond sharing its words.

    The fact must be new: a figure or a name the question already gives is not an answer ("the
    2019 fine" is not an amount, "who owns Nordwood" is not answered by "Nordwood"). When the
    question names what is counted or named ("how many nurses", "the name of the ship"), the
    figure or name must stand within a few words of it, so "a study of 41,000 nurses" answers
    and "two days after the dose" does not answer "how many doses".
    """

    wanted: Wanted
    money: bool
    given: frozenset[str]
    anchors: frozenset[str]

    @classmethod
    def of(cls, question: str) -> Expectation:
        wanted = wanted_kind(question)
        lowered = question.casefold()
        given = {match.group().casefold() for match in NUMBER_RE.finditer(question)}
        given.update(word.casefold() for word in _CAPITALISED_RE.findall(question))
        given.update(_ROLE_RE.findall(lowered))
        anchors: set[str] = set()
        if wanted in (Wanted.NUMBER, Wanted.NAME):
            for pattern in _ANCHOR_RES:
                match = pattern.search(lowered)
                if match:
                    anchors = _anchor_terms(match.group(1), given)
                    break
        money = wanted is Wanted.NUMBER and bool(_MONEY_QUESTION.search(lowered))
        return cls(wanted, money, frozenset(given), frozenset(anchors))

    def anchored_in(self, text: str) -> bool:
        return bool(self.anchors.intersection(terms(text)))

    def met_by(self, text: str, *, anchor_elsewhere: bool) -> bool:
        """`anchor_elsewhere`: the counted or named thing is settled by the sentence's context."""
        if self.wanted is Wanted.NUMBER:
            if self.money and not _MONEY_RE.search(text):
                return False
            return self._near_anchor(text, _is_number, anchor_elsewhere)
        if self.wanted is Wanted.NAME:
            found = {name for name in names(text) if name.casefold() not in self.given}
            return self._near_anchor(text, found.__contains__, anchor_elsewhere)
        if self.wanted is Wanted.PERSON:
            return any(name.casefold() not in self.given for name in names(text)) or any(
                role.casefold() not in self.given for role in _ROLE_RE.findall(text)
            )
        return has_kind(text, self.wanted)

    def _near_anchor(
        self, text: str, is_answer: Callable[[str], bool], anchor_elsewhere: bool
    ) -> bool:
        tokens = _TOKEN_RE.findall(text)
        hits = [
            at
            for at, token in enumerate(tokens)
            if is_answer(token) and token.casefold() not in self.given
        ]
        if not hits:
            return False
        if not self.anchors:
            return True
        places = [at for at, token in enumerate(tokens) if self.anchors.intersection(terms(token))]
        if not places:
            # A figure that counts something else ("two nurses") does not count the anchor.
            return anchor_elsewhere and any(
                not _counts_other(tokens, hit, self.anchors) for hit in hits
            )
        return any(
            abs(hit - place) <= _WINDOW
            and (self.wanted is not Wanted.NUMBER or not _counts_other(tokens, hit, self.anchors))
            and not any(_is_verb(token) for token in tokens[min(hit, place) + 1 : max(hit, place)])
            for hit in hits
            for place in places
        )


def _is_verb(token: str) -> bool:
    """A rough test: "Blue Channel said the captain" does not give the captain's name."""
    lowered = token.casefold()
    return lowered in _LINKING_VERBS or (lowered.endswith("ed") and len(lowered) > 4)


def _counts_other(tokens: list[str], at: int, anchors: frozenset[str]) -> bool:
    following = tokens[at + 1].casefold() if at + 1 < len(tokens) else ""
    found = set(terms(following))
    return bool(found - anchors - _UNITS) and not NUMBER_RE.fullmatch(following)


def _is_number(token: str) -> bool:
    return NUMBER_RE.fullmatch(token) is not None


def _anchor_terms(phrase: str, given: set[str]) -> set[str]:
    words: list[str] = []
    for word in phrase.split():
        word = word.strip("'’")
        if word in _ANCHOR_STOPS or len(words) >= 3:
            break
        if word not in given:
            words.append(word)
    heads = [word for word in words if not word.endswith(("ing", "ed"))] or words
    found = {term for word in heads for term in terms(word)} - _GENERIC_ANCHORS
    return found | {other for term in found for other in related(term)}


WH_RE = re.compile(r"^(who|whom|whose|what|which|when|where|why|how(?: \w+)?)\s+(.*)$")
_BE_RE = re.compile(r"^(is|are|was|were)\s+(.+)$")
_AUX_RE = re.compile(
    r"^(did|does|do|has|have|had|can|could|will|would|should|is|are|was|were)\s+(.+)$"
)
_PREDICATES = frozenset(("due", "likely", "expected", "planned", "set", "true", "safe", "open"))
_LEAD_RE = re.compile(r"^(?:and|but|so|then|also|ok|okay|well)\W+", re.IGNORECASE)


def restate(question: str) -> str:
    """The question as a clause after "does not say", e.g. "who denied the claim"."""
    text = _LEAD_RE.sub("", question.strip()).rstrip(" ?!.").strip()
    if not text:
        return "that"
    lowered = text[0].lower() + text[1:]
    if lowered in ("who", "what", "when", "where", "why", "how", "which", "how so"):
        return lowered.split()[0]
    wh = WH_RE.match(lowered)
    if wh:
        head, rest = wh.groups()
        if head.casefold() == "how" or head.startswith("how "):
            words = head.split()
            if len(words) == 2 and _AUX_RE.match(words[1] + " x"):
                head, rest = "how", f"{words[1]} {rest}"
        be = _BE_RE.match(rest)
        if be and head in ("who", "what", "where", "when", "why", "how", "which"):
            subject, _, last = be.group(2).rpartition(" ")
            if subject and (last in _PREDICATES or last.endswith("ed")):
                return f"{head} {subject} {be.group(1)} {last}"
            return f"{head} {be.group(2)} {be.group(1)}"
        if not _AUX_RE.match(rest):
            return f"{head} {rest}"
    elif not _AUX_RE.match(lowered) and terms(text):
        return f"anything about {lowered}"
    return f'anything that answers "{lowered}"'
