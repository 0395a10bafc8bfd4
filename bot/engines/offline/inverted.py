"""The inverted forms, where the speaker follows the cue: `"…," said X`, "…, says X." and the
speaker set off inside the words ("The key to the plan, says X, is its cost")."""

from __future__ import annotations

import re

from bot.engines.offline.cues import PRONOUNS, QUOTE_CHARS, phrase_re
from bot.engines.offline.speaker_spans import NOT_AFTER_ABBREVIATION

INVERTED_VERBS = phrase_re(
    (
        "said", "says", "added", "wrote", "asked", "explained", "noted", "insisted", "argued",
        "recalled", "replied", "warned", "claimed", "continued", "declared", "stated",
        "answered", "responded", "tweeted", "writes", "adds", "notes", "argues", "insists",
    )
)  # fmt: skip
# A name or a description up to the punctuation after it.
NAMED = rf"([^,;:!?\"“”]+?)(?=[,;:!?\"“”]|{NOT_AFTER_ABBREVIATION}\.\s|\.?$)"
# After the speaker set off by commas the sentence goes on with its own verb.
_ASIDE_PREDICATE_RE = re.compile(
    r"(?:,[^,;:\"“”]{1,60})?,\s+(?:is|are|was|were|has|have|had|will|would|can|could|should|"
    r"may|might|must|remains|remained|lies|lay|seems|seemed|appears|appeared|comes|came|"
    r"means|meant|depends|depended|rests|rested)\b"
)


def speaker_after(text: str, match: re.Match[str]) -> re.Match[str] | None:
    """The speaker named after an inverted cue (`"…," said X`), matched on the text after it."""
    if not INVERTED_VERBS.fullmatch(match.group()):
        return None
    before = text[: match.start()].rstrip()
    if not before or before[-1] not in ",”\"»'":
        return None
    named = re.match(rf"\s+{NAMED}", text[match.end() :])
    if named is None or named.group(1).strip().casefold() in PRONOUNS:
        return None
    return named


def speaker_aside(text: str, match: re.Match[str]) -> bool:
    """ "The key to the plan, says X, is its cost": the speaker is set off inside the words."""
    named = speaker_after(text, match)
    if named is None:
        return False
    before = text[: match.start()].rstrip()
    if not before.endswith(",") or before[:-1].rstrip()[-1:] in QUOTE_CHARS:
        return False
    return _ASIDE_PREDICATE_RE.match(text, match.end() + named.end(1)) is not None
