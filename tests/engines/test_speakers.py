"""Who speaks, as a reader of the brief would judge it: whole names, never fragments, never
things that cannot speak, and no speaker lent by the page's furniture. Every article here was
written for the test."""

from __future__ import annotations

import pytest

from bot.engines.offline.speakers import cannot_speak, the_body, the_named_body, whole_name
from tests.engines.attributions import NAMES, attributions, brief_of, items, only, speakers


def test_a_description_after_the_name_is_part_of_the_speaker() -> None:
    text = f'{NAMES}\n\n"We saw no sign of a leak," said Ilse Varga, a port spokeswoman, on Monday.'
    assert speakers(text) == ["Ilse Varga, a port spokeswoman"]


def test_a_dateline_is_not_part_of_the_speaker() -> None:
    text = f"{NAMES}\n\nLOMAR, Norland (Reuters) — Edda Quint said on Monday the pier was unsafe."
    assert speakers(text) == ["Edda Quint"]


@pytest.mark.parametrize(
    "sentence",
    [
        # a clause that opens with a subordinator is not a party
        "If the council's plan fails, the harbour rejected any blame for the flooding.",
        "Once Varga released the tide tables, the delay became clear to everyone.",
        # a predicate after a comma is not a speaker
        "The new gauge, called Tidewatch, collects readings from sensors along the quay, "
        "providing a full picture of the water level.",
        "After the storm, the port authority, which runs the quay, posted a notice warning that "
        "the pier was closed.",
        # a verb and the material it handles, though the material could speak
        "The new tide gauge called Tidewatch, collects data from a variety of sensors "
        "connected to the quay providing a full view of the water level.",
        "The harbour office, publishes figures on every ship calling at the quay showing "
        "that traffic has doubled.",
    ],
)
def test_fragments_are_never_speakers(sentence: str) -> None:
    for found in attributions(f"{NAMES}\n\n{sentence}"):
        if found is None:
            continue
        first = found.speaker.split()[0].casefold()
        assert first not in ("if", "once", "collects", "posted", "providing", "publishes")


@pytest.mark.parametrize(
    "sentence",
    [
        "The two ministers dodged awkward questions about the pier at the meeting.",
        "The harbour pilots faced angry questions from the ferry crews all week.",
    ],
)
def test_a_subject_with_its_verb_and_object_is_no_speaker(sentence: str) -> None:
    assert speakers(f"{NAMES}\n\n{sentence}") == []


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Only a third of registered dockers agreed that the pier was safe.", "a third"),
        ("Quint's retired father told reporters that the pier had always leaked.", "father"),
        ("Dockers interviewed last week said the pier was unsafe.", "Dockers"),
    ],
)
def test_a_participle_before_or_after_a_noun_still_leaves_a_speaker(
    sentence: str, speaker: str
) -> None:
    found = speakers(f"{NAMES}\n\n{sentence}")
    assert len(found) == 1
    assert speaker in found[0]


def test_state_as_a_modifier_is_no_cue_and_its_title_speaks() -> None:
    text = f"{NAMES}\n\nThe Lomar state attorney general is confirming that the pier is closed."
    assert speakers(text) == ["The Lomar state attorney general"]
    assert speakers(f"{NAMES}\n\nHarbour officials state that the pier is closed.") == [
        "Harbour officials"
    ]


def test_a_function_word_opening_a_sentence_is_no_first_name() -> None:
    text = (
        "Both Varga and Quint want the pier rebuilt.\n\n"
        "Varga is under fire for the delay.\n\n"
        "He said the work would start soon."
    )
    assert speakers(text)[-1] == "Varga"


def test_the_subject_before_a_relative_clause_speaks_the_participle() -> None:
    text = (
        f"{NAMES}\n\nAfter the storm, the port authority, which runs the quay, "
        "posted a notice warning that the pier was closed."
    )
    assert speakers(text) == ["the port authority"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Quint added a second pier to the plan in May and Varga added 40 berths.",
        "The northern state's governor backed the plan to reopen the quay.",
        "The harbour master, known as Captain Quint, runs the quay.",
        "The town sells a 40-euro charging cable for the ferry's batteries.",
        "Their old record shop stood on the quay in Lomar for a decade.",
        "A report by the Quay Institute, a Lomar-based think tank, was cited in May.",
    ],
)
def test_cue_words_that_report_no_words_make_no_attribution(sentence: str) -> None:
    assert speakers(f"{NAMES}\n\n{sentence}") == []


