"""What a speaker looks like: tidying, judging and typing the words that name one.

A phrase before "said" is a speaker only if its head word (the noun before "of", "for",
"who", a participle …) is a name the article capitalises mid-sentence, a speaking role
("spokesman", "officials", "ministry") or a pronoun. After the plainest cues ("said", "told",
"according to") any short noun phrase is accepted ("The bank said"), since little else
precedes them. Where in the words before a cue the speaker starts is `speaker_spans`'s part;
the word families the head is judged by are `speaker_nouns`, the article's names `proper_names`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from bot.engines.offline.cues import ANONYMOUS_RE, PRONOUNS, QUOTE_CHARS, SPEAKER_NOUNS
from bot.engines.offline.speaker_nouns import (
    DOCUMENT_HEADS,
    MUTE_HEADS,
    NOT_PERSONS,
    ORGANISATION_HEADS,
    PEOPLE_NOUNS,
    PERSON_SUFFIXES,
    POSTMODIFIERS,
)
from bot.text.sentences import TITLES

SpeakerKind = Literal["person", "role", "organisation", "collective", "anonymous", "document"]

STRENGTH: dict[SpeakerKind, float] = {
    "person": 1.0,
    "role": 0.85,
    "organisation": 0.8,
    "document": 0.7,
    "collective": 0.6,
    "anonymous": 0.45,
}

_TOKEN_RE = re.compile(r"[\w'’.-]+")
_PREPOSITIONS = frozenset(("of", "for", "at", "in", "from", "with", "on", "to", "who", "whose"))
_BLOCKERS = frozenset(
    (
        "that", "which", "because", "if", "when", "while", "after", "before", "although",
        "though", "since", "whether", "what", "where", "how", "is", "are", "was", "were", "be",
        "been", "being", "can", "could", "would", "should", "will", "may", "might", "must",
        "not", "there", "this", "these", "those", "said", "says", "than", "as", "so", "very",
        "more", "most", "it's", "its", "his", "her", "their", "our", "my", "your", "we", "i",
        "you", "us", "them", "him", "me", "all", "any", "every", "no", "nor", "or", "it",
        "he", "she", "they", "do", "does", "did", "has", "have", "had", "but", "if", "then",
        "once", "despite", "unless", "until", "whereas", "there", "here", "you'll", "you’ll",
        "everything", "anything", "nothing", "something", "whatever", "whoever",
    )
)  # fmt: skip
_POSSESSIVE_STARTS = frozenset(("his", "her", "their", "its", "my", "our"))
_OF_ANOTHER = frozenset(("for", "of", "to", "at", "with", "from", "by"))
# What follows a participle that describes a speaker: "reached by", "based near", "interviewed
# last week", "displaced this year", "trained abroad".
_AFTER_PARTICIPLE = frozenset(
    (
        "by", "near", "into", "as", "about", "over", "under", "last", "this", "yesterday",
        "today", "tonight", "earlier", "later", "abroad", "overseas", "outside", "inside",
    )
)  # fmt: skip
# A lowercase past tense and the article, possessive or number that opens its object.
_PAST_WITH_OBJECT_RE = re.compile(
    r"(?<=\s)[a-z]{3,}ed\s+(?:(?:a|an|the|his|her|their|its|my|our|your|this|these|those|"
    r"several|dozens|hundreds)\b|\d)"
)
_QUANTIFIERS = frozenset(
    ("one", "some", "many", "most", "several", "two", "three", "four", "none", "each", "both")
)
_SHARES = frozenset(
    (
        "percent", "majority", "minority", "plurality", "half", "third", "quarter", "number",
        "handful", "group",
    )
)  # fmt: skip
_DETERMINERS = frozenset(("the", "a", "an", "two", "three", "several", "some", "many", "other"))
_PLAIN_DETERMINERS = frozenset(("the", "a", "an", "this", "that", "another", "one"))
# What opens the object of a past tense ("drafted a complaint", "posted their notice").
_OBJECT_OPENERS = _DETERMINERS | _PLAIN_DETERMINERS | _POSSESSIVE_STARTS | {"your", "those"}
# After these a past participle modifies the noun that follows: "of registered voters".
_MODIFIED_AFTER = _OBJECT_OPENERS | _PREPOSITIONS | {"and", "or", "but", "by", "as"}
# A speaker phrase never ends on these: it was cut short ("the secretary of", "Sen").
_FRAGMENT_ENDS = frozenset(
    (
        "of", "for", "the", "a", "an", "who", "whom", "which", "that", "and", "or", "to", "in",
        "at", "on", "by", "with", "from", "as", "into", "than",
    )
)  # fmt: skip
_NAME_SUFFIXES = frozenset(("jr", "sr", "esq"))
# Nor starts on a preposition or a possessive ending ("with the poll", "'s editor").
_FRAGMENT_STARTS = frozenset(
    ("of", "for", "to", "in", "at", "on", "by", "with", "from", "into", "than", "'s", "’s", "s")
)
LEADING_LINK_RE = re.compile(
    r"^(?:(?:and|but|yet|so|still|however|meanwhile|also|instead|now|then|separately|indeed|"
    r"although|though|while|whereas|"
    r"in\s+response|in\s+turn|in\s+addition|for\s+example|for\s+instance|"
    r"for\s+(?:his|her|its|their)\s+part)\b[,\s]*)+",
    re.IGNORECASE,
)
# "LOMAR — ", "Lomar (Reuters) — ", "Lomar, Norland -- ": a dateline before the first sentence.
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][\w.'’-]*,?\s+){0,4}?(?:[A-Z][\w.'’-]*)\s*(?:\([A-Za-z. ]{1,20}\)\s*)?"
    r"(?:—|–|--|-\s)\s*"
)
# "…, however", "…, via a spokesman", "… on Friday": what trails a speaker's name.
_TRAILING_RE = re.compile(
    r"(?:,\s*(?:however|though|too|meanwhile|via\s.*)|\s+(?:in|on|last|this|early|late)\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|\w+day|week|month|year|spring|summer|autumn|fall|winter)|\s+(?:yesterday|today)|"
    r"\s+(?:in|on|during|through)\s+(?:a|an|the|his|her|its|their)\s+(?:\w+\s+){0,2}?"
    r"(?:statement|interview|post|tweet|letter|email|e-mail|video|speech|message|"
    r"release|briefing)\b.*)$",  # "Jo Roe in a statement dated"
    re.IGNORECASE,
)
# "a rumour Jane Roe": the thing an object clause is about, then its subject.
_THING_THEN_NAME_RE = re.compile(
    r"^(?:a|an|the)\s+(?P<thing>[a-z][\w-]*)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)$"
)
_CONTRACTION_RE = re.compile(r"['’](?:ll|re|ve|d|m)$", re.IGNORECASE)
# A section's label run into its first sentence: "Summary Studies show …", "Update The firm said".
_SECTION_LABEL_RE = re.compile(
    r"^(?:Summary|Conclusion|Update|Updated|Correction|Bottom\s+line)"
    r"\s+(?=[A-Z])"
)
# "In 2013, researchers found": the time or place before the speaker is not part of it.
_LEADING_TIME_RE = re.compile(
    r"^(?:in|on|at|during|since|by|last|this|earlier|later)\s+[^,]{1,30},\s+(?=\S)",
    re.IGNORECASE,
)
_RELATIVE_RE = re.compile(r"\s(?:who|whose|which|speaking|citing|writing)\s")
# "Basko, 27, said": the age in apposition is not part of the name.
_AGE_RE = re.compile(r",\s*\d{1,3}$")
_MAX_SPEAKER_WORDS = 12


def clean_speaker(text: str) -> str:
    """Drop datelines, linking words, quote marks, relative clauses and what trails a name."""
    text = text.strip(" ,;:—–-<>|•*" + QUOTE_CHARS + "'")
    dateline = _DATELINE_RE.match(text)
    if dateline is not None and dateline.end() < len(text):
        text = text[dateline.end() :]
    text = LEADING_LINK_RE.sub("", text)
    text = _SECTION_LABEL_RE.sub("", text)
    text = _LEADING_TIME_RE.sub("", text)
    who = _RELATIVE_RE.search(text)
    if who:
        text = text[: who.start()]
    text = _AGE_RE.sub("", text.strip(" ,"))
    text = _TRAILING_RE.sub("", text)
    thing = _THING_THEN_NAME_RE.match(text)
    if thing is not None and not _names_agent(thing.group("thing")):
        text = thing.group("name")  # "a rumour Jane Roe denied": Jane Roe denied it
    if text.startswith("(") and ")" not in text:
        text = text[1:]
    return text.strip(" ,")


def _not_a_person(folded: str) -> bool:
    """ "Matter", "letters", "numbers": words ending like a person's, or their plurals."""
    return folded in NOT_PERSONS or (folded.endswith("s") and folded[:-1] in NOT_PERSONS)


