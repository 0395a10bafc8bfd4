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
        # insisting on an act, asserting a right: no words reported
        "The harbour master will insist on inspecting every crane himself.",
        "The captain asserted her right to stay silent at the inquiry.",
        # a participle that takes "to be" or "to have" is a passive: nobody speaks
        "Skippers found to have fished without a licence lose their boats.",
        "Two men said to be armed were seen near the quay on Monday night.",
        # plurals of words that only end like a person's name no one
        "Numbers released on Monday suggested that the harbour was busier than ever.",
        # claiming lives or a prize, charging a price, recalling goods: no words reported
        "The flood claimed 40 lives in the old town.",
        "The harbour crew claimed the regional title for a third year.",
        "The ferry line charges drivers $40 for the short crossing.",
        "The harbour board charged a higher fee for night berths.",
        "The shipyard recalled 4,000 life jackets after a fault was found.",
        # "it is worth noting": the outlet's own aside
        "It is worth noting that the harbour fee is the highest in the region.",
    ],
)
def test_no_speaker_where_none_speaks(text: str) -> None:
    found = attributions(text)
    assert all(attribution is None for attribution in found), [
        attribution.speaker for attribution in found if attribution
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Quint resigned amid claims that she had rigged the tender.",
        "The board met Quint following reports that the tender was rigged.",
    ],
)
def test_a_cue_word_after_a_preposition_is_a_noun(sentence: str) -> None:
    found = attributions(f"Officials in Lomar met Edda Quint on Monday. {sentence}")
    assert found[-1] is None


def test_it_claiming_lives_reports_nothing() -> None:
    text = (
        "The harbour master said the storm was the worst in years. "
        "It claimed the lives of nine fishermen."
    )
    assert attributions(text)[-1] is None


def test_a_cue_inside_a_condition_reports_nobody_s_words() -> None:
    text = (
        "Under the charter, a club can be relegated only if a court finds that its "
        "owners hid debts from the league."
    )
    assert attributions(text) == [None]