def test_a_second_report_in_the_same_sentence_is_covered() -> None:
    text = f'{NAMES}\n\n"The pier is closed," Quint said, adding that repairs would take a year.'
    found = [found for found in attributions(text) if found is not None]
    assert len(found) == 1
    assert "repairs would take a year" in text[found[0].content_start : found[0].content_end]


def test_a_participle_is_spoken_by_the_subject_after_an_opening_phrase() -> None:
    text = f"{NAMES}\n\nLater that week, Edda Quint wrote to the council accusing it of neglect."
    assert speakers(text) == ["Edda Quint"]


def test_things_that_cannot_speak_are_not_named_as_offering_evidence() -> None:
    brief = brief_of(
        [
            "The harbour union accused the port of ignoring cracks in the pier.",
            "Security footage shows a crane striking the pier in April.",
            "The harbour's maintenance logs show the cracks were reported twice.",
        ]
    )
    by = {item.quote[:8]: item.by for item in brief.evidence}
    assert by["Security"] is None
    assert by["The harb"] == "The harbour's maintenance logs"


@pytest.mark.parametrize(
    "phrase", ["a dual-band mesh router", "the new phones", "Its electric vehicles"]
)
def test_devices_cannot_speak(phrase: str) -> None:
    assert cannot_speak(phrase)


@pytest.mark.parametrize("phrase", ["the phone maker", "car dealers", "the router's maker"])
def test_makers_of_devices_can_speak(phrase: str) -> None:
    assert not cannot_speak(phrase)


def test_an_outside_expert_does_not_crowd_out_the_parties_claims() -> None:
    brief = brief_of(
        [
            "The harbour union accused the port of Lomar of hiding cracks in the north pier.",
            "The union said divers had reported the cracks in March.",
            "The union said the port had kept the pier open to meet its cargo targets.",
            "Edda Quint, a union official, said the port had ignored three written warnings.",
            "Varga, the port's director, told reporters the pier was inspected every month.",
            "Prof. Ana Roth of Lomar University said piers of that age often crack in winter.",
        ]
    )
    assert all("Roth" not in (item.by or "") for item in brief.claims)


def test_captions_and_bylines_are_never_items_nor_lend_a_speaker() -> None:
    brief = brief_of(
        [
            "By Tom Hale and Ana Ruiz, Lomar Herald",
            "Edda Quint says the pier is unsafe. (Photo: Tom Hale/Reuters)",
            "The harbour union accused the port of Lomar of hiding cracks in the north pier.",
            "“It will take months to repair,” she said.",
            "Ana Ruiz reported from Lomar.",
        ]
    )
    quotes = [item.quote for item in [*brief.claims, *brief.denials, *brief.evidence]]
    assert not any("Photo" in quote or "reported from" in quote for quote in quotes)
    assert not any(quote.startswith("By ") for quote in quotes)
    assert all(by != "Edda Quint" for by, _text in items(brief))


def test_item_text_has_no_doubled_final_mark() -> None:
    brief = brief_of(
        [
            "The harbour union accused the port of Lomar of hiding cracks in the north pier.",
            'Quint said the blame lay with "the port\'s owners."',
            "Varga said the cracks were “cosmetic.”",
        ]
    )
    for _by, text in items(brief):
        assert not text.endswith(('.".', ".”.", "..")), text


def test_an_open_question_about_what_comes_next_is_not_an_unverified_point() -> None:
    brief = brief_of(
        [
            "The harbour union accused the port of Lomar of hiding cracks in the north pier.",
            "It is unclear whether the council will vote on the repairs before the winter.",
            "The divers' report could not be independently verified.",
        ]
    )
    quotes = [item.quote for item in brief.unverified]
    assert quotes == ["The divers' report could not be independently verified."]