def _is_body(folded: str) -> bool:
    """A word for a body, or for several ("the ministry", "twenty states", "the companies")."""
    if folded in ORGANISATION_HEADS:
        return True
    if folded.endswith("ies"):
        return folded[:-3] + "y" in ORGANISATION_HEADS
    return folded.endswith("s") and folded[:-1] in ORGANISATION_HEADS


def _names_agent(word: str) -> bool:
    folded = word.casefold()
    return (
        folded in SPEAKER_NOUNS
        or _is_body(folded)
        or folded in DOCUMENT_HEADS
        or (folded.endswith(PERSON_SUFFIXES) and not _not_a_person(folded))
    )


def names_a_thing(speaker: str) -> bool:
    """A phrase whose head is a common noun naming no one ("the spreadsheet", "the new
    handset", "the flood simulation"): it may be quoted as saying something, as a document
    is, but "he", "she" or "they" never stands for it."""
    tokens = _TOKEN_RE.findall(speaker.split(",")[0])
    if not tokens:
        return False
    head = bare(_head(tokens))
    folded = head.casefold()
    return head.islower() and not (
        _names_agent(folded) or folded in _SHARES or folded in PEOPLE_NOUNS or folded in PRONOUNS
    )


def plausible_speaker(speaker: str, proper: frozenset[str], *, plain_cue: bool = False) -> bool:
    if speaker.casefold() in PRONOUNS:
        return True
    tokens = _TOKEN_RE.findall(speaker)
    if not tokens or len(tokens) > _MAX_SPEAKER_WORDS or len(speaker) > 120:
        return False
    if any(char in speaker for char in QUOTE_CHARS + ";:"):
        return False
    if speaker.count("(") != speaker.count(")") or _CONTRACTION_RE.search(tokens[0]):
        return False  # "Jane Roe (née", "You'll"
    if not any(token[:1].isalpha() for token in tokens[1:] or tokens):
        return False  # "The 40-euro"
    first = tokens[0].casefold()
    if opens_with_verb(tokens):
        return False  # "collects readings from …", "posted a notice": a predicate
    if _runs_into_predicate(tokens):
        return False  # "The two leaders dodged tough": the subject, its verb and its object
    if _is_fragment(speaker, tokens) or bare(_head(tokens)).casefold() in MUTE_HEADS:
        return False
    if len(tokens) == 1 and first in _DETERMINERS | _PLAIN_DETERMINERS | _QUANTIFIERS:
        return False
    if first in _POSSESSIVE_STARTS:
        tokens = tokens[1:]
    elif first in _BLOCKERS and not _first_name(tokens, proper):
        return False
    if not tokens or any(
        token in _BLOCKERS and not _joined_possessive(tokens, index)
        for index, token in enumerate(tokens[1:], start=1)
    ):
        return False
    if len(tokens) > 1 and tokens[-1] in ("I", "we", "you"):
        return False  # "the best one I", "the guides we": the object of the speaker's verb
    if _head_ok(tokens, proper):
        return True
    return plain_cue and len(tokens) <= 5 and (first in _PLAIN_DETERMINERS or first.endswith("'s"))


