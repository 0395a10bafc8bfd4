"""Tie denials to the claims they answer and evidence to the claims it bears on.

Two signals, both general: what the statements are about (shared content words and names) and
who the parties are. A denial usually comes from the accused party, so a denier whose names
appear inside a claim ("Karst's ministry" answering "… accused Karst of …") is a strong link, as
is a denial that names the claimant. Evidence offered by a claimant's side supports that claim;
evidence that carries a caveat, or comes from a denier's side, undercuts it.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.engines.offline.classify import Candidate
from bot.engines.offline.cues import (
    ACCUSING_RE,
    EVIDENCE_RE,
    PRONOUNS,
    SPEAKER_NOUNS,
)
from bot.engines.offline.denials import negated_words
from bot.text.words import stem

_WORD_RE = re.compile(r"[\w'’-]+")
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_NAME_RE = re.compile(r"(?<![\w'’])[A-Z][\w-]*")
_OWNER_RE = re.compile(r"(?<![\w'’])([a-z][\w-]+)['’]s\b")
_GENERIC_REFERENCE_RE = re.compile(
    r"\b(?:accusation|accusations|allegation|allegations|claim|claims|charge|charges|report|"
    r"reports|suggestion|assertion|it|this|that)\b",
    re.IGNORECASE,
)
_CLAIM_REFERENCE_RE = re.compile(
    r"\b(?:accusations?|allegations?|claims?|charges?|reports?|suggestions?|assertions?|"
    r"rumou?rs?|story)\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    (
        "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "from", "by",
        "with", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it",
        "its", "that", "this", "these", "those", "he", "she", "they", "we", "i", "his", "her",
        "their", "our", "said", "says", "say", "told", "not", "no", "would", "will", "could",
        "can", "also", "than", "which", "who", "what", "there", "into", "about", "after",
        "over", "all", "any", "more", "been", "being", "one", "two", "do", "did", "does",
        "so", "if", "out", "up", "own", "only", "very", "just", "because", "while",
    )
)  # fmt: skip
# Capitalised words that name an office rather than a party: they do not tell sides apart.
_GENERIC_NAMES = frozenset(
    (
        "interior", "foreign", "defence", "defense", "national", "state", "federal", "security",
        "general", "affairs", "public", "prime", "deputy", "senior", "chief", "justice", "home",
        "finance", "health", "international", "united", "central", "supreme", "high", "mr",
        "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col",
    )
)  # fmt: skip
# Words too light to say what a negation is about ("I don't want ...", "we never said ...").
_LIGHT = frozenset(
    (
        "want", "see", "say", "tell", "know", "think", "make", "get", "take", "give", "come",
        "like", "off", "again", "public", "publicly", "person", "people", "thing", "anything",
        "something", "way", "time", "even", "still", "ever", "much", "many", "good", "well",
        "need", "look", "seem", "believe", "really", "able", "going", "now", "yet", "back",
    )
)  # fmt: skip
# The words of disputing itself: a denial and a claim that share only these share no matter.
_DISPUTE_WORDS = (
    "deny", "denied", "denies", "denial", "reject", "rejected", "dismiss", "dismissed", "claim",
    "claims", "claimed", "report", "reports", "reported", "allegation", "allegations", "alleged",
    "accusation", "accusations", "accused", "false", "baseless", "untrue", "true", "statement",
    "story", "rumour", "rumor", "suggestion", "wrong", "wrongdoing", "any", "never", "none",
    "nothing", "noth", "deni", "criticism", "criticisms", "complaint", "complaints", "charge",
    "charges", "finding", "findings", "account",
)  # fmt: skip
_MIN_DENIAL_LINK = 0.2
_CONJUNCTION_CHARS = 12  # ", whereas " between two clauses of one sentence
_BARE_DENIAL = 2
_MIN_ANSWER = 0.15
_MIN_SHARED_TERMS = 2
_MIN_SUPPORT_LINK = 0.12
_MAX_SUPPORTS = 2


@dataclass(frozen=True)
class Profile:
    """What a statement is about and who is behind it, for comparing statements."""

    terms: frozenset[str]
    names: frozenset[str]
    side: frozenset[str]

    @classmethod
    def of(cls, candidate: Candidate) -> Profile:
        return _profile(candidate.quote, candidate.by or "")


@functools.lru_cache(maxsize=4096)
def _profile(quote: str, by: str) -> Profile:
    """One profile per statement and speaker: the rules compare each statement with many."""
    return Profile(
        terms=frozenset(_terms(quote)),
        names=frozenset(_names(quote)),
        side=frozenset(_names(by)) | _owners(by),
    )


def link_denials(claims: Sequence[Candidate], denials: Sequence[Candidate]) -> list[int | None]:
    """For each denial, the index of the claim it answers, or None when nothing says which.

    A link needs a reason: the two share the matter (at least two content words that are not
    names, nor the words of denying itself), or one party is the other's subject (the denier is
    named in the claim, or the denial names the claimant) and they share a content word or the
    denial has no matter of its own ("X denied any role"), or the denial's own words point at
    an accusation ("rejected the report") that names the denier or is the only one before it.
    Claims of the denier's own side are never what it denies.
    """
    claim_profiles = [Profile.of(claim) for claim in claims]
    links: list[int | None] = []
    for denial in denials:
        profile = Profile.of(denial)
        matter = matter_of(profile)
        owners = folded_names(_owners(denial.by or ""))
        refers = bool(_CLAIM_REFERENCE_RE.search(denial.quote))
        accusations = [
            claim
            for claim in claims
            if _accuses(claim) and claim.sentence.index < denial.sentence.index
        ]
        best: tuple[float, int] | None = None
        for index, (claim, claimed) in enumerate(zip(claims, claim_profiles, strict=True)):
            if _one_side(claim, claimed, denial, profile):
                continue
            claim_matter = matter_of(claimed)
            shared = matter & claim_matter
            topical = _overlap(matter, claim_matter)
            accused = bool(
                folded_names(profile.side) & folded_names(claimed.names - claimed.side)
                or owners & (claimed.terms - folded_names(claimed.side))
            )  # "Karst's ministry" of "… accused Karst", "the mill's owner" of "… the mill"
            names_claimant = bool(folded_names(profile.names) & folded_names(claimed.side))
            same_matter = len(shared) >= _MIN_SHARED_TERMS
            bare = len(matter) <= _BARE_DENIAL  # "X denied any role": no matter of its own
            parties = (accused or names_claimant) and (bool(shared) or bare)
            # "these claims are baseless": the accusation against the denier, or the only one
            pointed = refers and _accuses(claim) and (accused or accusations == [claim])
            # "X says …, but Y rejects the charge": the clause it answers in its own sentence
            in_turn = _answered_in_turn(claim, denial) and (refers or bare)
            if not (same_matter or parties or pointed or in_turn):
                continue
            if claim.sentence.index > denial.sentence.index and not same_matter:
                continue  # an answer follows what it answers, unless it shares the matter
            score = (
                topical
                + 0.05 * len(shared)
                + 0.3 * (accused or in_turn)
                + 0.2 * names_claimant
                + 0.1 * pointed
            )
            if claim.sentence.index < denial.sentence.index:
                score += 0.05
            if best is None or score > best[0]:
                best = (score, index)
        links.append(best[1] if best is not None and best[0] >= _MIN_DENIAL_LINK else None)
    return links


def _answered_in_turn(claim: Candidate, denial: Candidate) -> bool:
    """The denial is the clause after the claim's in one sentence ("…, but Y denies it")."""
    first, then = claim.sentence, denial.sentence
    return (
        then.clause
        and first.index == then.index - 1
        and first.paragraph == then.paragraph
        and 0 <= then.start - first.end <= _CONJUNCTION_CHARS
    )


