"""Forms of attribution within a sentence, and who the speaker is: the whole name with its title
or description, the subject of a participle or a subordinate clause, whoever holds a view,
offers evidence or makes a demand."""

from __future__ import annotations

import pytest

from tests.engines.attributions import attributions, content, only


@pytest.mark.parametrize(
    ("text", "speaker", "said"),
    [
        (
            "Harbour master Edda Quint said the pier had been closed since May.",
            "Harbour master Edda Quint",
            "the pier had been closed since May.",
        ),
        (
            "The pier had been closed since May, Harbour master Edda Quint said on Tuesday.",
            "Harbour master Edda Quint",
            "The pier had been closed since May",
        ),
        (
            '"The pier is closed," said Edda Quint, the harbour master.',
            "Edda Quint, the harbour master",
            '"The pier is closed,"',
        ),
        (
            '"The pier is closed," Edda Quint told Reuters.',
            "Edda Quint",
            '"The pier is closed,"',
        ),
        (
            "Edda Quint told Reuters that the pier had been closed since May.",
            "Edda Quint",
            "the pier had been closed since May.",
        ),
        (
            "The pier had been closed since May, according to a spokesman for the Port Authority.",
            "a spokesman for the Port Authority",
            "The pier had been closed since May",
        ),
        (
            "According to port officials, the pier had been closed since May.",
            "port officials",
            "the pier had been closed since May.",
        ),
        (
            "Edda Quint, who has run the harbour for a decade, said the pier was unsafe.",
            "Edda Quint",
            "the pier was unsafe.",
        ),
        (
            "The government of Norland on Friday accused Sadar of closing the pier.",
            "The government of Norland",
            "Sadar of closing the pier.",
        ),
    ],
)
def test_forms_of_attribution(text: str, speaker: str, said: str) -> None:
    found = only(text)
    assert found.speaker == speaker
    assert content(text, found) == said


def test_title_and_name_in_apposition_are_kept_together() -> None:
    found = only("Sadar's interior minister, Omar Velt, said no boat had left the port.")
    assert found.speaker == "Sadar's interior minister, Omar Velt"
    assert found.kind == "person"


def test_anonymous_source_is_marked() -> None:
    text = (
        "A senior official, speaking on condition of anonymity because he was not allowed "
        "to brief the press, said the pier would reopen."
    )
    found = only(text)
    assert found.speaker == "A senior official"
    assert found.anonymous


def test_a_cue_inside_a_quotation_does_not_make_the_speaker() -> None:
    text = '"Nobody said it would be easy," the mayor told residents.'
    found = only(text)
    assert found.speaker == "the mayor"


def test_evidence_offered_is_attributed_to_whoever_offers_it() -> None:
    text = "The ministry released photographs that show a crack along the pier."
    found = only(text)
    assert found.speaker == "The ministry"
    assert found.form == "evidence"


def test_a_participle_cue_is_spoken_by_the_subject_of_the_sentence() -> None:
    text = (
        "Critics wrote to Governor Alma Reyes.\n\n"
        "Reyes defended the budget on Monday, saying that the cuts would be reversed in spring."
    )
    found = attributions(text)[1]
    assert found is not None
    assert found.speaker == "Reyes"
    assert content(text, found) == "the cuts would be reversed in spring."


def test_a_long_apposition_leaves_the_name_as_the_speaker() -> None:
    text = (
        "Officials met Ada Greve in May.\n\n"
        '"It is an invasion of the regional domain," Ada Greve, the attorney general of the '
        "northern province, one of the provinces suing the ministry, said on Friday."
    )
    found = attributions(text)[1]
    assert found is not None
    assert found.speaker == "Ada Greve"


def test_the_subject_of_a_subordinate_clause_speaks() -> None:
    text = (
        "Reporters asked Governor Ilse Marr about the port.\n\n"
        "The union met on Friday, shortly after Marr said the port would stay open all winter."
    )
    found = attributions(text)[1]
    assert found is not None
    assert found.speaker == "Marr"
    assert content(text, found) == "the port would stay open all winter."


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a title's full stop does not end the name
        (
            '"The channel is open again," said Vice Adm. Tomas Reyl, a navy spokesman.',
            "Vice Adm. Tomas Reyl, a navy spokesman",
        ),
        ('"We saw nothing," said Dr. Ilse Varga.', "Dr. Ilse Varga"),
        ("The wells are dry, according to Gov. Rena Hollis.", "Gov. Rena Hollis"),
        # a share of people asked speaks for them
        (
            "Nearly 40 percent of farmers said the subsidy came too late.",
            "Nearly 40 percent of farmers",
        ),
        # a time before the speaker is not part of it
        ("In 2019, inspectors at the mill said the boilers were unsafe.", "inspectors at the mill"),
    ],
)
def test_speaker_is_the_whole_name(text: str, speaker: str) -> None:
    assert only(text).speaker == speaker


