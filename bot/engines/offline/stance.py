"""Keep a party's statements on the side it has taken.

A party that rejects an accusation often goes on to defend itself without a refuting word
("Every penny raised more than it cost", "he has never taken a salary"). Read alone, such a
sentence looks like a fresh claim; read after that party's denial, it is part of the denial.
The rules are deliberately narrow: a statement moves to the denials when its speaker is the
party of the denial just before it and it comes within two sentences of that denial, or when its
speaker is a party an earlier accusation named (and not one of the accusers). Once the sides
are settled, a bare denial and the words of it that follow are one item, and so are a claim and
the quotation its speaker goes on with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engines.offline.classify import MAX_QUOTE, Candidate, take_in
from bot.engines.offline.cues import ACCUSING_RE, COMPLIANCE_RE, PRONOUNS, SPEAKER_NOUNS
from bot.engines.offline.denials import NEGATED_VIEW_RE, PLAIN_NEGATION_RE
from bot.engines.offline.linking import Profile, answers, folded_names, said_matter
from bot.engines.offline.linking import party_of as party_of
from bot.text.words import stem

_WORD_RE = re.compile(r"[\w'’-]+")
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_NAME_RE = re.compile(r"(?<![\w'’])[A-Z][\w-]+")
_NEAR = 2
_NEXT_PARAGRAPH = 1
"""How many sentences after its denial a party's statement still belongs to it."""


def _names(text: str) -> set[str]:
    return {
        name.casefold()
        for name in _NAME_RE.findall(text)
        if name.casefold() not in SPEAKER_NOUNS and name.casefold() not in PRONOUNS
    }


def _accused(candidate: Candidate) -> set[str]:
    """The names an accusation points at: those in its words that are not its speaker's."""
    attribution = candidate.attribution
    if attribution is None or not ACCUSING_RE.fullmatch(attribution.cue):
        return set()
    words = candidate.quote.split()
    after_first_word = " ".join(words[1:])  # a sentence's first word is capitalised anyway
    return _names(after_first_word) - _names(candidate.by or "")


def _known_as(candidates: Sequence[Candidate]) -> dict[str, set[str]]:
    """Every name a speaker was given anywhere: "Ridgeway's spokeswoman, Anna Marsh" makes
    a later "Marsh" one of Ridgeway's people."""
    known: dict[str, set[str]] = {}
    for candidate in candidates:
        names = _names(candidate.by or "")
        for name in names:
            known.setdefault(name, set()).update(names)
    return known


def _full_names(speaker: str | None, known: dict[str, set[str]]) -> set[str]:
    names = _names(speaker or "")
    return names.union(*(known.get(name, set()) for name in names))


def keep_sides(candidates: Sequence[Candidate]) -> None:
    """Turn a denying party's claims that follow its denial into denials, and the claims of a
    party an accusation names into its answers, in place."""
    settle_negations(candidates)
    last_denial: Candidate | None = None
    accused: set[str] = set()
    accusers: set[str] = set()
    accusations: list[tuple[set[str], frozenset[str]]] = []
    known = _known_as(candidates)
    for candidate in candidates:
        party = party_of(candidate.by)
        speaker_names = _full_names(candidate.by, known)
        if candidate.kind == "claim" and (named := _accused(candidate)):
            accused |= named - speaker_names
            accusers |= speaker_names
            accusations.append((named - speaker_names, Profile.of(candidate).terms))
            continue
        answering = any(
            speaker_names & named and _matter(candidate) & terms for named, terms in accusations
        )
        defends = (
            answering
            and bool(PLAIN_NEGATION_RE.search(candidate.quote))
            and not NEGATED_VIEW_RE.search(candidate.quote)  # "doesn't think it wise to"
        )
        if candidate.kind == "claim" and not defends and party is not None:
            defends = _kept_to_the_rules(candidate, candidates, speaker_names | {party})
        if candidate.kind == "claim" and defends and not speaker_names & accusers:
            # the accused answering with a negation ("we never took a penny") defends; the
            # accused's other words (campaign remarks, thanks, plans) answer nothing
            candidate.kind = "denial"
            last_denial = candidate
            continue
        if candidate.kind == "denial":
            last_denial = candidate
            continue
        if candidate.kind != "claim" or party is None or candidate.next_step:
            continue  # what a party will do about it ("it will appeal") answers nothing
        follows = (
            last_denial is not None
            and not last_denial.tentative
            and party_of(last_denial.by) == party
            and candidate.sentence.index - _last_index(last_denial) <= _NEAR
            and _on_the_matter(candidate, last_denial, candidates)
        )
        if follows:
            candidate.kind = "denial"
            last_denial = candidate