def test_a_pronoun_is_resolved_to_the_person_just_named() -> None:
    text = (
        f"{NAMES}\n\nThe harbour union said the pier had been closed since May.\n\n"
        'Edda Quint walked along the quay on Tuesday. "We will rebuild it," she said.'
    )
    assert speakers(text) == ["The harbour union", "Edda Quint"]


def test_a_surname_named_as_a_subject_lends_the_whole_name_to_a_later_he() -> None:
    brief = brief_of(
        [
            "The ferry line was sold in spring to a fund run by the investor Tomas Wyrick.",
            "Wyrick has run three shipping firms on the coast.",
            "He has repeatedly denied cutting the crews' pay.",
        ]
    )
    assert [(denial.by, denial.quote) for denial in brief.denials] == [
        ("Tomas Wyrick", "He has repeatedly denied cutting the crews' pay.")
    ]


def test_a_group_named_with_a_plural_verb_is_whom_a_later_they_means() -> None:
    text = (
        "The dockers accused Harrow Freight of locking them out of the yard.\n\n"
        "Harrow Freight have denied any lockout.\n\n"
        '"The yard was closed for repairs," they said in a statement.'
    )
    found = attributions(text)
    assert found[-1] is not None
    assert found[-1].speaker == "Harrow Freight"


def test_they_does_not_mean_a_single_person_named_just_before() -> None:
    text = (
        "The dockers accused the port authority of closing the yard.\n\n"
        "Lena Harrow was at the gate on Monday.\n\n"
        '"We were never told why," they said.'
    )
    found = attributions(text)
    assert found[-1] is not None
    assert found[-1].speaker != "Lena Harrow"


def test_an_item_never_opens_with_a_verb_s_particle_or_a_bare_infinitive() -> None:
    brief = brief_of(
        [
            "Rumours spread online that the actor Dale Orwin had died.",
            "His agent Mara Finch tweeted out a photo of Orwin holding today's paper.",
            "The company has hired a lawyer and intends to pursue legal action against the site.",
        ]
    )
    texts = [text for _, text in items(brief)]
    assert "A photo of Orwin holding today's paper." in texts
    assert (
        "The company has hired a lawyer and intends to pursue legal action against the site."
        in texts
    )
    assert not any(text.split()[0] in ("Out", "To") for text in texts)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Shoppers were worried, although Nia Lund, 48, a baker, said the "
            "market had never been safer.",
            "Nia Lund",
        ),
        ('"We will rebuild," says Jo Roe in a statement dated, August 7.', "Jo Roe"),
        ('"We will rebuild," said Jo Roe in a radio interview on Monday.', "Jo Roe"),
    ],
)
def test_a_speaker_is_neither_an_age_nor_the_occasion_of_speaking(text: str, speaker: str) -> None:
    assert speakers(text)[-1].startswith(speaker)


def test_single_quote_marks_around_the_words_do_not_stay_in_the_item_text() -> None:
    brief = brief_of(
        [
            "Officials in Lomar met Ilse Varga on Monday.",
            "'The pier will reopen in the spring,' Ilse Varga, the harbour master, said.",
        ]
    )
    assert [text for _, text in items(brief)] == ["The pier will reopen in the spring."]


def test_material_named_before_the_subject_is_its_medium_not_its_source() -> None:
    brief = brief_of(
        [
            "Ferries to Lomar were cancelled for a week in March.",
            "In its annual report, the harbour board suggested that the pier was beyond repair.",
        ]
    )
    assert [item.by for item in brief.evidence] == ["the harbour board"]


def test_a_claim_and_the_quotation_its_speaker_goes_on_with_are_one_item() -> None:
    brief = brief_of(
        [
            "Ferries to Lomar were cancelled for a week in March.",
            'Harbour master Ilse Varga said the pier had cracked in two places. "Nobody '
            'should walk on it until the divers are done," she said.',
        ]
    )
    quotes = [item.quote for item in brief.claims]
    assert quotes == [
        'Harbour master Ilse Varga said the pier had cracked in two places. "Nobody should '
        'walk on it until the divers are done," she said.'
    ]


def test_a_denial_and_a_claim_of_the_same_speaker_stay_apart() -> None:
    brief = brief_of(
        [
            "Dockers accused the Lomar port board of hiding the cracks in the pier.",
            "Harbour master Ilse Varga denied that any cracks had been hidden. "
            '"We will publish every survey next week," she said.',
        ]
    )
    assert any("denied" in item.quote and "publish" not in item.quote for item in brief.denials)