def _first_name(tokens: list[str], proper: frozenset[str]) -> bool:
    """ "Will Moy", "Hope Hicks": a capitalised word that is also a common one, before a name."""
    return (
        len(tokens) >= 2
        and tokens[0][:1].isupper()
        and not tokens[0].isupper()
        and bare(tokens[0]) in proper  # capitalised mid-sentence too: not "Because" or "As"
        and bare(tokens[1]) in proper
        and tokens[1][:1].isupper()
    )


def _joined_possessive(tokens: list[str], index: int) -> bool:
    """ "The union and its lawyers", "Roe and her aides": a second party, owned by the first."""
    return tokens[index] in _POSSESSIVE_STARTS and tokens[index - 1] in ("and", "or")


def subject_of_clause(speaker: str) -> str:
    """The subject alone when the phrase runs on into its verb and object ("Jo Roe drafted a
    complaint" … accusing: Jo Roe): a past tense followed by its object, where a
    participle describing a speaker takes a preposition ("reached by phone", "based in …")."""
    for verb in _PAST_WITH_OBJECT_RE.finditer(speaker):
        before = speaker[: verb.start()].split()
        if before and before[-1].casefold() not in _DETERMINERS | _PLAIN_DETERMINERS | (
            _POSSESSIVE_STARTS
        ):
            return speaker[: verb.start()].rstrip(" ,")  # not "the elected mayor"
    return speaker