def _kept_to_the_rules(
    statement: Candidate, candidates: Sequence[Candidate], own: set[str]
) -> bool:
    """A party saying it kept to the rules ("it had every licence it needed") after another
    party claimed something of the matter answers that claim."""
    if not COMPLIANCE_RE.search(statement.quote):
        return False
    words = _matter(statement)
    return any(
        claim.kind in ("claim", "evidence")
        and claim.sentence.index < statement.sentence.index
        and party_of(claim.by) not in own
        and words & Profile.of(claim).terms
        for claim in candidates
    )


def _on_the_matter(
    statement: Candidate, denial: Candidate, candidates: Sequence[Candidate]
) -> bool:
    """A defence speaks to what is disputed: it shares a content word (not a name) with the
    denial or with a claim another party made before it; "the patient was released Monday"
    after a denial is news, not a defence."""
    words = _matter(statement)
    if words & Profile.of(denial).terms:
        return True
    party = party_of(statement.by)
    return any(
        words & Profile.of(claim).terms
        for claim in candidates
        if claim.kind == "claim"
        and claim.sentence.index < denial.sentence.index
        and party_of(claim.by) != party
    )


_NO_ALTERNATIVE_RE = re.compile(
    r"(?:\bno|\bnot\s+(?:any|an?)|n[’']t\s+(?:[\w’']+\s+){0,4}?any)\s+(?:\w+\s+)?(?:other\s+)?"
    r"(?:option|options|choice|alternative|alternatives|way\s+out)\b",
    re.IGNORECASE,
)
_BARE_WORDS = 10
_MAX_JOINED = 700
_REFERRING_RE = re.compile(r"\b(?:the|its|their)\b", re.IGNORECASE)
_POSSESSIVE_OPENING = frozenset(("its", "their"))


def join_denials(text: str, candidates: Sequence[Candidate]) -> list[Candidate]:
    """One party's denial and the words of that denial that follow it are one item.

    "The company rejected the report." followed by "'We never stored the data,' the firm said."
    is one denial to a reader; as two items the second crowds out another party's denial. So
    is a denial its speaker goes on with in the next sentence ("…," he said).
    """
    joined: list[Candidate] = []
    for candidate in candidates:
        previous = joined[-1] if joined else None
        if previous is not None and _continues_denial(previous, candidate, joined[:-1]):
            end = text.find(candidate.quote, candidate.sentence.start) + len(candidate.quote)
            if end - previous.sentence.start <= _MAX_JOINED:
                previous.quote = text[previous.sentence.start : end]
                previous.last_sentence = _last_index(candidate)
                previous.text = f"{previous.text.rstrip(' …')} {candidate.text}"
                previous.score = max(previous.score, candidate.score)
                continue
        joined.append(candidate)
    return joined


def _continues_denial(first: Candidate, then: Candidate, earlier: Sequence[Candidate]) -> bool:
    if first.kind != "denial" or then.kind != "denial" or first.tentative:
        return False
    if then.sentence.paragraph != first.sentence.paragraph:
        return False
    if then.sentence.index != _last_index(first) + 1:
        return False
    if _goes_on_quoting(first, then):
        return True  # '"…," he said.': the speaker going on in their own words
    if len(first.text.split()) > _BARE_WORDS or len(said_matter(first) - _WHEN_TERMS) > 1:
        return False  # "rejected the report" says nothing of its own; "called it a smear" does
    party = party_of(first.by)
    if party is None:
        return False
    then_party = party_of(then.by)
    if then_party == party:
        return True
    # "the company", "its chairwoman", "a spokesman for the group": the party just named, unless
    # the article gave that description to a speaker before
    if _of_the_same_body(then.by, first.by):
        return True  # "Karst's ministry rejected …" then "…," a ministry spokeswoman said
    return _refers_back(then.by) and all(party_of(c.by) != then_party for c in earlier)


_DETERMINERS = frozenset(("a", "an", "the"))
# When or how a denial was made says nothing of its own: "rejected the report within hours".
_WHEN_TERMS = frozenset(
    stem(word)
    for word in (
        "within", "hours", "hour", "minutes", "days", "day", "week", "later", "soon", "quickly",
        "immediately", "promptly", "swiftly", "flatly", "firmly", "strongly", "statement",
        "earlier", "overnight", "late", "night", "morning", "evening", "afternoon", "yesterday",
        "today",
    )
)  # fmt: skip


