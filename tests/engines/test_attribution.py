import pytest

from bot.engines.offline.attributed import Attribution
from bot.engines.offline.attribution import attribute
from bot.text.sentences import split_sentences


def attributions(text: str) -> list[Attribution | None]:
    return attribute(text, split_sentences(text))


def only(text: str) -> Attribution:
    found = attributions(text)
    assert len(found) == 1
    assert found[0] is not None
    return found[0]


def content(text: str, found: Attribution) -> str:
    return text[found.content_start : found.content_end]


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


def test_reporter_background_is_not_attributed() -> None:
    text = (
        "The pier was built in 1904. Storms damaged it twice last winter. The report could "
        "not be confirmed. Officials are expected to say more on Monday."
    )
    assert attributions(text) == [None, None, None, None]


def test_a_cue_inside_a_quotation_does_not_make_the_speaker() -> None:
    text = '"Nobody said it would be easy," the mayor told residents.'
    found = only(text)
    assert found.speaker == "the mayor"


def test_evidence_offered_is_attributed_to_whoever_offers_it() -> None:
    text = "The ministry released photographs that show a crack along the pier."
    found = only(text)
    assert found.speaker == "The ministry"
    assert found.form == "evidence"


def test_unresolved_pronoun_stays_as_written() -> None:
    found = only('"Nobody warned us," she said.')
    assert found.unresolved


def test_a_participle_cue_is_spoken_by_the_subject_of_the_sentence() -> None:
    text = (
        "Critics wrote to Governor Alma Reyes.\n\n"
        "Reyes defended the budget on Monday, saying that the cuts would be reversed in spring."
    )
    found = attributions(text)[1]
    assert found is not None
    assert found.speaker == "Reyes"
    assert content(text, found) == "the cuts would be reversed in spring."


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
        "The hearing was pointless since the harbour master would assert his right to silence.",
        # a participle that takes "to be" or "to have" is a passive: nobody speaks
        "Firms found to have broken the harbour rules can be fined up to a year's profit.",
        "Two men said to be armed were seen near the quay on Monday night.",
        # plurals of words that only end like a person's name no one
        "Numbers released on Monday suggested that the harbour was busier than ever.",
        # "it is worth noting": the outlet's own aside
        "It is worth noting that the harbour fee, which rose in May, is the highest in the region.",
    ],
)
def test_no_speaker_where_none_speaks(text: str) -> None:
    found = attributions(text)
    assert all(attribution is None for attribution in found), [
        attribution.speaker for attribution in found if attribution
    ]


def test_headline_cue_in_title_case_still_reads() -> None:
    found = only("Port Authority Says Ferries Will Resume Within a Week")
    assert found.speaker == "Port Authority"


def test_pushed_back_still_refutes() -> None:
    found = only("The mayor pushed back against the claim that the tender was rigged.")
    assert found.speaker == "The mayor"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # the whole named audience goes before the reported words
        (
            "The admiral told the Senate Armed Services Committee in May he believed the fleet "
            "was too small.",
            "he believed the fleet was too small.",
        ),
        (
            "The envoy told the Northern Evening Ledger on Friday that talks had stalled.",
            "talks had stalled.",
        ),
        ("I told myself that the ferry would come back.", "the ferry would come back."),
        # a time between the cue and "that" is not reported
        (
            "The Northern Isles have been claiming for weeks that the ferry is unsafe.",
            "the ferry is unsafe.",
        ),
    ],
)
def test_reported_words_start_after_the_audience(text: str, said: str) -> None:
    assert content(text, only(text)) == said


def test_explaining_oneself_reports_nothing() -> None:
    assert attributions("Mr. Holm explained himself to the public after the vote.") == [None]


def test_first_person_in_a_transcript_turn_is_the_turn_speaker() -> None:
    found = attributions('"HOLLIS: We were at the pier that night. I told them the pier was safe.')
    assert [attribution.speaker if attribution else None for attribution in found] == [
        "HOLLIS",
        "HOLLIS",
    ]


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


@pytest.mark.parametrize(
    "text",
    [
        "Edda Quint, the former harbour master, testified before the port board on Tuesday "
        "about the closure of the pier.",
        "The board's lawyer asked Quint about the budget of the dredging works.",
        "A councillor asked whether the pier would reopen before the summer.",
        "The mayor replied to the dockers in a short letter on Friday.",
    ],
)
def test_a_cue_that_reports_only_the_act_of_speaking_reports_no_words(text: str) -> None:
    assert attributions(text) == [None]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Edda Quint testified on Tuesday that the pier had been closed for months.",
            "the pier had been closed for months.",
        ),
        (
            "The mayor said in a statement released on Friday the pier would reopen.",
            "the pier would reopen.",
        ),
    ],
)
def test_testimony_or_a_statement_with_reported_words_is_still_reported(
    text: str, said: str
) -> None:
    assert content(text, only(text)).endswith(said)


def test_a_described_speaker_with_a_name_in_apposition_after_the_words_speaks_them() -> None:
    text = "The pier was closed in May, the harbour master, Oren Vale, said on Monday."
    found = only(text)
    assert found.speaker == "the harbour master, Oren Vale"
    assert content(text, found) == "The pier was closed in May"


def test_a_reporter_s_byline_reports_no_words() -> None:
    assert attributions("Journalist Anna Kell reported from Dren.") == [None]
    found = only("The agency reported on Monday that four people had died.")
    assert found.speaker == "The agency"


@pytest.mark.parametrize(
    "sentence",
    [
        'Quint likened the board to a referee who is "blind to fouls" in hopes that it would act.',
        "Quint resigned amid claims that she had rigged the tender.",
        "The board met Quint following reports that the tender was rigged.",
    ],
)
def test_a_cue_word_after_a_preposition_is_a_noun(sentence: str) -> None:
    found = attributions(f"Officials in Lomar met Edda Quint on Monday. {sentence}")
    assert found[-1] is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a past tense with its object ends the speaker at its subject
        (
            "Edda Quint posted a string of messages on Friday saying that the pier was unsafe.",
            "Edda Quint",
        ),
        (
            "The ferry stayed in port after Edda Quint released a statement accusing the council "
            "of neglect.",
            "Edda Quint",
        ),
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
