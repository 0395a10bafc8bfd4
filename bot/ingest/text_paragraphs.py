"""Paragraphs of pasted text, and the one normal form of spacing the intake gives every line.

Kept apart from `bot.ingest.extract` so that pasted text, which the bot reads in its own process,
does not import the HTML extraction stack (trafilatura, lxml), which only the extraction workers
need.
"""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Runs of whitespace as one space, soft hyphens and zero-width spaces gone, ends trimmed."""
    return _WHITESPACE.sub(" ", text.replace("\u00ad", "").replace("\u200b", "")).strip()


_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_TERMINAL = (
    ".",
    "!",
    "?",
    "…",
    ":",
    ";",
    '"',
    "”",
    "»",
    "'",
    "’",
    ")",
    "。",
    "！",
    "？",
    "」",
    "』",
)


def paragraphs_from_text(text: str) -> list[str]:
    """Split pasted text into paragraphs.

    Blocks are separated by blank lines. Inside a block, hard-wrapped lines (most of them not
    ending a sentence) are joined; otherwise each line is a paragraph of its own, which is how
    text copied from a web page usually arrives, except that a line running on into a
    lower-case continuation is joined to it.
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    paragraphs: list[str] = []
    for block in _BLANK_LINE.split(normalised):
        lines = [normalise_space(line) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            paragraphs.extend(_paragraphs_of_lines(lines))
    return paragraphs


def _paragraphs_of_lines(lines: list[str]) -> list[str]:
    if len(lines) == 1:
        return lines
    inner = lines[:-1]
    ended = sum(1 for line in inner if line.endswith(_TERMINAL))
    if ended * 2 < len(inner):
        return [" ".join(lines)]
    paragraphs = [lines[0]]
    for line in lines[1:]:
        previous = paragraphs[-1]
        if not previous.endswith(_TERMINAL) and line[:1].islower():
            paragraphs[-1] = f"{previous} {line}"
        else:
            paragraphs.append(line)
    return paragraphs
