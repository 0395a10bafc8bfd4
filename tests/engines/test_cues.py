import random
import re

import pytest

from bot.engines.offline.cue_guards import reports_in
from bot.engines.offline.cues import HEDGING_PHRASES, REFUTING_PHRASES, REPORTING_VERBS, phrase_re


def flat_pattern(words: list[str]) -> re.Pattern[str]:
    """The plain alternation, longest phrase first: what the trie-shaped pattern must equal."""
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@pytest.mark.parametrize(
    "words",
    [list(REPORTING_VERBS), list(REFUTING_PHRASES), list(HEDGING_PHRASES)],
    ids=["reporting verbs", "refuting phrases", "hedging phrases"],
)
def test_a_phrase_pattern_matches_exactly_what_the_plain_alternation_matches(
    words: list[str],
) -> None:
    chooser = random.Random(3)
    filler = ["the", "report", "not", "could", "be", "said", "x", "-", "de", "no", "un"]
    pieces = [*words, *filler]
    fast, plain = phrase_re(words), flat_pattern(words)
    for _ in range(300):
        text = " ".join(chooser.choice(pieces) for _ in range(12))
        text = text.replace(" ", chooser.choice([" ", "  ", "\n", " "]), 2)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_longest_phrase_wins_and_words_stay_whole() -> None:
    pattern = phrase_re(["not", "not proof", "not positive proof"])
    assert pattern.search("it is not positive proof of anything").group() == "not positive proof"
    assert pattern.search("it was notable") is None
    assert pattern.search("a not-proof") is None


@pytest.mark.parametrize(
    ("sentence", "reports"),
    [
        ("Falk said the cracks were new, adding that the quarry was the cause.", 2),
        ("Falk said the cracks were new and warned that more would follow.", 2),
        ('Falk said the cracks were "what we said they would be."', 1),
        ("Falk said the quarry's report was late.", 1),
        ("The quarry reopened on Monday.", 0),
    ],
)
def test_the_reports_a_sentence_holds_outside_its_quotations(sentence: str, reports: int) -> None:
    assert reports_in(sentence) == reports