def said_matter(candidate: Candidate) -> frozenset[str]:
    """What a statement says beyond who says it: "Crane's spokeswoman rejected the criticism"
    says nothing but "criticism", a word of the dispute."""
    return matter_of(Profile.of(candidate)) - frozenset(_terms(candidate.by or ""))


def matter_of(profile: Profile) -> frozenset[str]:
    """What a statement is about: its content words, less names and the words of the dispute."""
    return profile.terms - folded_names(profile.names | profile.side) - _DISPUTE_TERMS


def _one_side(claim: Candidate, claimed: Profile, denial: Candidate, denied: Profile) -> bool:
    """The same speaker, the same party, or speakers sharing a name: one side."""
    if _same_speaker(claim, denial):
        return True
    party = party_of(denial.by)
    if party is not None and party == party_of(claim.by):
        return True
    return bool(denied.side and denied.side & claimed.side)


def _accuses(claim: Candidate) -> bool:
    attribution = claim.attribution
    return attribution is not None and bool(ACCUSING_RE.fullmatch(attribution.cue))


_ARTICLES = frozenset(("the", "a", "an", "this", "that", "these", "those"))
"""Words that open a speaker phrase in capitals without naming anyone ("The army")."""


def party_of(speaker: str | None) -> str | None:
    """A key naming the party behind a speaker phrase: its last proper word, or its head noun.

    "Crane's spokeswoman, Lydia Marsh" and "Marsh" share the key "marsh"; a bare role ("a
    company spokesman") keys on its role word, which only matches the same role.
    """
    if not speaker:
        return None
    words = [_POSSESSIVE_RE.sub("", word) for word in _WORD_RE.findall(speaker)]
    words = [word for word in words if word]
    if not words or (len(words) == 1 and words[0].casefold() in PRONOUNS):
        return None
    proper = [
        word
        for word in words
        if word[:1].isupper()
        and word.casefold() not in SPEAKER_NOUNS
        and word.casefold() not in _ARTICLES
    ]
    if proper:
        return proper[-1].casefold()
    return words[-1].casefold()


