"""A speaker carried beyond the attributed sentence: pronouns, running quotations, transcript
turns, signed quotations, and names inside them that do not take them over."""

from __future__ import annotations

from tests.engines.attributions import attributions, content, only


def test_pronoun_continues_the_last_named_speaker() -> None:
    text = "Edda Quint said the pier was unsafe. She added that repairs would take a year."
    first, second = attributions(text)
    assert first is not None
    assert second is not None
    assert second.speaker == "Edda Quint"
    assert second.mention == "She"
    assert content(text, second) == "repairs would take a year."


def test_quotation_after_the_attributed_sentence_keeps_its_speaker() -> None:
    text = (
        '"The pier is unsafe," Edda Quint said. "Nobody should walk on it."\n\n'
        '"We have warned the council twice."\n\nThe council did not respond.'
    )
    found = attributions(text)
    assert [a.speaker if a else None for a in found] == [
        "Edda Quint",
        "Edda Quint",
        "Edda Quint",
        None,
    ]
    assert found[1] is not None
    assert found[1].form == "carried"


def test_unresolved_pronoun_stays_as_written() -> None:
    found = only('"Nobody warned us," she said.')
    assert found.unresolved


def test_a_stage_direction_is_nobody_s_words_and_keeps_the_turn() -> None:
    text = (
        "The debate with Ilse Marr was broadcast on Sunday.\n\n"
        "MARR: Look, the port is safe. (CROSSTALK.) Nobody was hurt on the quay."
    )
    found = attributions(text)
    assert found[2] is None
    assert found[3] is not None
    assert found[3].speaker == "MARR"


def test_a_sentence_in_brackets_is_prose_not_a_stage_direction() -> None:
    text = "The debate with Ilse Marr was broadcast on Sunday.\n\n(Marr said it was shut.)"
    found = attributions(text)
    assert found[-1] is not None
    assert found[-1].speaker == "Marr"


def test_a_transcript_turn_belongs_to_the_name_before_the_colon() -> None:
    text = (
        "The interview with Ilse Marr was broadcast on Sunday.\n\n"
        "MARR: Look, the port is safe. Nobody was hurt.\n\n"
        "Update: The port reopened at noon.\n\n"
        "Marr: We will publish the inspection next week."
    )
    found = attributions(text)
    turn, rest, update, headline_form = found[1], found[2], found[3], found[4]
    assert turn is not None
    assert turn.speaker == "MARR"
    assert content(text, turn) == "Look, the port is safe."
    assert rest is not None
    assert rest.speaker == "MARR"
    assert update is None  # a label, not a speaker
    assert headline_form is not None
    assert headline_form.speaker == "Marr"


def test_a_quotation_signed_with_a_dash_is_the_signers() -> None:
    text = (
        "Readers wrote about the Orlen bridge closure, among them Nadia Voss and Piet Ahn.\n\n"
        "“The detour adds an hour to my day. Nobody asked the people who cross it.”\n"
        "― Nadia Voss, 41, of Orlen\n\n"
        "“I have walked that bridge for thirty years.”― Piet Ahn."
    )
    quotation, signature, other = attributions(text)[1:]
    assert quotation is not None
    assert quotation.speaker == "Nadia Voss"
    assert signature is None  # the signature line itself says nothing
    assert other is not None
    assert other.speaker == "Piet Ahn"
    assert content(text, other) == "“I have walked that bridge for thirty years.”"


def test_doubled_apostrophes_quote_like_double_quotes() -> None:
    text = (
        "Mayor Tove Lind spoke to the council.\n\n"
        "''This is not reform,'' said Tove Lind, the mayor. ''It is a rebranding.''"
    )
    found = attributions(text)
    said, carried = found[1], found[2]
    assert said is not None
    assert said.speaker == "Tove Lind, the mayor"
    assert carried is not None
    assert carried.speaker == "Tove Lind, the mayor"  # the quotation runs on with its speaker


def test_first_person_in_a_transcript_turn_is_the_turn_speaker() -> None:
    found = attributions('"HOLLIS: We were at the pier that night. I told them the pier was safe.')
    assert [attribution.speaker if attribution else None for attribution in found] == [
        "HOLLIS",
        "HOLLIS",
    ]


def test_a_label_inside_a_quotation_that_closes_before_its_speaker_is_said_words() -> None:
    found = only("“Harbour Line: late again, and the board calls it progress,” one commuter wrote.")
    assert found.speaker == "one commuter"


def test_a_quotation_after_a_sentence_about_someone_is_theirs() -> None:
    text = (
        'Ferry captain Ilse Moor spoke first. "The pier is closed," said the harbour master.\n\n'
        "On Friday, Councillor Jon Brae, who chairs the budget committee, pointed to the cost of "
        'repairs. "We cannot pay for a second pier this decade."'
    )
    found = attributions(text)
    assert found[-1] is not None
    assert found[-1].speaker == "Councillor Jon Brae"


def test_a_name_inside_a_running_quotation_does_not_take_it_over() -> None:
    text = (
        '"We were promised a new pier," Mayor Ann Holt said. "The contractor came to us in '
        "March. Tom Reed said the work would take two years. Nothing has been built."
    )
    assert [found.speaker if found else None for found in attributions(text)] == [
        "Mayor Ann Holt"
    ] * 4


def test_a_name_inside_a_transcript_turn_does_not_take_it_over() -> None:
    text = "HOLLIS: We were at the pier that night. I think the council wants to close it for good."
    assert [found.speaker if found else None for found in attributions(text)] == [
        "HOLLIS",
        "HOLLIS",
    ]


def test_a_named_entry_of_a_list_is_no_speakers_turn() -> None:
    text = (
        "Officials in Lomar met Ilse Varga and Edda Quint on Monday.\n\n"
        "Ilse Varga: Theft of a delivery van, held in jail in lieu of a cash bond.\n\n"
        "Edda Quint: We were told the van had been sold to us, and we have the papers."
    )
    found = attributions(text)
    assert found[1] is None
    assert found[2] is not None
    assert found[2].speaker == "Edda Quint"


def test_two_curled_apostrophes_close_a_quotation_and_a_first_name_may_be_a_word() -> None:
    text = (
        "Officials in Lomar met Will Varga on Monday.\n\n"
        "“The board misled the tenants,’’ Will Varga, the union's lawyer, told reporters."
    )
    found = attributions(text)[-1]
    assert found is not None
    assert found.speaker.startswith("Will Varga")
    assert text[found.content_start : found.content_end] == "“The board misled the tenants,’’"