def same_speaker(later: str, first: str) -> bool:
    """The same words, or the end of a name given in full: "Jo Roe", then "Roe" or "Ms. Roe";
    never a party the first phrase names as another's ("a spokeswoman for Jo Roe")."""
    if later == first:
        return True
    name = first.split(",")[0].split()
    words = _untitled(later)
    if not words or len(words) >= len(name) or not all(word[:1].isupper() for word in words):
        return False
    if _OF_ANOTHER & {word.casefold() for word in name}:
        return False
    return name[-len(words) :] == words


def _untitled(name: str) -> list[str]:
    return [word for word in name.split() if word.casefold().rstrip(".") not in TITLES]


_JOINED_WORDS = frozenset(("and", "or", "&", "both", "nor"))


def whole_name(speaker: str, named: Sequence[str]) -> str:
    """The name in full when the article gave it before ("Roe" after "Jo Roe, the mayor"):
    the name alone, without the description after its comma; the words as they stand when two
    named people end the same way ("Lind" after "Tove Lind" and "Ari Lind")."""
    fuller = {
        name.split(",")[0].strip()
        for name in named
        if name != speaker and same_speaker(speaker, name)
    }
    fuller = {
        name
        for name in fuller
        if len(name.split()) > len(_untitled(speaker))
        and not _JOINED_WORDS.intersection(name.casefold().split())  # "Dale and Martha"
    }
    if not fuller:
        return speaker
    longest = max(fuller, key=len)
    if all(longest.endswith(name) for name in fuller):
        return longest
    return speaker


def the_body(speaker: str) -> str | None:
    """The noun of "the group", "The agency", "the news organization": a body described, not
    named; None for anything else."""
    words = speaker.split()
    if len(words) < 2 or len(words) > 3 or words[0].casefold() != "the":
        return None
    if not all(word.islower() for word in words[1:]) or not _is_body(words[-1]):
        return None
    return words[-1]


def names_itself(speaker: str) -> bool:
    """A capitalised word in the name ("WeWorkers Coalition", "the Foreign Ministry"), not a
    description alone ("the group")."""
    words = speaker.split(",")[0].split()
    return any(word[:1].isupper() for word in words if word.casefold() != "the")