def test_headline_cue_in_title_case_still_reads() -> None:
    found = only("Port Authority Says Ferries Will Resume Within a Week")
    assert found.speaker == "Port Authority"


def test_pushed_back_still_refutes() -> None:
    found = only("The mayor pushed back against the claim that the tender was rigged.")
    assert found.speaker == "The mayor"


@pytest.mark.parametrize(
    ("text", "speaker", "said"),
    [
        # a state of mind made known is attributed like speech
        (
            "Harbour officials fear the storm will close the port for a week.",
            "Harbour officials",
            "the storm will close the port for a week.",
        ),
        # a participle without a comma is still spoken by the subject of the sentence
        (
            "The mayor unveiled the bridge plan on Monday calling it the town's best chance.",
            "The mayor",
            "it the town's best chance.",
        ),
    ],
)
def test_who_holds_the_view(text: str, speaker: str, said: str) -> None:
    found = only(text)
    assert (found.speaker, content(text, found)) == (speaker, said)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Local fishermen urged the council to reopen the pier.", "Local fishermen"),
        ("The union is demanding that the pier reopen before the season.", "The union"),
        ("Harbour traders want the pier reopened before the season.", "Harbour traders"),
    ],
)
def test_wishes_and_demands_are_attributed(text: str, speaker: str) -> None:
    assert only(text).speaker == speaker


def test_a_described_speaker_with_a_name_in_apposition_after_the_words_speaks_them() -> None:
    text = "The pier was closed in May, the harbour master, Oren Vale, said on Monday."
    found = only(text)
    assert found.speaker == "the harbour master, Oren Vale"
    assert content(text, found) == "The pier was closed in May"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a past tense with its object ends the speaker at its subject
        (
            "The ferry stayed in port while Edda Quint drafted a complaint accusing the council "
            "of neglect.",
            "Edda Quint",
        ),
        ("Edda Quint signed the order on Friday, saying the pier was unsafe.", "Edda Quint"),
    ],
)
def test_a_speaker_phrase_stops_before_its_own_verb(text: str, speaker: str) -> None:
    found = attributions(f"Officials in Lomar met Edda Quint on Monday. {text}")
    assert found[-1] is not None
    assert found[-1].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a participle or adjective that describes the speaker stays with it
        (
            "Officials familiar with the talks said the pier would reopen in May.",
            "Officials familiar with the talks",
        ),
        ("Aides loyal to the mayor said the pier would reopen.", "Aides loyal to the mayor"),
        ("Divers based in the harbour said the pier had cracked.", "Divers based in the harbour"),
        # a plain noun for people may open the sentence
        ("Shoppers said the market had never been safer.", "Shoppers"),
    ],
)
def test_people_named_by_a_plain_noun_keep_their_description(text: str, speaker: str) -> None:
    found = attributions(f"Officials in Lomar met Edda Quint on Monday. {text}")
    assert found[-1] is not None
    assert found[-1].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # an adverb between the subject and the cue, or before the subject's own verb
        ("Quint now says she opposes the plan to close the pier.", "Quint"),
        (
            "Quint frequently mocked the board for hiding the survey, claiming that the pier "
            "had cracked.",
            "Quint",
        ),
        (
            "Quint generally backed the board during her years on the council, and said she "
            "would back it again.",
            "Quint",
        ),
        # a pronoun with "is" or "has" run on to it
        ("Quint met the board. She’s claiming that the pier is unsafe.", "Edda Quint"),
        # a second party owned by the first
        ("The union and its lawyers say the pier is open.", "The union and its lawyers"),
        # a semicolon ends the words before the speaker
        ("It is an unlikely outcome; Quint's union says the pier will stay open.", "Quint's union"),
    ],
)
def test_the_speaker_is_found_past_adverbs_contractions_and_semicolons(
    text: str, speaker: str
) -> None:
    found = [found for found in attributions(f"Officials in Lomar met Edda Quint.\n\n{text}")]
    assert found[-1] is not None
    assert found[-1].speaker == speaker
