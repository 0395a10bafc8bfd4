"""Find the sentences and passages of one article that bear on a question.

Why sentences: an offline answer quotes the article, and a sentence is the smallest span a
reader can check at a glance. Passages (up to three consecutive sentences of one paragraph) are
what a language model reads. Both are ranked with BM25 (`bm25s`, in memory, one small index per
article) over the stems of `bot.text.words`, so "denied", "denies" and "deny" meet.

A follow-up such as "and who denied it?" or "why?" carries too few words of its own to rank
anything, so its query borrows the previous turn's question and answer words at lower weights.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, cast

from bot.engines.llm.chunking import estimate_tokens
from bot.models import Turn
from bot.text.sentences import Sentence, split_sentences
from bot.text.words import REPORTING_WORDS, STOP_WORDS, stem
from bot.text.words import terms as words_terms
from bot.text.words import words as words_of

if TYPE_CHECKING:
    import bm25s

QUESTION_STOP_WORDS = (
    STOP_WORDS
    | REPORTING_WORDS
    | frozenset(
        (
            "article", "story", "piece", "text", "mention", "mentioned", "according", "exactly",
            "anything", "something", "everything", "really", "actually", "currently", "still",
            "name", "names", "long", "often", "many", "also",
        )
    )
)  # fmt: skip
"""Function words, and the words a question about an article uses for asking itself."""
_PRONOUNS = frozenset(
    ("he", "she", "him", "her", "his", "hers", "they", "them", "their", "theirs", "it", "its",
     "this", "that", "these", "those", "there", "then")
)  # fmt: skip
_FOLLOW_UP_OPENERS = ("and ", "but ", "so ", "also ", "what about", "how about", "then ")
_SHORT_QUESTION_TERMS = 1
_PREVIOUS_QUESTION_WEIGHT = 0.6
_PREVIOUS_ANSWER_WEIGHT = 0.3
_OLDER_TURN_DECAY = 0.5
_EXPANSION_TURNS = 2
_RELATED_WEIGHT = 0.6
# Families of words a news story uses for the same act: the acts a brief is made of (claiming,
# denying, offering evidence, confirming) and the reporting of harm and of legal steps.
_RELATED_GROUPS = (
    ("deny", "reject", "dismiss", "refute", "dispute", "rebut", "false", "untrue", "baseless",
     "unfounded", "groundless"),
    ("claim", "accuse", "accusation", "allege", "allegation", "assert", "insist", "charge"),
    ("evidence", "proof", "prove", "document", "photo", "photograph", "video", "footage",
     "image", "record", "data", "analysis", "test", "sample", "show"),
    ("verify", "confirm", "authenticate", "corroborate"),
    ("kill", "die", "dead", "death", "fatal", "victim"),
    ("injure", "wound", "hurt", "injury"),
    ("arrest", "detain", "custody"),
    ("respond", "response", "reply", "react", "reaction"),
)  # fmt: skip
_BORROWED_MASS = 1.0
# Endings that make one word of another ("pay" and "payment", "sign" and "signature",
# "Tessaria" and "Tessarian"), as the stems of `bot.text.words` leave them. A short ending
# joins only longer words, so "sign" does not meet "signal".
_DERIVING_ENDINGS = frozenset(
    ("ment", "ments", "ion", "ation", "atur", "ure", "ship", "ness", "ist", "ism", "ian",
     "ant", "ent", "ive", "ee", "er", "or", "al", "an", "n", "ic")
)  # fmt: skip
_SHORT_ENDING = 2
_MIN_DERIVED_BASE = 3
_MIN_BASE_FOR_SHORT_ENDING = 5


@dataclass(frozen=True)
class Passage:
    """Consecutive sentences of one paragraph: `text == article_text[start:end]`."""

    text: str
    start: int
    end: int
    paragraph: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Query:
    """Weighted terms; `own` are the terms the question itself contains."""

    weights: dict[str, float]
    own: frozenset[str]
    expanded: bool = False


def terms(text: str) -> list[str]:
    """The words that carry meaning, in order, as the index stores them."""
    return words_terms(text, QUESTION_STOP_WORDS)


def group_passages(
    text: str, sentences: Sequence[Sentence], *, max_sentences: int = 3, max_chars: int = 700
) -> list[Passage]:
    """Consecutive sentences of one paragraph, never more than `max_sentences` or `max_chars`."""
    passages: list[Passage] = []
    group: list[Sentence] = []

    def close() -> None:
        if group:
            start, end = group[0].start, group[-1].end
            passages.append(Passage(text[start:end], start, end, group[0].paragraph, tuple(group)))
            group.clear()

    for sentence in sentences:
        if group and (
            sentence.paragraph != group[0].paragraph
            or len(group) >= max_sentences
            or sentence.end - group[0].start > max_chars
        ):
            close()
        group.append(sentence)
    close()
    return passages


def is_follow_up(question: str) -> bool:
    """Short, pronoun-led or elliptical questions lean on the turn before them."""
    lowered = question.strip().casefold()
    words = words_of(lowered)
    if len(terms(question)) <= _SHORT_QUESTION_TERMS:
        return True
    if lowered.startswith(_FOLLOW_UP_OPENERS):
        return True
    return any(word in _PRONOUNS for word in words)


def build_query(question: str, history: Sequence[Turn] = ()) -> Query:
    own = terms(question)
    weights: dict[str, float] = {}
    for term in own:
        weights[term] = 1.0
    for term in own:
        for related in _RELATED.get(term, ()):
            weights.setdefault(related, _RELATED_WEIGHT)
    expanded = False
    if history and is_follow_up(question):
        expanded = True
        borrowed: dict[str, float] = {}
        scale = 1.0
        for turn in list(history)[::-1][:_EXPANSION_TURNS]:
            _add_weights(borrowed, terms(turn.question), _PREVIOUS_QUESTION_WEIGHT * scale)
            _add_weights(borrowed, terms(turn.answer), _PREVIOUS_ANSWER_WEIGHT * scale)
            scale *= _OLDER_TURN_DECAY
        # Borrowed words steer the ranking; they must not outvote the question's own words.
        mass = sum(weight for term, weight in borrowed.items() if term not in weights)
        limit = max(_BORROWED_MASS, float(len(set(own))))
        factor = min(1.0, limit / mass) if mass else 1.0
        for term, weight in borrowed.items():
            weights.setdefault(term, weight * factor)
    return Query(weights, frozenset(own), expanded)


def _add_weights(weights: dict[str, float], found: Iterable[str], weight: float) -> None:
    for term in found:
        if weights.get(term, 0.0) < weight:
            weights[term] = weight


def _bm25s() -> ModuleType:
    """bm25s (and numpy with it), imported once a question is asked: a brief does not need it."""
    import bm25s

    # bm25s sets its own logger to DEBUG, which would print a line per index on stderr.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return cast(ModuleType, bm25s)


@dataclass
class Ranker:
    """BM25 over a handful of short texts, with the document frequencies kept for coverage."""

    documents: list[list[str]]
    _index: bm25s.BM25 = field(init=False, repr=False)
    _frequency: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = _bm25s().BM25()
        self._index.index(self.documents or [[]], show_progress=False)
        self._frequency = {}
        for document in self.documents:
            for term in set(document):
                self._frequency[term] = self._frequency.get(term, 0) + 1

    def knows(self, term: str) -> bool:
        return term in self._frequency

    @property
    def vocabulary(self) -> Iterable[str]:
        return self._frequency.keys()

    def idf(self, term: str) -> float:
        count = len(self.documents)
        seen = self._frequency.get(term, 0)
        return math.log(1 + (count - seen + 0.5) / (seen + 0.5))

    def scores(self, query: Query) -> list[float]:
        import numpy as np

        total = np.zeros(max(1, len(self.documents)), dtype=np.float64)
        for term, weight in query.weights.items():
            if term in self._frequency:
                total += weight * np.asarray(self._index.get_scores([term]), dtype=np.float64)
        return [float(score) for score in total[: len(self.documents)]]


class ArticleIndex:
    """One article's sentences and passages, each ranked by its own BM25 index."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = split_sentences(text)
        self.passages = group_passages(text, self.sentences)
        self.sentence_terms = [terms(sentence.text) for sentence in self.sentences]
        self.sentence_ranker = Ranker(self.sentence_terms)
        self._passage_ranker: Ranker | None = None
        self._kin: dict[str, tuple[str, ...]] = {}

    def kin(self, term: str) -> tuple[str, ...]:
        """Words of this article that mean much the same: `related` ones and derived forms."""
        found = self._kin.get(term)
        if found is None:
            derived = [other for other in self.sentence_ranker.vocabulary if derives(term, other)]
            found = tuple(sorted({*related(term), *derived}))
            self._kin[term] = found
        return found

    def widened(self, query: Query) -> Query:
        """The query with the article's derived forms of the question's own words."""
        weights = dict(query.weights)
        for term in query.own:
            if self.sentence_ranker.knows(term):
                continue
            for other in self.kin(term):
                weights.setdefault(other, _RELATED_WEIGHT * query.weights.get(term, 1.0))
        return Query(weights, query.own, query.expanded)

    @property
    def passage_ranker(self) -> Ranker:
        if self._passage_ranker is None:
            self._passage_ranker = Ranker([terms(passage.text) for passage in self.passages])
        return self._passage_ranker

    def ranked_passages(self, query: Query) -> list[tuple[Passage, float]]:
        scores = self.passage_ranker.scores(self.widened(query))
        order = sorted(range(len(self.passages)), key=lambda index: (-scores[index], index))
        return [(self.passages[index], scores[index]) for index in order]