def the_named_body(noun: str, bodies: Sequence[str]) -> str | None:
    """What "the <noun>" stands for among the bodies that spoke before it, nearest last: the
    nearest whose name ends in the noun ("the agency": the European Space Agency); None when
    none does, since a guess among other bodies is worse than the description."""
    named = [body for body in bodies if names_itself(body)]
    for body in reversed(named):
        if body.split(",")[0].split()[-1].casefold() == noun.casefold():
            return body.split(",")[0]
    return None


def cannot_speak(phrase: str) -> bool:
    """A thing shown or happening ("the video", "satellite images", "there are photos"):
    evidence it may be, a speaker it is not."""
    tokens = _TOKEN_RE.findall(phrase)
    if not tokens:
        return True
    return tokens[0].casefold() in _BLOCKERS - _POSSESSIVE_STARTS or (
        bare(_head(tokens)).casefold() in MUTE_HEADS
    )


def opens_with_verb(tokens: list[str]) -> bool:
    """A lowercase first word that is a verb rather than a noun: "issued", "collects"."""
    first = tokens[0]
    folded = first.casefold()
    if not first.islower() or len(tokens) < 2 or _names_agent(folded):
        return False
    if folded in _DETERMINERS | _PLAIN_DETERMINERS | _QUANTIFIERS | _POSSESSIVE_STARTS:
        return False
    following = tokens[1].casefold()
    if folded.endswith("ed") and len(folded) > 4:
        # "posted a notice", "wrote to the council"; not "certified public accountant X"
        return following in _DETERMINERS | _PLAIN_DETERMINERS | _POSSESSIVE_STARTS or following in (
            "on",
            "to",
            "with",
            "that",
        )
    # "teachers union", "veterans groups": a plural noun before a word for a body or people;
    # "collects data", "publishes figures": a verb before the material it handles
    second = bare(tokens[1]).casefold()
    return (
        folded.endswith("s")
        and not folded.endswith(("ss", "us", "is"))
        and (following in _DETERMINERS | _PLAIN_DETERMINERS or tokens[1].islower())
        and (second not in SPEAKER_NOUNS or second in DOCUMENT_HEADS)
    )


def _runs_into_predicate(tokens: list[str]) -> bool:
    """A past tense after the head word, followed by a word no participle describing a speaker
    takes ("officials reached by phone", "residents displaced last week"): a finite verb with
    its object, so the cue word after the phrase is a noun of that object."""
    for index in range(1, len(tokens) - 1):
        word = tokens[index]
        if not (word.islower() and word.endswith("ed") and len(word) > 4) or "-" in word:
            continue  # "a long-awaited", "now-retired": a compound adjective
        previous = tokens[index - 1]
        if previous.casefold() in _MODIFIED_AFTER or bare(previous) != previous:
            continue  # "the elected mayor", "of registered voters", "Roe's retired father"
        following = tokens[index + 1]
        if following in _OBJECT_OPENERS:
            continue  # "drafted a complaint": `subject_of_clause` keeps the subject before it
        if following.islower() and not (
            following in _PREPOSITIONS | _AFTER_PARTICIPLE or following.endswith("ly")
        ):
            return True
    return False


def _is_fragment(speaker: str, tokens: list[str]) -> bool:
    last = tokens[-1].casefold().rstrip(".")
    if last in _FRAGMENT_ENDS or last in TITLES - _NAME_SUFFIXES:
        return True
    return speaker.lstrip()[:1] in "'’" or tokens[0].casefold() in _FRAGMENT_STARTS


