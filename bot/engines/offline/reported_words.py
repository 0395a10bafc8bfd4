"""Where a cue's reported words start and end: past the one told ("told Britain's Daily
Telegraph that …"), a time ("said on Monday that …") and "that"; back to the quotation that
closes before the speaker (`"…," X said`); and whether they are quoted.
"""

from __future__ import annotations

import re

from bot.engines.offline.attributed import Form

_QUOTE_CHARS = '"“”«»„'
_OBJECT_RE = re.compile(
    r"\s*(?:(?:the\s+(?:[A-Z][\w.&'’-]*\s+(?:(?:of|for|on|and)\s+(?:the\s+)?)?)*[A-Z][\w.&'’-]*|"
    r"reporters|journalists|lawmakers|parliament|the\s+(?:\w+\s+){0,3}?\w+|"
    r"(?:a|an)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+|him|her|them|us|me|"
    r"himself|herself|themselves|myself|ourselves|"
    r"(?:[A-Z][\w.&'’-]*)(?:\s+(?:[A-Z][\w.&'’-]*|of|for|the))*)\s*)?"
    r"(?:(?:on|in|at|late|last|earlier)\s+[\w,]+\s*)?"
)
_PARTICLE_RE = re.compile(r"\s+(?:out|back)\b(?!\s+(?:of|on|to|from|at)\b)", re.IGNORECASE)
_THAT_RE = re.compile(r"[\s,]*(?:that\b\s*)?")
_WHEN_THEN_THAT_RE = re.compile(
    r",?\s+(?:for|on|in|over|since|last|this|earlier|again|repeatedly|publicly|privately|"
    r"late|early)\b(?:\s+[\w'’-]+){0,3}?,?\s+that\b\s*",
    re.IGNORECASE,
)


def after_cue(text: str, match: re.Match[str]) -> int:
    position = match.end()
    particle = _PARTICLE_RE.match(text, position)
    if particle is not None:
        position = particle.end()  # "tweeted out a photo", "wrote back that …"
    if match.group().casefold().startswith(("told", "tell", "assur", "warn", "ask", "brief")):
        object_match = _OBJECT_RE.match(text, position)
        if object_match is not None:
            position = object_match.end()
    when = _WHEN_THEN_THAT_RE.match(text, position)
    if when is not None:
        return when.end()  # "claimed for weeks that …", "said on Monday that …"
    that = _THAT_RE.match(text, position)
    return that.end() if that else position


def last_closing_quote(left: str) -> int | None:
    """Where the speaker starts when `left` is `"…," X` (the quotation closes right before)."""
    for position in range(len(left) - 1, -1, -1):
        char = left[position]
        if char in "”»" or (char in "\"'" and position and left[position - 1] in ",.?!'"):
            rest = left[position + 1 :]
            return (
                position + 1
                if rest.strip(" ,") and not any(mark in rest for mark in _QUOTE_CHARS)
                else None
            )
    return None


def form_of(content: str) -> Form:
    return "direct" if any(char in content for char in _QUOTE_CHARS) else "indirect"
