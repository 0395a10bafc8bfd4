"""Answer a follow-up question with the article's own sentences, without a language model.

Why extractive: offline there is nothing that can write new prose safely, and a quoted sentence
is an answer the reader can trust as far as the article goes. The best 1-3 sentences are chosen
by BM25 (see `retrieval`), nudged by what the question asks for (see `question_kind`): a person
for "who", a date for "when", a figure for "how many", a name for "what is the name of".

Saying "the article does not say" matters as much as answering. It is said when the best
sentences cover too little of the question's weight (rare words count most; the bar is lower
when a sentence holds the very figure or name asked for, next to what it counts), when none
holds the kind of fact asked for, when the question asks about a thing the article never
names ("what species ...?"), or when the article itself says the answer is not known.
Thresholds were set on question sets written apart from the code (see `benchmarks/qa.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from unicodedata import name

from bot.models import Answer, Article, Turn
from bot.qa.question_kind import (
    REQUIRED,
    WH_RE,
    Expectation,
    Wanted,
    admits_not_knowing,
    has_kind,
    restate,
    wanted_kind,
)
from bot.qa.retrieval import ArticleIndex, Query, article_index, build_query, related, terms
from bot.text.sentences import Sentence
from bot.text.words import stem

ENGINE_NAME = "offline"
MIN_COVERAGE = 0.5
"""Share of the question's idf weight the chosen sentences must contain."""
MIN_TYPED_COVERAGE = 0.3
"""The same when the sentence holds the figure or name asked for, next to what it counts."""
NEIGHBOUR_CREDIT = 0.5
"""A question word found only in a sentence next to the chosen one counts this much."""
ABSENT_WEIGHT = 1.0
"""How much a question word the article never uses weighs against the answer, as a share."""
RELATED_CREDIT = 0.8
"""A question word met through a related word ("rejected" for "denied") counts this much."""
_CONTEXT_WEIGHT = 0.3
_SCRIPT_SAMPLE = 4000
_FOREIGN_SHARE = 0.5  # below this share of Latin letters, a text is in another script
_TYPE_BONUS = 0.35
_CANDIDATE_FLOOR = 0.5
_SECOND_QUOTE_RATIO = 0.8
_MAX_QUOTES = 3
_MAX_ANSWER_CHARS = 450
_SEEN_PENALTY = 0.5
_TOLD_SHARE = 0.8
_EXPANSION_TURNS = 2


_CRUX_RE = re.compile(r"^\W*(?:and |but |so )?(?:what|which)\s+([a-z][\w-]*)")
_NOT_CRUX = frozenset(
    (
        "is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "will", "would",
        "can", "could", "should", "may", "might", "must", "else", "kind", "sort", "type", "happen",
        "happens", "make", "makes", "cause", "causes", "mean", "means", "lead", "leads", "led",
        "prompt", "prompts", "about", "of", "in", "on", "for", "to", "the", "a", "an", "exactly",
        "year", "day", "date", "time", "month", "number", "amount", "percentage", "share",
        "happened", "caused",
    )
)  # fmt: skip


@dataclass(frozen=True)
class _Asked:
    """One question against one article, with what scoring needs to know about it."""

    index: ArticleIndex
    query: Query
    question: str
    wanted: Wanted
    topic: frozenset[str]
    seen: frozenset[int]
    expect: Expectation

    def fits(self, position: int, *, strict: bool = False) -> bool:
        """Whether the sentence holds the kind of fact asked for (see `Expectation`).

        `strict`: only when the question names what is counted or named and the sentence has
        the figure or name right next to it, the strongest sign a sentence answers.
        """
        expect = self.expect
        if expect.wanted not in REQUIRED:
            return True
        sentences = self.index.sentences
        if strict:
            text = sentences[position].text
            return bool(expect.anchors) and expect.met_by(text, anchor_elsewhere=False)
        named = self.index.sentence_terms
        elsewhere = not any(expect.anchors.intersection(found) for found in named)
        if not elsewhere and expect.wanted is Wanted.NUMBER:
            # "Q: How many children are still in hospital?" / "A: Four." counts across sentences.
            elsewhere = any(
                expect.anchored_in(sentences[other].text)
                for other in _neighbours(sentences, position)
            )
        return expect.met_by(sentences[position].text, anchor_elsewhere=elsewhere)


