"""Words, stems and stop words: the one tokenizer every layer compares text with.

Stems come from the Snowball English stemmer (PyStemmer), after irregular forms are mapped to
their base ("saw" → "see", "denial" → "deny"), which a suffix stemmer cannot know.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")

STOP_WORDS = frozenset(
    (
        "a", "about", "after", "again", "against", "all", "also", "am", "among", "an", "and",
        "any", "are", "as", "at", "be", "because", "been", "before", "being", "between", "both",
        "but", "by", "can", "could", "did", "do", "does", "doing", "done", "during", "each",
        "either", "else", "ever", "for", "from", "had", "has", "have", "having", "he", "her",
        "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "may", "me", "might", "more", "most", "much", "must", "my", "no",
        "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out",
        "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that",
        "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
        "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what",
        "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
        "with", "within", "without", "would", "yet", "you", "your",
    )
)  # fmt: skip
"""Function words of English: they say nothing about what a text is about."""

REPORTING_WORDS = frozenset(("say", "said", "says", "saying", "told", "tell", "tells"))
"""The verbs of reporting that every news sentence carries: no topic of their own."""

_IRREGULAR = {
    "denial": "deny", "denials": "deny", "children": "child", "men": "man", "women": "woman",
    "people": "person", "heard": "hear", "held": "hold", "saw": "see", "seen": "see",
    "found": "find", "made": "make", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "knew": "know", "known": "know", "thought": "think", "brought": "bring",
    "paid": "pay", "sent": "send", "spent": "spend", "won": "win", "lost": "lose",
    "fought": "fight", "bought": "buy", "caught": "catch", "built": "build", "began": "begin",
    "begun": "begin", "ran": "run", "wrote": "write", "written": "write", "spoke": "speak",
    "spoken": "speak", "chose": "choose", "chosen": "choose", "broke": "break",
    "broken": "break", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
    "flew": "fly", "flown": "fly", "grew": "grow", "grown": "grow", "threw": "throw",
    "thrown": "throw", "shot": "shoot", "struck": "strike", "sold": "sell", "met": "meet",
    "kept": "keep", "felt": "feel", "meant": "mean", "stood": "stand", "led": "lead",
    "hid": "hide", "hidden": "hide", "went": "go", "gone": "go", "came": "come",
    "became": "become", "got": "get", "gotten": "get", "dead": "die", "death": "die",
    "deaths": "die", "died": "die", "dying": "die", "bore": "bear", "fled": "flee",
    "sought": "seek", "taught": "teach", "wore": "wear", "drove": "drive", "driven": "drive",
    "told": "tell", "said": "say", "says": "say",
}  # fmt: skip
_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word, after its irregular form is made regular."""
    word = word.replace("’", "'").removesuffix("'s")
    return str(_STEMMER.stemWord(_IRREGULAR.get(word, word)))


def words(text: str) -> list[str]:
    """The text's words, case-folded, in order."""
    return WORD_RE.findall(text.casefold())


def terms(text: str, stop: frozenset[str] = STOP_WORDS) -> list[str]:
    """The stems of the words that carry meaning, in order (stop words and one-letter words out)."""
    return [
        stem(word)
        for word in words(text)
        if word not in stop and (len(word) >= 2 or word.isdigit())
    ]


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap of two sets of words: 1.0 when equal, 0.0 when disjoint or either is empty."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
