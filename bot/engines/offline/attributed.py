"""An attributed sentence: who said it, with what cue, and which of its words they said."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.engines.offline.cues import PRONOUNS
from bot.engines.offline.speakers import SpeakerKind, strength
from bot.text.sentences import Sentence

Form = Literal["direct", "indirect", "according", "evidence", "carried"]


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attributed sentence: who said it, with what cue, and which words they said."""

    sentence: Sentence
    speaker: str
    mention: str
    cue: str
    content_start: int
    content_end: int
    form: Form
    kind: SpeakerKind
    anonymous: bool = False

    @property
    def strength(self) -> float:
        return strength(self.kind, self.anonymous)

    @property
    def unresolved(self) -> bool:
        """The speaker is a pronoun the rules could not tie to anyone named."""
        return self.speaker.casefold() in PRONOUNS