def answer_extractively(article: Article, question: str, history: Sequence[Turn]) -> Answer:
    """The best 1-3 article sentences for the question, or a plain "does not say"."""
    index = article_index(article.text)
    query = build_query(question, history)
    wanted = wanted_kind(question)
    if _other_script(question, article.text):
        return Answer(
            answered=False,
            answer="The question is written in another script than the article, and the offline "
            "engine matches words: ask in the article's language, or configure a language model.",
            quotes=[],
            engine=ENGINE_NAME,
        )
    if not query.weights or not index.sentences:
        return _not_said(question, "The question has no words the article could be searched for.")
    if _crux_missing(index, question):
        return _not_said(question)
    told = [(turn.answer, set(terms(turn.answer))) for turn in history[-_EXPANSION_TURNS:]]
    seen = frozenset(
        s.index for s in index.sentences if told and _already_said(s, index.sentence_terms, told)
    )
    topic = frozenset(terms(article.title or ""))
    expect = Expectation.of(question)
    chosen = _choose(_Asked(index, query, question, wanted, topic, seen, expect))
    if chosen is None:
        return _not_said(question)
    if wanted in REQUIRED and any(admits_not_knowing(s.text, question) for s in chosen):
        return _not_said(question, "The article says this is not known.")
    quotes = [sentence.text for sentence in chosen]
    answer = " ".join(quotes)
    if len(answer) > _MAX_ANSWER_CHARS:
        answer = quotes[0] if len(chosen) == 1 else max(quotes, key=len)
    return Answer(answered=True, answer=answer, quotes=quotes, engine=ENGINE_NAME)


def _choose(asked: _Asked) -> list[Sentence] | None:
    base = asked.index.sentence_ranker.scores(asked.index.widened(asked.query))
    sentences = asked.index.sentences
    scores: list[float] = []
    for position, sentence in enumerate(sentences):
        neighbours = [base[other] for other in _neighbours(sentences, position)]
        score = base[position] + _CONTEXT_WEIGHT * max(neighbours, default=0.0)
        if asked.wanted is not Wanted.ANY and has_kind(sentence.text, asked.wanted):
            score *= 1 + _TYPE_BONUS
        if position in asked.seen:
            score *= _SEEN_PENALTY
        scores.append(score)
    order = sorted(range(len(sentences)), key=lambda position: (-scores[position], position))
    top = scores[order[0]]
    if top <= 0:
        return None
    for position in order:
        if scores[position] < _CANDIDATE_FLOOR * top:
            break
        picked = _accept(asked, position)
        if picked is not None:
            return _with_second(asked, scores, order, picked)
    return None


def _accept(asked: _Asked, position: int) -> list[Sentence] | None:
    """The sentence (with a neighbour when that carries the wanted fact) if it answers enough."""
    sentences = asked.index.sentences
    share = coverage(asked.index, asked.query, position, asked.topic)
    typed = asked.wanted in REQUIRED and asked.fits(position, strict=True)
    if share < (MIN_TYPED_COVERAGE if typed else MIN_COVERAGE):
        return None
    sentence = sentences[position]
    picked = [sentence]
    following = sentences[position + 1] if position + 1 < len(sentences) else None
    if following is not None and _announces(sentence, following, asked):
        picked.append(following)
    if asked.wanted in REQUIRED and not any(asked.fits(s.index) for s in picked):
        helpers = [
            other
            for other in _neighbours(sentences, position)
            if sentences[other].paragraph == sentence.paragraph and asked.fits(other)
        ]
        if not helpers:
            return None
        picked.append(sentences[helpers[0]])
    return sorted(set(picked), key=lambda sentence: sentence.start)


def coverage(
    index: ArticleIndex, query: Query, position: int, topic: frozenset[str] = frozenset()
) -> float:
    """The idf-weighted share of query terms found in the sentence (neighbours count less).

    Only the question's own words count when it has any: words borrowed from earlier turns
    help to rank, but a question about something new must be answered on its own terms. A word
    met through a related one ("denied" for "rejected") counts a little less; words of the
    headline (`topic`) count like a neighbour's, since the whole story is about them.
    """
    ranker = index.sentence_ranker
    inside = set(index.sentence_terms[position])
    around: set[str] = set()
    for other in _neighbours(index.sentences, position):
        around.update(index.sentence_terms[other])
    found = total = 0.0
    weights = query.weights
    if query.own:
        weights = {term: weight for term, weight in weights.items() if term in query.own}
    for term, weight in weights.items():
        mass = weight * ranker.idf(term)
        if not ranker.knows(term):
            mass *= ABSENT_WEIGHT
        total += mass
        if term in inside:
            found += mass
        elif inside.intersection(index.kin(term)):
            found += RELATED_CREDIT * mass
        elif term in around or term in topic:
            found += NEIGHBOUR_CREDIT * mass
    return found / total if total else 0.0