@functools.lru_cache(maxsize=8)
def article_index(text: str) -> ArticleIndex:
    """The index of one article, kept for the follow-up questions that usually come next."""
    return ArticleIndex(text)


def top_passages(
    text: str,
    question: str,
    history: Sequence[Turn] = (),
    *,
    limit: int = 5,
    token_budget: int = 3000,
) -> list[Passage]:
    """Up to `limit` best passages within the budget, in article order; the lead if none match."""
    index = article_index(text)
    ranked = index.ranked_passages(build_query(question, history))
    if not ranked or ranked[0][1] <= 0:
        ranked = [(passage, 0.0) for passage in index.passages]
    chosen: list[Passage] = []
    used = 0
    for passage, score in ranked:
        if chosen and score <= 0 and ranked[0][1] > 0:
            break
        cost = estimate_tokens(passage.text)
        if len(chosen) >= limit or (chosen and used + cost > token_budget):
            break
        chosen.append(passage)
        used += cost
    return sorted(chosen, key=lambda passage: passage.start)


def related(term: str) -> tuple[str, ...]:
    """Words a news story uses for much the same thing ("rejected" for "denied")."""
    return _RELATED.get(term, ())


def derives(term: str, other: str) -> bool:
    """Whether one stem is the other plus a deriving ending ("pay" and "payment")."""
    short, long = sorted((term, other), key=len)
    ending = long[len(short) :]
    if not ending or not long.startswith(short) or ending not in _DERIVING_ENDINGS:
        return False
    base = _MIN_BASE_FOR_SHORT_ENDING if len(ending) <= _SHORT_ENDING else _MIN_DERIVED_BASE
    return len(short) >= base


def _related_terms() -> dict[str, tuple[str, ...]]:
    related: dict[str, set[str]] = {}
    for group in _RELATED_GROUPS:
        stems = {stem(word) for word in group}
        for term in stems:
            related.setdefault(term, set()).update(stems - {term})
    return {term: tuple(sorted(others)) for term, others in related.items()}


_RELATED = _related_terms()
