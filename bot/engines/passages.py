"""Pick the paragraphs of an article most likely to answer a question.

A plain lexical ranking: question words (lower-cased, crude suffixes stripped, stop words
dropped) weighted by how rare they are among the article's paragraphs. It is enough to keep a
follow-up question's prompt small; the chosen paragraphs are returned in article order so the
model reads them as the story runs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from bot.engines.chunking import estimate_tokens

_WORD_RE = re.compile(r"\w+")
_STOP_WORDS = frozenset(
    (
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do",
        "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in",
        "into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "she", "so",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to",
        "was", "we", "were", "what", "when", "where", "which", "who", "whom", "whose", "why",
        "will", "with", "would", "you", "your", "about", "any", "say", "said", "says", "article",
        "story", "tell",
    )
)  # fmt: skip


def _terms(text: str) -> list[str]:
    terms = []
    for word in _WORD_RE.findall(text.casefold()):
        if word in _STOP_WORDS or len(word) < 2:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        terms.append(word)
    return terms


def top_passages(
    paragraphs: Sequence[str], question: str, *, limit: int = 5, token_budget: int = 3000
) -> list[str]:
    """Up to `limit` best paragraphs within the budget, in article order; the lead if none match."""
    paragraph_terms = [Counter(_terms(paragraph)) for paragraph in paragraphs]
    query = set(_terms(question))
    count = len(paragraphs)
    document_frequency = Counter(term for terms in paragraph_terms for term in set(terms))
    scores = []
    for index, terms in enumerate(paragraph_terms):
        score = sum(
            math.log(1 + count / document_frequency[term]) * (1 + math.log(terms[term]))
            for term in query
            if terms[term]
        )
        scores.append((score, -index))
    ranked = sorted(range(count), key=lambda index: scores[index], reverse=True)
    if not any(score for score, _ in scores):
        ranked = list(range(count))
    chosen: list[int] = []
    used = 0
    for index in ranked:
        cost = estimate_tokens(paragraphs[index])
        if len(chosen) >= limit or (chosen and used + cost > token_budget):
            break
        chosen.append(index)
        used += cost
    return [paragraphs[index] for index in sorted(chosen)]
