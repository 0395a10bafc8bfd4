"""Which language an article is written in, when the page does not say: py3langid's guess."""

from __future__ import annotations

from functools import cache
from typing import Any

_SAMPLE_CHARS = 4000
_MIN_LETTERS = 12
_MIN_CONFIDENCE = 0.5


@cache
def load_model() -> Any:
    """py3langid's identifier, loaded on first use: its model takes over half a second of CPU
    to decompress, so the extraction workers' fork server loads it before it forks them."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def guess_language(text: str) -> str | None:
    """An ISO 639-1 code, or None for text with too few letters or no confident guess."""
    sample = text[:_SAMPLE_CHARS]
    if sum(1 for char in sample if char.isalpha()) < _MIN_LETTERS:
        return None
    code, confidence = load_model().classify(sample)
    return str(code) if confidence >= _MIN_CONFIDENCE else None
