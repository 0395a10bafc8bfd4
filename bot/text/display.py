"""Text from pages and users made safe to show: no bidi overrides, and a test for visible text.

An embedding, override or isolate control (U+202A-U+202E, U+2066-U+2069) that a quote leaves
open reorders whatever the bot prints after it on the same line, so a page could make the
speaker of a quote read as someone else. These controls are removed; the implicit bidi
algorithm still lays out right-to-left scripts correctly without them.
"""

from __future__ import annotations

import unicodedata

__all__ = ["BIDI_CONTROLS", "display_safe", "has_visible_text"]

BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_STRIP_BIDI = {ord(control): None for control in BIDI_CONTROLS}
# Letters by category that render as blank space: Hangul fillers and the Khmer inherent vowels.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u17b4\u17b5")


def display_safe(text: str) -> str:
    """`text` without bidi embedding, override and isolate controls."""
    return text.translate(_STRIP_BIDI)


def has_visible_text(text: str) -> bool:
    """Whether any character is a letter or digit a reader can see."""
    return any(
        unicodedata.category(character)[0] in "LN" and character not in _BLANK_LETTERS
        for character in text
    )
