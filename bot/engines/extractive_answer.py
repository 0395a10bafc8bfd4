"""Answer a follow-up question from the article's own sentences, without a language model."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import Answer, Article, Turn

_SENTENCE_RE = re.compile(r"[^.!?]+[.!?]*")
_WORD_RE = re.compile(r"\w+")


def answer_extractively(article: Article, question: str, history: Sequence[Turn]) -> Answer:
    """The article sentence sharing most words with the question, quoted verbatim."""
    wanted = {word for word in _WORD_RE.findall(question.casefold()) if len(word) > 3}
    best = ""
    best_score = 0
    for match in _SENTENCE_RE.finditer(article.text):
        sentence = match.group().strip()
        score = len(wanted & set(_WORD_RE.findall(sentence.casefold())))
        if score > best_score:
            best, best_score = sentence, score
    if not best:
        return Answer(
            answered=False, answer="The article does not say.", quotes=[], engine="offline"
        )
    return Answer(answered=True, answer=best, quotes=[best], engine="offline")
