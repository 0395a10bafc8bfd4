"""Which language an article is written in, when the page does not say: py3langid's guess."""

from __future__ import annotations

from functools import cache
from typing import Any

_SAMPLE_CHARS = 4000
_MIN_LETTERS = 12
_MIN_CONFIDENCE = 0.5


@cache
def _identifier() -> Any:
    # The model loads in about a tenth of a second: only when a text needs a guess.
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def guess_language(text: str) -> str | None:
    """An ISO 639-1 code, or None for text with too few letters or no confident guess."""
    sample = text[:_SAMPLE_CHARS]
    if sum(1 for char in sample if char.isalpha()) < _MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    return str(code) if confidence >= _MIN_CONFIDENCE else None
