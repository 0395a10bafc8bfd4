"""Word lists as patterns: verbs inflected, phrases matched as whole words in one trie."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def inflect(verbs: Iterable[str]) -> list[str]:
    """Regular past, present and -ing forms of base verbs given as "say:said" or "claim"."""
    forms: list[str] = []
    for entry in verbs:
        base, _, irregular = entry.partition(":")
        forms.append(base)
        if irregular:
            forms.extend(irregular.split("|"))
        else:
            stem = base[:-1] if base.endswith("e") else base
            forms.append(stem + "ed")
            forms.append(stem + "ing")
        if base.endswith(("s", "sh", "ch", "x")):
            forms.append(base + "es")
        elif base.endswith("y") and base[-2:-1] not in "aeiou":
            forms.append(base[:-1] + "ies")
        else:
            forms.append(base + "s")
    return forms


def _alternation(words: Iterable[str]) -> str:
    """The words as one pattern shaped like a trie ("deni(?:ed|es)" rather than "denied|denies").

    Why: Python's regular expressions try the branches of an alternation one by one at every
    position, so a flat list of hundreds of phrases is slow; sharing prefixes makes each position
    cost one branch per letter. The longest phrase still wins, as greedy optional tails prefer
    going on; a space stands for any run of whitespace.
    """
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if ends else "")


def phrase_re(words: Iterable[str]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of the words or phrases as whole words."""
    return re.compile(rf"(?<![\w-])(?:{_alternation(words)})(?![\w-])", re.IGNORECASE)