def speaker_kind(speaker: str, proper: frozenset[str]) -> SpeakerKind:
    tokens = _TOKEN_RE.findall(speaker)
    head = bare(_head(tokens)).casefold()
    if head in DOCUMENT_HEADS:
        return "document"
    if _is_body(head):
        return "organisation"
    plural = head.endswith(("s", "men", "people")) and not head.endswith("ss")
    if plural and (head in SPEAKER_NOUNS or head.endswith(PERSON_SUFFIXES)):
        return "collective"
    if _names_a_body(tokens):
        return "organisation"
    names = [
        token
        for index, token in enumerate(tokens)
        if token[:1].isupper()
        and (
            bare(token) in proper or (index + 1 < len(tokens) and bare(tokens[index + 1]) in proper)
        )
    ]
    if tokens[0].casefold() not in _DETERMINERS and head not in SPEAKER_NOUNS and names:
        return "person" if len(names) >= 2 else "organisation"
    if len(names) >= 2 and bare(tokens[-1]) in proper:
        return "person"
    return "role"


def _names_a_body(tokens: list[str]) -> bool:
    """ "The Lomar Gazette", "the Harbour Trust": a name after "the" is an institution's, since
    a person's name takes no article (a title between them, "the Rev. Jo Roe", aside)."""
    if len(tokens) < 2 or tokens[0].casefold() != "the":
        return False
    if bare(tokens[1]).casefold() in TITLES:
        return False
    return all(token[:1].isupper() for token in tokens[1:])


def is_anonymous(speaker: str, context: str, kind: SpeakerKind) -> bool:
    """Unnamed sources: "sources said", "an official who spoke on condition of anonymity"."""
    if kind == "person":
        return False
    last = speaker.split()[-1].casefold() if speaker.split() else ""
    return last in ("source", "sources") or bool(ANONYMOUS_RE.search(context))


def is_name(text: str, proper: frozenset[str]) -> bool:
    tokens = _TOKEN_RE.findall(text)
    return 1 <= len(tokens) <= 5 and all(
        bare(token) in proper or (len(token) <= 3 and token[:1].isupper()) for token in tokens
    )


def strength(kind: SpeakerKind, anonymous: bool) -> float:
    return STRENGTH["anonymous" if anonymous else kind]


def bare(word: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word.rstrip(".")


_NAME_PARTICLE_RE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ibn|bin|abu|ben|d)[-'’](?=[A-Z])")


def _head_ok(tokens: list[str], proper: frozenset[str]) -> bool:
    for index, token in enumerate(tokens[1:-1], start=1):
        if token in ("of", "for") and bare(tokens[index + 1]) in proper:
            return True  # "the city of Lomar", "a spokesman for Acme"
    head = _NAME_PARTICLE_RE.sub("", _head(tokens))  # "al-Sisi", "d'Estaing": a surname
    folded = bare(head).casefold()
    if folded in _SHARES:
        return True  # "63 percent said": the share of those asked
    if folded in SPEAKER_NOUNS or _is_body(folded) or folded in DOCUMENT_HEADS:
        return True
    person_like = folded.endswith(PERSON_SUFFIXES) and not _not_a_person(folded)
    common = head.islower() or (head is tokens[0] and bare(head) not in proper)  # "Divers …"
    if common and person_like and len(folded) > 5:
        return True  # councillor, inspector, fishermen, economists, campaigners
    if bare(head) in proper:
        return True
    return head[:1].isupper() and head is not tokens[0]


def _head(tokens: list[str]) -> str:
    start = 0
    if len(tokens) > 2 and tokens[0].casefold() in _QUANTIFIERS and tokens[1] == "of":
        start = 2  # "one of the family's lawyers": the lawyers speak
    share = next((index for index, token in enumerate(tokens) if token in _SHARES), None)
    if share is not None and share + 2 < len(tokens) and tokens[share + 1] == "of":
        start = share + 2  # "nearly 40 percent of voters": the voters speak
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        lowered = token.casefold()
        participle = (
            token.islower()
            and lowered.endswith(("ed", "ing"))
            and len(lowered) > 4
            and tokens[index - 1].casefold() not in _DETERMINERS | _PLAIN_DETERMINERS
        )
        if lowered in _PREPOSITIONS or participle:
            before = index - 1
            if before > start and tokens[before].casefold() in POSTMODIFIERS:
                before -= 1  # "people familiar with the talks": the people speak
            return tokens[before]
    return tokens[-1]