def answers(denial: Candidate, claims: Iterable[Profile], *, named_only: bool = False) -> bool:
    """Whether a plain negation reads as an answer to one of these claims of other parties.

    What follows the negating word must share a content word with the claim (it negates the
    claim's matter, not an aside); then either the denier is a party the claim names, or (not
    `named_only`) the two statements share enough content words beyond names.
    """
    profile = Profile.of(denial)
    negated = frozenset(_terms(negated_words(denial.text))) - _LIGHT_TERMS
    if not negated:
        return False
    return any(_answers(profile, negated, claimed, named_only) for claimed in claims)


def _answers(profile: Profile, negated: frozenset[str], claimed: Profile, named_only: bool) -> bool:
    if profile.side and profile.side & claimed.side:
        return False
    if not (negated - folded_names(claimed.names)) & claimed.terms:
        return False
    if profile.side & (claimed.names - claimed.side):
        return True  # the party the claim names negates what it says
    if named_only:
        return False
    topical = profile.terms & claimed.terms - folded_names(
        profile.names | profile.side | claimed.names
    )
    return len(topical) >= _MIN_SHARED_TERMS and (
        _overlap(profile.terms, claimed.terms) >= _MIN_ANSWER
    )


def link_evidence(
    claims: Sequence[Candidate],
    denials: Sequence[Candidate],
    denial_links: Sequence[int | None],
    evidence: Sequence[Candidate],
) -> list[tuple[list[int], list[int]]]:
    """For each piece of evidence, (claims it supports, claims it undercuts).

    A caveat about material offered earlier ("the videos were not proof") undercuts what that
    material was offered for, rather than whatever claim shares the most words with it.
    """
    claim_profiles = [Profile.of(claim) for claim in claims]
    denier_sides = {
        link: Profile.of(denial).side
        for denial, link in zip(denials, denial_links, strict=True)
        if link is not None
    }
    links: list[tuple[list[int], list[int]]] = []
    for position, item in enumerate(evidence):
        profile = Profile.of(item)
        if item.caveat:
            earlier = _caveated_material(item, evidence[:position], links) or _own_claim(
                item, claims
            )
            if earlier:
                links.append(([], earlier))
                continue
        scored: list[tuple[float, int, bool]] = []
        for index, claimed in enumerate(claim_profiles):
            topical = _overlap(profile.terms - folded_names(profile.side), claimed.terms)
            if topical <= 0:
                continue
            score = topical
            if profile.side & claimed.side or profile.names & claimed.side:
                score += 0.3
            against = bool(profile.side and profile.side & denier_sides.get(index, frozenset()))
            if against:
                score += 0.2
            if score >= _MIN_SUPPORT_LINK:
                scored.append((score, index, against or item.caveat))
        scored.sort(key=lambda entry: -entry[0])
        chosen = scored[:_MAX_SUPPORTS]
        supports = sorted(index for _, index, undercut in chosen if not undercut)
        undercuts = sorted(index for _, index, undercut in chosen if undercut)
        links.append((supports, undercuts))
    return links


