"""No speaker where none speaks: the reporter's own background, names that contain a cue word,
cue words used as nouns or other verbs, and things that cannot speak."""

from __future__ import annotations

import pytest

from tests.engines.attributions import attributions


def test_reporter_background_is_not_attributed() -> None:
    text = (
        "The pier was built in 1904. Storms damaged it twice last winter. The report could "
        "not be confirmed. Officials are expected to say more on Monday."
    )
    assert attributions(text) == [None, None, None, None]


@pytest.mark.parametrize(
    "text",
    [
        # a capitalised cue word inside a name is not the verb
        "The United States has been building a second runway at the base since spring.",
        "A visit by the Secretary of State John Mell was delayed by the weather.",
        # a cue word after "of" or a possessive is a noun
        "Officers burned tens of thousands of records before the station was abandoned.",
        "The gallery's report was finished in March and printed in a small run.",
        # a particle makes it another verb
        "The former champion showed up at the ceremony in a borrowed suit.",
        # "without saying" reports nothing
        "The harbour board closed the pier without saying why it had done so.",
        # "push" refutes only when pushed back
        "The minister pushed the reform through the cabinet before the summer break.",
        # things that cannot speak
        "The footage showed the guards leaving the depot an hour early.",
        "The dockworker's murder fuelled claims that the union was targeted.",
    ],
)
def test_no_speaker_where_none_speaks(text: str) -> None:
    found = attributions(text)
    assert all(attribution is None for attribution in found), [
        attribution.speaker for attribution in found if attribution
    ]