def _with_second(
    asked: _Asked, scores: list[float], order: list[int], picked: list[Sentence]
) -> list[Sentence]:
    """Add the runner-up sentence when it scores nearly as well and is not already there."""
    best = scores[picked[0].index] if len(picked) == 1 else max(scores[s.index] for s in picked)
    taken = {sentence.index for sentence in picked}
    for position in order[:4]:
        if len(picked) >= _MAX_QUOTES or scores[position] < _SECOND_QUOTE_RATIO * best:
            break
        if position in taken:
            continue
        terms_of = asked.index.sentence_terms
        adds = set(terms_of[position]) - {t for s in picked for t in terms_of[s.index]}
        if adds & set(asked.query.weights):
            picked.append(asked.index.sentences[position])
            taken.add(position)
    return sorted(picked, key=lambda sentence: sentence.start)


def _announces(sentence: Sentence, following: Sentence, asked: _Asked) -> bool:
    """Whether the answer runs on into the next sentence.

    As after "he said:", "she explained why ...", or "Faraj rejected the findings." when the
    question asks why: the reason is in the sentence that follows, in the same paragraph.
    """
    text = sentence.text
    if text.rstrip().endswith(":"):
        return True
    if asked.wanted is Wanted.ANY or has_kind(text, asked.wanted):
        return False
    if asked.wanted is Wanted.REASON and following.paragraph == sentence.paragraph:
        return True
    wh = WH_RE.match(asked.question.strip().casefold())
    if wh is None:
        return False
    word = wh.group(1).split()[0]
    return re.search(rf"\b{word}\b", text[1:].casefold()) is not None


def _crux_missing(index: ArticleIndex, question: str) -> bool:
    """ "What species ...?" or "which bases ...?" about a thing the article never names."""
    match = _CRUX_RE.match(question.casefold())
    if match is None or match.group(1) in _NOT_CRUX or match.group(1).endswith("ed"):
        return False
    crux = stem(match.group(1))
    wanted = {crux, *related(crux)}
    return not any(wanted.intersection(found) for found in index.sentence_terms)


def _already_said(
    sentence: Sentence, sentence_terms: list[list[str]], told: list[tuple[str, set[str]]]
) -> bool:
    """The sentence was one of the last answers, quoted or told in other words."""
    own = set(sentence_terms[sentence.index])
    for answer, answer_terms in told:
        if sentence.text in answer or (
            answer_terms and len(answer_terms & own) >= _TOLD_SHARE * len(answer_terms)
        ):
            return True
    return False


def _neighbours(sentences: Sequence[Sentence], position: int) -> list[int]:
    """The sentences just before and after: news paragraphs are short, so across them too."""
    return [other for other in (position - 1, position + 1) if 0 <= other < len(sentences)]


def _latin_share(text: str) -> float | None:
    """The share of the letters (in the first few thousand characters) that are Latin."""
    letters = [char for char in text[:_SCRIPT_SAMPLE] if char.isalpha()]
    if not letters:
        return None
    return sum(1 for char in letters if char.isascii() or "LATIN" in name(char, "")) / len(letters)


def _other_script(question: str, text: str) -> bool:
    """Whether the question and the article are written in different scripts (Latin or not):
    no word of one can then match a word of the other."""
    asked, written = _latin_share(question), _latin_share(text)
    if asked is None or written is None:
        return False
    return (asked < _FOREIGN_SHARE) != (written < _FOREIGN_SHARE)


def _not_said(question: str, note: str | None = None) -> Answer:
    return Answer(
        answered=False,
        answer=f"The article does not say {restate(question)}.",
        quotes=[],
        engine=ENGINE_NAME,
        notes=[note] if note else [],
    )
