"""The default engine: an extractive brief from rules alone, with no key, network or model.

Every item quotes a sentence of the article verbatim and restates it with the article's own
words (the attribution trimmed), so the brief never says anything the article does not. The
work is plain regular expressions over one article, fast enough to run in a thread per request.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.engines.offline.attributed import Attribution
from bot.engines.offline.attribution import attribute
from bot.engines.offline.classify import (
    MAX_QUOTE,
    Candidate,
    background_claim,
    classify,
    take_in,
)
from bot.engines.offline.contrasts import split_contrasts
from bot.engines.offline.furniture import furniture
from bot.engines.offline.linking import link_denials, link_evidence
from bot.engines.offline.rebuttals import answers_as_denials
from bot.engines.offline.speakers import same_speaker, the_body, the_named_body, whole_name
from bot.engines.offline.stance import join_denials, join_quotations, keep_sides
from bot.engines.offline.version import RULE_SOURCES, rules_version
from bot.ingest.language import guess_language
from bot.models import Answer, Article, Brief, Claim, Denial, Evidence, ItemKind, Turn, Unverified
from bot.qa.extractive_answer import answer_extractively
from bot.text.sentences import Sentence, split_sentences
from bot.text.words import terms

LIMITS: dict[ItemKind, int] = {"claim": 4, "denial": 4, "evidence": 4, "unverified": 4}
# Opinions and next steps fill a list only when it has fewer factual items than this.
_ROOM_FOR_OPINIONS = 3
# Outside commentators' claims fill the claims only when the parties make fewer than this.
_ROOM_FOR_COMMENTARY = 2
# A claim gains this in rank for each word it shares with the headline, up to three words.
_HEADLINE_WEIGHT = 0.1
_HEADLINE_TERMS = 3
_MAX_ACTORS = 10
_SUMMARY_SENTENCES = 3
_SUMMARY_SHORT = 260
_GIST_WORDS = 18
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")
# Fewer words than this may well be said twice by different people ("We will fight on").
_SAID_ONCE_WORDS = 8


@dataclass(frozen=True)
class Reading:
    """One article's sentences, attributions and ranked candidates: the brief's raw material."""

    sentences: list[Sentence]
    attributions: list[Attribution | None]
    chosen: dict[ItemKind, list[Candidate]]


class OfflineEngine:
    """Implements `Engine` with the rules of `attribution`, `classify` and `linking`.

    `rule_sources` are the folders the version is computed from (the engine's own by default).
    """

    def __init__(self, rule_sources: Sequence[Path] = RULE_SOURCES) -> None:
        self._version = rules_version(rule_sources)

    @property
    def name(self) -> str:
        return "offline"

    @property
    def version(self) -> str:
        return self._version

    async def brief(self, article: Article) -> Brief:
        brief = await asyncio.to_thread(write_brief, article, self.name)
        return brief.model_copy(update={"engine_version": self.version})

    async def aclose(self) -> None:
        """Nothing is held open: the rules are plain functions."""

    async def answer(self, article: Article, question: str, history: Sequence[Turn]) -> Answer:
        return await asyncio.to_thread(answer_extractively, article, question, history)


def read_article(article: Article) -> Reading:
    """Split, attribute, classify and rank; at most `LIMITS` items of each kind survive."""
    text = article.text
    sentences = split_contrasts(text, split_sentences(text))
    page_furniture = furniture(sentences)
    attributions = attribute(text, sentences, skip=page_furniture)
    skip = page_furniture | frozenset(
        sentence.index for sentence in sentences if _is_title(sentence.text, article.title)
    )
    candidates = classify(text, sentences, attributions, skip=skip)
    keep_sides(candidates)
    candidates = join_quotations(text, join_denials(text, candidates))
    answering = answers_as_denials(candidates)
    chosen: dict[ItemKind, list[Candidate]] = {}
    seen_quotes: set[str] = set()
    said: list[str] = []
    used_sentences: set[int] = set()
    headline = frozenset(terms(article.title or ""))
    for kind, limit in LIMITS.items():
        ranked = sorted(
            (candidate for candidate in candidates if candidate.kind == kind),
            key=lambda candidate: -candidate.score - _in_the_headline(candidate, headline),
        )
        if sum(not candidate.opinion for candidate in ranked) >= _ROOM_FOR_OPINIONS:
            ranked = [candidate for candidate in ranked if not candidate.opinion]
        if kind == "claim" and sum(not item.commentary for item in ranked) >= _ROOM_FOR_COMMENTARY:
            ranked = [candidate for candidate in ranked if not candidate.commentary]
        kept: list[Candidate] = []
        for candidate in ranked:
            if background_claim(candidate):
                continue
            if kind == "claim" and candidate.sentence.index in answering:
                continue  # a next step that answers: no claim of the story
            if kind == "claim" and candidate.next_step:
                continue  # what a party will do about it asserts nothing about what happened
            if used_sentences.intersection(candidate.sentence_indexes):
                continue
            key = _SPACE_RE.sub(" ", candidate.quote).casefold()
            if key in seen_quotes:
                continue  # the same words quoted twice (a pull quote, a repeated paragraph)
            words = _said_words(candidate.text)
            if _said_before(words, said):
                continue  # a quotation the article prints again inside a longer passage
            seen_quotes.add(key)
            said.append(words)
            used_sentences.update(candidate.sentence_indexes)
            kept.append(candidate)
            if len(kept) == limit:
                break
        chosen[kind] = sorted(kept, key=lambda candidate: candidate.sentence.index)
    opening = {candidate.sentence.index: candidate for candidate in candidates}
    for kept in chosen.values():
        for candidate in kept:
            _go_on(text, candidate, opening, used_sentences)
    return Reading(sentences, attributions, chosen)


def _said_words(text: str) -> str:
    """An item's words alone, so one remark printed with other punctuation reads the same."""
    return " ".join(_WORD_RE.findall(text.casefold()))


def _said_before(words: str, said: Sequence[str]) -> bool:
    """Whether a kept item already says these words, or these words hold a kept item whole."""
    if words.count(" ") + 1 < _SAID_ONCE_WORDS:
        return False
    return any(
        words in before or (before.count(" ") + 1 >= _SAID_ONCE_WORDS and before in words)
        for before in said
    )


def _in_the_headline(candidate: Candidate, headline: frozenset[str]) -> float:
    """A claim in the headline's words is what the story is about: it ranks before the
    background; its score, which decides what is background, stays."""
    if candidate.kind != "claim":
        return 0.0
    shared = len(headline.intersection(terms(candidate.quote)))
    return _HEADLINE_WEIGHT * min(shared, _HEADLINE_TERMS)


def _go_on(
    text: str,
    item: Candidate,
    opening: dict[int, Candidate],
    used: set[int],
) -> None:
    """A kept item quotes on through the next sentences while its speaker goes on on the same
    side ("X said …. He said …"), as far as one item may quote, and no other item quotes them:
    what the lists had no room for stays with what the speaker said first."""
    own = item.attribution
    if own is None or own.unresolved:
        return
    while (then := opening.get(item.sentence_indexes.stop)) is not None:
        further = then.attribution
        if (
            further is None
            or used.intersection(then.sentence_indexes)
            or not _same_side(then.kind, item.kind)
            or further.unresolved
            or not same_speaker(further.speaker, own.speaker)
            or then.sentence.start + len(then.quote) - item.sentence.start > MAX_QUOTE
        ):
            return
        take_in(text, item, then)
        used.update(then.sentence_indexes)


def _same_side(kind: ItemKind, other: ItemKind) -> bool:
    """A claim and the evidence its speaker offers read as one; a denial or a doubt stands apart."""
    return kind == other or {kind, other} == {"claim", "evidence"}


def write_brief(article: Article, engine: str = "offline") -> Brief:
    reading = read_article(article)
    claims_found = reading.chosen["claim"]
    denials_found = reading.chosen["denial"]
    evidence_found = reading.chosen["evidence"]
    denial_links = link_denials(claims_found, denials_found)
    evidence_links = link_evidence(claims_found, denials_found, denial_links, evidence_found)
    named = [attribution.speaker for attribution in reading.attributions if attribution]

    bodies = [
        (attribution.sentence.index, attribution.speaker)
        for attribution in reading.attributions
        if attribution is not None and attribution.kind == "organisation"
    ]

    def by(item: Candidate) -> str | None:
        if item.by is None:
            return None
        if (noun := the_body(item.by)) is not None:
            earlier = [body for index, body in bodies if index < item.sentence.index]
            return the_named_body(noun, earlier) or item.by
        return whole_name(item.by, named)

    claims = [
        Claim(id=f"c{number}", text=item.text, by=by(item), quote=item.quote)
        for number, item in enumerate(claims_found, start=1)
    ]
    denials = [
        Denial(
            id=f"d{number}",
            text=item.text,
            by=by(item),
            quote=item.quote,
            responds_to=None if link is None else claims[link].id,
        )
        for number, (item, link) in enumerate(zip(denials_found, denial_links, strict=True), 1)
    ]
    evidence = [
        Evidence(
            id=f"e{number}",
            text=item.text,
            by=by(item),
            quote=item.quote,
            supports=[claims[index].id for index in supports],
            undercuts=[claims[index].id for index in undercuts],
        )
        for number, (item, (supports, undercuts)) in enumerate(
            zip(evidence_found, evidence_links, strict=True), 1
        )
    ]
    unverified = [
        Unverified(text=item.text, quote=item.quote) for item in reading.chosen["unverified"]
    ]
    return Brief(
        title=article.title,
        url=article.final_url or article.url,
        site=article.site,
        published=article.published,
        summary=_summary(reading.sentences, article.title),
        bottom_line=_bottom_line(claims_found, denials_found, denial_links, evidence, unverified),
        actors=_actors(reading.attributions),
        claims=claims,
        denials=denials,
        evidence=evidence,
        unverified=unverified,
        engine=engine,
        notes=_language_notes(article),
    )


def _language_notes(article: Article) -> list[str]:
    """The rules read English reporting; say so rather than let a thin brief speak for itself."""
    language = (article.language or "").casefold()
    if not language or language.startswith("en"):
        return []
    if (guess_language(article.text) or "").startswith("en"):
        return []  # a page that declares another language but reads as English
    return [
        f"This article is in another language ({article.language}): the offline engine reads "
        "English reporting cues, so it may miss claims and denials here. A configured language "
        "model reads other languages."
    ]


def _summary(sentences: Sequence[Sentence], title: str | None) -> str:
    """The lead: two sentences, a third when the first two are short."""
    lead: list[str] = []
    for sentence in sentences:
        if _is_title(sentence.text, title) or len(sentence.text.split()) < 3:
            continue
        lead.append(_SPACE_RE.sub(" ", sentence.text.strip()))
        length = sum(len(part) for part in lead)
        if len(lead) == _SUMMARY_SENTENCES or (len(lead) >= 2 and length >= _SUMMARY_SHORT):
            break
    if not lead and sentences:
        lead.append(_SPACE_RE.sub(" ", sentences[0].text.strip()))
    return " ".join(lead)


def _bottom_line(
    claims: Sequence[Candidate],
    denials: Sequence[Candidate],
    denial_links: Sequence[int | None],
    evidence: Sequence[Evidence],
    unverified: Sequence[Unverified],
) -> str | None:
    if not claims and not denials:
        return None
    parts: list[str] = []
    if claims:
        top = max(range(len(claims)), key=lambda index: claims[index].score)
        claim = claims[top]
        gist = _gist(claim.text)
        if claim.by and not gist.casefold().startswith(claim.by.casefold()):
            parts.append(f"{claim.by}: {gist}")
        else:
            parts.append(gist)
        deniers = _distinct(
            [item.by for item, link in zip(denials, denial_links, strict=True) if link == top]
        )
        if deniers:
            verb = "denies" if len(deniers) == 1 else "deny"
            parts.append(f"{' and '.join(deniers[:2])} {verb} it")
    elif denials:
        parts.append(f"{denials[0].by or 'A party'} denies: {_gist(denials[0].text)}")
    if evidence:
        supporting = sum(1 for item in evidence if item.supports)
        undercutting = sum(1 for item in evidence if item.undercuts)
        described = f"evidence offered: {_gist(evidence[0].text, 12)}"
        if undercutting:
            described += f" ({undercutting} item(s) with caveats)"
        elif supporting:
            described += f" ({supporting} item(s) support the claims)"
        parts.append(described)
    else:
        parts.append("no evidence is described")
    if unverified:
        parts.append(f"{len(unverified)} point(s) remain unverified")
    line = "; ".join(parts)
    return line if line.endswith((".", "…")) else line + "."


def _gist(text: str, words: int = _GIST_WORDS) -> str:
    pieces = text.split()
    if len(pieces) <= words:
        return text.rstrip(".")
    return " ".join(pieces[:words]).rstrip(" ,;:") + " …"


def _actors(attributions: Sequence[Attribution | None]) -> list[str]:
    speakers = [
        attribution.speaker
        for attribution in attributions
        if attribution is not None and attribution.kind != "document"
    ]
    return _distinct(speakers)[:_MAX_ACTORS]


def _distinct(names: Sequence[str | None]) -> list[str]:
    """Names in order, without repeats or names already contained in a longer one."""
    kept: dict[str, str] = {}  # folded: as written, in order
    # Every name ever kept, folded; one dropped since was inside a kept one, so whatever it
    # contains the kept one contains too, and one substring search answers "seen already?".
    haystack = ""
    for name in names:
        if not name:
            continue
        folded = name.casefold().replace("\0", " ")
        if folded in haystack:
            continue
        for other in [other for other in kept if other in folded]:
            del kept[other]
        kept[folded] = name
        haystack += folded + "\0"
    return list(kept.values())


def _is_title(text: str, title: str | None) -> bool:
    if not title:
        return False
    return _SPACE_RE.sub(" ", text).strip().casefold() == _SPACE_RE.sub(" ", title).casefold()
