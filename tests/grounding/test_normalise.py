"""Normalised text: the plain form `normalise` gives is the one whose origins the finder maps."""

from __future__ import annotations

import random

import pytest

from bot.grounding.quote_match import NormalisedText, normalise

ALPHABET = "aZ9 \t\n\u00a0\u2009\u3000\x1c‘’“”«»–—…\u200b\u00ad\ufeffΣςİßﬁ.,'\"-"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\u200b \u200b",
        "  “Ferry fares rise” — the board… said\u00a0today.  ",
        "ΣΊΣΥΦΟΣ and the İzmir ﬁle",
        "line one\r\n\r\nline\u2028two\x1cend",
    ],
)
def test_normalise_gives_the_text_of_the_mapped_form(text: str) -> None:
    for fold_case in (False, True):
        assert (
            normalise(text, fold_case=fold_case)
            == NormalisedText.build(text, fold_case=fold_case).text
        )


def test_normalise_agrees_with_the_mapped_form_on_mixed_characters() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))
        for fold_case in (False, True):
            expected = NormalisedText.build(text, fold_case=fold_case).text
            assert normalise(text, fold_case=fold_case) == expected, repr(text)