def _of_the_same_body(speaker: str | None, denier: str | None) -> bool:
    """A speaker whose description opens with a word of the denier's own phrase: "a ministry
    spokeswoman" after "the Foreign Ministry", "a company lawyer" after "the company"."""
    words = [word.casefold() for word in _WORD_RE.findall(speaker or "")]
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    if len(words) < 2 or not (speaker or "").lstrip()[:1].islower():
        return False
    owned = {_POSSESSIVE_RE.sub("", word.casefold()) for word in _WORD_RE.findall(denier or "")}
    return words[0] in owned - _DETERMINERS


def _goes_on_quoting(first: Candidate, then: Candidate) -> bool:
    """A quotation of the speaker of a single-sentence denial, next: one statement; a
    further report of what they said ("He also said …") is a point of its own."""
    before, now = first.attribution, then.attribution
    return (
        before is not None
        and now is not None
        and not now.unresolved
        and now.form == "direct"
        and now.speaker == before.speaker
        and _last_index(first) == first.sentence.index
    )


def _refers_back(speaker: str | None) -> bool:
    """A speaker described by reference to a party named before: "its chairwoman", "the
    company", "a spokesman for the group"; not a name, and not "an opposition spokesman"."""
    words = (speaker or "").split()
    if not words:
        return False
    if words[0].casefold() in _POSSESSIVE_OPENING:
        return True
    described = not any(word[:1].isupper() for word in words[1:])
    return described and bool(_REFERRING_RE.search(speaker or ""))


def _matter(statement: Candidate) -> frozenset[str]:
    """The content words of a statement, without the names in it."""
    own = Profile.of(statement)
    return own.terms - folded_names(own.names | own.side)


def _last_index(candidate: Candidate) -> int:
    return max(candidate.last_sentence, candidate.sentence.index)


def settle_negations(candidates: Sequence[Candidate]) -> None:
    """A plain negation ("we never gave up", "it doesn't matter") denies only what another
    party claimed, or what evidence says of the party itself ("the audit found Orsk's
    signature on the invoices" answered by Orsk's "I never signed an invoice"): one that
    answers neither is that party's own aside."""
    if not any(candidate.tentative for candidate in candidates):
        return
    claims = [(claim, Profile.of(claim)) for claim in candidates if claim.kind == "claim"]
    evidence = [(item, Profile.of(item)) for item in candidates if item.kind == "evidence"]
    firm = [c for c in candidates if c.kind == "denial" and not c.tentative]
    for candidate in candidates:
        if candidate.kind != "denial" or not candidate.tentative:
            continue
        party = party_of(candidate.by)
        said = candidate.quote
        beside_denial = party is not None and any(
            party_of(denial.by) == party
            and abs(candidate.sentence.index - _last_index(denial)) <= _NEAR
            for denial in firm
        )
        if beside_denial:
            continue  # "We reject the report. We never paid anyone": one party's denial
        others = [
            profile
            for claim, profile in claims
            if claim is not candidate
            and party_of(claim.by) != party
            # "police said they had no option but to surrender" then "I don't see any other
            # option": saying there is no alternative after a party said so agrees with it
            and not (_NO_ALTERNATIVE_RE.search(claim.quote) and _NO_ALTERNATIVE_RE.search(said))
        ]
        about_it = [profile for item, profile in evidence if party_of(item.by) != party]
        if not (answers(candidate, others) or answers(candidate, about_it, named_only=True)):
            candidate.kind = "claim"
            candidate.tentative = False
            candidate.opinion = True  # a party's aside, not the story's claim


def join_quotations(text: str, candidates: Sequence[Candidate]) -> list[Candidate]:
    """A speaker's claim and the quotation they go on with in the very next sentence, in the
    same paragraph or opening the next (`X said …. "…," she added.`), are one item, as a reader
    quotes them together; read once the sides are settled, so a denial and a claim stay apart."""
    joined: list[Candidate] = []
    for candidate in candidates:
        previous = joined[-1] if joined else None
        if previous is not None and _goes_on(previous, candidate):
            take_in(text, previous, candidate)  # a quote opens its sentence
            previous.score = max(previous.score, candidate.score)
            continue
        joined.append(candidate)
    return joined


def _goes_on(previous: Candidate, candidate: Candidate) -> bool:
    before, now = previous.attribution, candidate.attribution
    return (
        before is not None
        and now is not None
        and not now.unresolved
        and now.form == "direct"
        and now.speaker == before.speaker  # the same words naming them, or a pronoun for them
        and candidate.kind == previous.kind == "claim"
        and candidate.sentence.paragraph - previous.sentence.paragraph <= _NEXT_PARAGRAPH
        and max(previous.last_sentence, previous.sentence.index) == candidate.sentence.index - 1
        and candidate.sentence.start + len(candidate.quote) - previous.sentence.start <= MAX_QUOTE
    )
