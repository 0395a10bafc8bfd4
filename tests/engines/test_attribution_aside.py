"""A speaker set off by commas inside the reported words: "The key to it, says X, is …"."""

import pytest

from tests.engines.attributions import content, only


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The heart of the dispute, says Ines Varga, is the river's new course.", "Ines Varga"),
        (
            "The trouble with the levy, said Ortiz, a council member, was its timing.",
            "Ortiz, a council member",
        ),
        ("What the town lacks, says the mayor, is a second bridge.", "the mayor"),
    ],
)
def test_the_speaker_in_an_aside_speaks_the_whole_sentence(text: str, speaker: str) -> None:
    found = only(text)
    assert found.speaker == speaker
    assert content(text, found) == text


def test_a_closing_attribution_is_not_an_aside() -> None:
    text = "The levy came too late, said Ortiz, a council member."
    found = only(text)
    assert found.speaker == "Ortiz, a council member"
    assert content(text, found) == "The levy came too late"


def test_a_speaker_before_the_verb_is_not_an_aside() -> None:
    text = "The mayor, who took office in May, said the bridge would be built."
    found = only(text)
    assert found.speaker == "The mayor"
    assert content(text, found) == "the bridge would be built."