def _caveated_material(
    item: Candidate,
    earlier: Sequence[Candidate],
    earlier_links: Sequence[tuple[list[int], list[int]]],
) -> list[int]:
    material = {match.group().casefold() for match in EVIDENCE_RE.finditer(item.quote)}
    for previous, (supports, _undercuts) in zip(
        reversed(earlier), reversed(earlier_links), strict=True
    ):
        offered = {match.group().casefold() for match in EVIDENCE_RE.finditer(previous.quote)}
        if supports and material & offered:
            return supports
    return []


def _own_claim(item: Candidate, claims: Sequence[Candidate]) -> list[int]:
    """A speaker's caveat qualifies the last claim they made before it."""
    for index in range(len(claims) - 1, -1, -1):
        claim = claims[index]
        if claim.sentence.index < item.sentence.index and _same_speaker(claim, item):
            return [index]
    return []


def folded_names(names: frozenset[str]) -> frozenset[str]:
    """Names as the stems `Profile.terms` holds, to take them out of a set of terms."""
    return frozenset(_stem(name.casefold()) for name in names)


def _same_speaker(first: Candidate, second: Candidate) -> bool:
    return bool(first.by and second.by and first.by.casefold() == second.by.casefold())


def _overlap(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / math.sqrt(len(first) * len(second))


def _terms(text: str) -> list[str]:
    terms = []
    for word in _WORD_RE.findall(text.casefold()):
        word = _bare(word)
        if len(word) < 3 or word in _STOP:
            continue
        terms.append(_stem(word))
    return terms


def _owners(speaker: str) -> frozenset[str]:
    """The party a described speaker belongs to: "trust" of "the trust's director"."""
    return frozenset(
        owner
        for owner in _OWNER_RE.findall(speaker)
        if owner.casefold() not in _STOP and owner.casefold() not in SPEAKER_NOUNS
    )


def _names(text: str) -> list[str]:
    names = []
    for match in _NAME_RE.finditer(text):
        name = _bare(match.group())
        folded = name.casefold()
        generic = folded in _STOP or folded in SPEAKER_NOUNS or folded in _GENERIC_NAMES
        if len(name) > 1 and not generic:
            names.append(name)
    return names


def _stem(word: str) -> str:
    """The shared stem, after a people's name is taken back to its country ("Russians")."""
    for suffix in ("ians", "ian"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)] + "ia"  # "Russians" and "Russia" alike
            break
    return stem(word)


_LIGHT_TERMS = frozenset(_stem(word) for word in _LIGHT)
_DISPUTE_TERMS = frozenset(_stem(word) for word in _DISPUTE_WORDS)


def _bare(word: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word