@pytest.mark.parametrize(
    ("thing", "pronoun"),
    [
        ("The leaked spreadsheet says", "he"),
        ("The Zephyr handset, the firm's newest product, says", "she"),
        ("The flood simulation says", "they"),
    ],
)
def test_he_she_or_they_never_stands_for_a_thing(thing: str, pronoun: str) -> None:
    text = (
        f"{NAMES}\n\n{thing} that the council paid twice for the same road. "
        f'"Nobody checked the bills," {pronoun} said.'
    )
    found = attributions(text)
    assert found[-1] is not None
    assert found[-1].unresolved


def test_a_person_or_a_group_named_by_a_plain_noun_is_no_thing() -> None:
    text = (
        f"{NAMES}\n\nThe couple said the council paid twice for the same road. "
        '"Nobody checked the bills," they said.'
    )
    assert speakers(text) == ["The couple", "The couple"]


def test_a_quotation_opening_the_next_paragraph_goes_on_with_the_claim() -> None:
    brief = brief_of(
        [
            "Ferries to Lomar were cancelled for a week in March.",
            "Harbour master Ilse Varga said the pier had cracked in two places.",
            '"Nobody should walk on it until the divers are done," she said.',
            "The council will meet on Friday.",
        ]
    )
    assert [item.quote for item in brief.claims] == [
        "Harbour master Ilse Varga said the pier had cracked in two places.\n\n"
        '"Nobody should walk on it until the divers are done," she said.'
    ]


def test_several_bodies_named_as_a_subject_are_whom_a_later_they_means() -> None:
    text = (
        "Officials in Lomar met the port board on Monday.\n\n"
        "Nine councils have sued the port board.\n\n"
        '"The board ignored every warning about the pier," they said.'
    )
    found = attributions(text)
    assert found[-1] is not None
    assert found[-1].speaker == "Nine councils"


def test_a_section_label_run_into_a_sentence_is_no_part_of_the_speaker() -> None:
    text = "Summary Studies show that night blasting raises complaints in quarry towns."
    found = only(text)
    assert found.speaker == "Studies"


def test_a_surname_speaks_under_the_whole_name_given_before() -> None:
    named = ["Tove Lind, the harbour master", "Lind", "Lind and Berg", "both Ask and Berg"]
    assert whole_name("Lind", named) == "Tove Lind"
    assert whole_name("Berg", named) == "Berg"  # only ever named jointly with another
    assert whole_name("Lind", ["Tove Lind", "Ari Lind"]) == "Lind"  # two people of one name
    assert whole_name("Ms. Lind", ["Tove Lind"]) == "Tove Lind"


def brief_speakers(text: str) -> set[str | None]:
    return {by for by, _ in items(brief_of(text.split("\n\n")))}


def test_a_brief_names_a_speaker_in_full() -> None:
    text = (
        "Tove Lind, the harbour master, said the pier would close for a month of repairs.\n\n"
        "The ferry company said its boats would sail from the north quay instead.\n\n"
        '"Nobody will be stranded on the island," Lind said on Tuesday.'
    )
    speakers = brief_speakers(text)
    assert "Lind" not in speakers
    assert "Tove Lind" in speakers


def test_the_body_described_speaks_under_the_name_it_was_given_before() -> None:
    bodies = ["the Northern Harbour Authority, which runs the port", "the ferry union"]
    assert the_named_body("authority", bodies) == "the Northern Harbour Authority"
    assert the_named_body("group", bodies) is None  # no named body ends in the noun
    assert the_body("The authority") == "authority"
    assert the_body("The Authority of Lomar") is None  # a name, not a description


def test_a_brief_names_the_body_a_later_description_stands_for() -> None:
    text = (
        "The Northern Harbour Authority said the pier would close for a month of repairs.\n\n"
        "Ferries will sail from the north quay while the work goes on, officials said.\n\n"
        "The authority said the repairs would cost less than a new pier."
    )
    speakers = brief_speakers(text)
    assert "The authority" not in speakers
    assert "The Northern Harbour Authority" in speakers
