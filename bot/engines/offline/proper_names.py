"""The names an article uses: the words it capitalises mid-sentence, and the full name a bare
surname stands for. A headline's capitals make no names ("Mayor Vows To Rebuild Pier")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engines.offline.speakers import bare, speaker_kind
from bot.text.sentences import Sentence
from bot.text.words import STOP_WORDS


def proper_words(text: str, sentences: Sequence[Sentence]) -> frozenset[str]:
    """Words the article capitalises somewhere other than at the start of a sentence."""
    starts = {sentence.start for sentence in sentences if not sentence.clause}
    lowercase = _lowercase_words(text)
    headlines = [
        (sentence.start, sentence.end) for sentence in sentences if _title_case(sentence, lowercase)
    ]
    found: set[str] = set()
    for match in re.finditer(r"(?<![\w'’])[A-Z][\w'’-]*", text):
        if match.start() in starts or match.start() - 1 in starts:
            continue
        if any(start <= match.start() < end for start, end in headlines):
            continue  # "Mayor Vows To Rebuild Pier": a headline capitalises every word
        found.add(bare(match.group()))
    return frozenset(found)


def _title_case(sentence: Sentence, lowercase: frozenset[str]) -> bool:
    """A headline's capitals: nearly every word capitalised, some of them words the article
    writes in lowercase elsewhere ("Mayor Vows To Rebuild The Pier")."""
    words: list[str] = _WORD_RE.findall(sentence.text)
    long_words = [word for word in words if len(word) > _SHORT_WORD]
    capitalised = sum(word[:1].isupper() for word in long_words)
    if capitalised < _TITLE_CASE_SHARE * len(long_words):
        return False
    common = sum(word[:1].isupper() and word.casefold() in lowercase for word in words[1:])
    return common >= _HEADLINE_COMMON_WORDS


def _lowercase_words(text: str) -> frozenset[str]:
    return frozenset(word for word in _WORD_RE.findall(text) if word.islower())


_WORD_RE = re.compile(r"(?<![\w'’])[^\W\d_][\w'’-]*")
_SHORT_WORD = 3
_TITLE_CASE_SHARE = 0.8
_HEADLINE_COMMON_WORDS = 2
_FULL_NAME_RE = re.compile(r"(?<![\w'’])[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}(?![\w'’-])")


def full_names(text: str, proper: frozenset[str]) -> dict[str, str]:
    """The whole name a bare surname stands for: "Roe" is "Jane Roe" once the article has named
    her so. The first person named with that surname wins; a sentence's first word is not part of
    a name if the article writes it in lowercase elsewhere ("The", "After"), or it is a function
    word ("Both Roe and Doe …"), and the article does not capitalise it mid-sentence."""
    names: dict[str, str] = {}
    lowercase = _lowercase_words(text)
    for match in _FULL_NAME_RE.finditer(text):
        tokens = match.group().split()
        while tokens and bare(tokens[0]) not in proper and _function_word(tokens[0], lowercase):
            tokens = tokens[1:]
        while tokens and bare(tokens[-1]) not in proper:
            tokens = tokens[:-1]  # "Jane Roe Says": a headline's verb ends no name
        if len(tokens) < 2:
            continue
        name = " ".join([*tokens[:-1], bare(tokens[-1])])
        if speaker_kind(name, proper) == "person":
            names.setdefault(bare(tokens[-1]), name)
    return names


def _function_word(word: str, lowercase: frozenset[str]) -> bool:
    folded = word.casefold()
    return folded in lowercase or folded in STOP_WORDS
