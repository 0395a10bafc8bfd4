"""The page's furniture: bylines, photo captions and credits, datelines on a line of their own,
related-story links and promotion lines, and headlines standing between paragraphs.

Why in the engine as well as at intake: cleaning drops what it can tell from a paragraph alone,
but pasted text, a headline kept as a subheading or a caption glued to the story still reach the
engine; none of them is a statement of the story, and none may lend a speaker to the sentences
after it. The families are the intake's own (`boilerplate_reason`, `is_headline`), so there is
one judgement of what furniture looks like.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

from bot.ingest.boilerplate import boilerplate_reason
from bot.ingest.clean import is_headline
from bot.text.sentences import Sentence

# Only short paragraphs can be furniture; a long one is prose whatever its first words.
_MAX_WORDS = 30
# A dateline standing alone: "WASHINGTON —", "Lomar, Norland (Reuters) -".
_DATELINE_ONLY_RE = re.compile(
    r"^[A-Z][\w.'’-]*(?:[\s,]+[A-Z][\w.'’-]*){0,3}\s*(?:\([\w. ]{1,20}\))?\s*(?:—|–|--|-)\s*$"
)


def furniture(sentences: Sequence[Sentence]) -> frozenset[int]:
    """Indexes of the sentences that belong to the page's furniture."""
    found: set[int] = set()
    for _paragraph, group in groupby(sentences, key=lambda sentence: sentence.paragraph):
        members = list(group)
        text = " ".join(sentence.text for sentence in members)
        if len(text.split()) > _MAX_WORDS:
            continue
        if _is_furniture(text):
            found.update(sentence.index for sentence in members)
    return frozenset(found)


def _is_furniture(text: str) -> bool:
    stripped = text.strip()
    if is_headline(stripped) or _DATELINE_ONLY_RE.match(stripped):
        return True
    return boilerplate_reason(stripped) is not None
