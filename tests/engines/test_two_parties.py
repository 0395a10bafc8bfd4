"""Two parties in one sentence, a denial reported by someone else, and the noun a verb takes.

"X says A, but Y denies it" is X's claim and Y's denial, the denial answering the claim; "X said
Y rejected the reports" is Y's denial; "faced questions" reports no words."""

import pytest

from bot.engines.offline.attribution import attribute
from bot.engines.offline.contrasts import split_contrasts
from bot.engines.offline.engine import write_brief
from bot.models import Article, Brief
from bot.text.sentences import split_sentences


def brief_of(*paragraphs: str) -> Brief:
    return write_brief(
        Article(
            title="Quarry row",
            paragraphs=list(paragraphs),
            text="\n\n".join(paragraphs),
            content_hash="h",
        )
    )


_OPENING = "The row between Norland and Estovia over the quarry deepened this week."


@pytest.mark.parametrize("conjunction", ["but", "while", "whereas"])
def test_a_second_party_after_a_contrast_speaks_its_own_clause(conjunction: str) -> None:
    brief = brief_of(
        _OPENING,
        "Officials in Norland have said the quarry workers are paid by Estovia, "
        f"{conjunction} Estovia has rejected the accusation as baseless.",
        "Workers at the quarry were seen loading trucks on Monday.",
    )
    assert [(claim.by, claim.text) for claim in brief.claims] == [
        ("Officials in Norland", "The quarry workers are paid by Estovia.")
    ]
    assert [(denial.by, denial.text) for denial in brief.denials] == [
        ("Estovia", "Estovia has rejected the accusation as baseless.")
    ]
    assert brief.denials[0].responds_to == brief.claims[0].id


def test_the_answer_in_the_next_clause_is_linked_without_naming_the_accused() -> None:
    brief = brief_of(
        _OPENING,
        "Officials in Norland have said the quarry workers are paid by Estovia, "
        "while the neighbour's government has dismissed the charge.",
        "Workers at the quarry were seen loading trucks on Monday.",
    )
    assert [denial.by for denial in brief.denials] == ["the neighbour's government"]
    assert brief.denials[0].responds_to == brief.claims[0].id


@pytest.mark.parametrize(
    "sentence",
    [
        # the second clause has no speaker of its own
        "Officials in Norland said the workers are paid by Estovia, but added that nothing "
        "was signed.",
        # the first clause reports nobody's words
        "The trucks left the quarry at dawn, but Estovia denied any link to them.",
        # the conjunction stands inside a quotation
        'Officials said "the workers are paid, but Estovia says otherwise" on Monday.',
    ],
)
def test_a_sentence_without_two_speaking_parties_stays_whole(sentence: str) -> None:
    text = f"{_OPENING}\n\n{sentence}"
    sentences = split_sentences(text)
    assert [piece.text for piece in split_contrasts(text, sentences)] == [
        piece.text for piece in sentences
    ]


def test_the_clauses_are_verbatim_spans_numbered_in_order() -> None:
    text = (
        f"{_OPENING}\n\nNorland says the workers are paid by Estovia, but Estovia denies the "
        "accusation, while the quarry's owner said nothing was ever paid."
    )
    pieces = split_contrasts(text, split_sentences(text))
    assert [piece.index for piece in pieces] == list(range(len(pieces)))
    assert [text[piece.start : piece.end] for piece in pieces] == [piece.text for piece in pieces]
    assert [piece.text for piece in pieces[1:]] == [
        "Norland says the workers are paid by Estovia,",
        "Estovia denies the accusation,",
        "the quarry's owner said nothing was ever paid.",
    ]
    assert [piece.clause for piece in pieces] == [False, False, True, True]


def test_a_denial_reported_by_another_party_is_a_denial_of_the_party_denying() -> None:
    brief = brief_of(
        _OPENING,
        "Norland's interior ministry said the quarry workers were armed by Estovia.",
        "According to state radio, officials in Estovia denied the reports, saying the quarry "
        "workers had no weapons.",
    )
    assert [denial.by for denial in brief.denials] == ["officials in Estovia"]
    assert brief.denials[0].responds_to == brief.claims[0].id


def test_a_quoted_rejection_after_a_reporting_verb_is_a_denial() -> None:
    brief = brief_of(
        _OPENING,
        "Norland's interior ministry said the quarry workers were armed by Estovia.",
        'A statement from the quarry said its owner "flatly rejected these allegations."',
    )
    assert len(brief.denials) == 1
    assert "flatly rejected these allegations" in brief.denials[0].quote


def test_rejecting_a_proposal_in_reported_words_is_no_denial() -> None:
    brief = brief_of(
        _OPENING,
        "The spokesman said the government rejected the proposal on Monday.",
    )
    assert brief.denials == []


def test_a_denial_after_went_on_to_is_the_subjects() -> None:
    brief = brief_of(
        _OPENING,
        "Norland's interior ministry said the quarry owner Tomas Veld paid the workers.",
        "Veld went on to strenuously deny that he had ever paid anyone at the quarry.",
    )
    assert [denial.by for denial in brief.denials] == ["Veld"]


def test_a_report_called_false_inside_quotation_marks_is_a_denial() -> None:
    brief = brief_of(
        _OPENING,
        "Two Norland lawmakers said Estovian soldiers were arrested at the quarry.",
        "Estovia's defence ministry has said that the assertion that soldiers were arrested "
        "is “categorically false and not supported by any facts.”",
    )
    assert [denial.by for denial in brief.denials] == ["Estovia's defence ministry"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The quarry's owner faced questions about the payments on Monday.",
        "The senator raised fresh doubts about the quarry deal.",
        "The ministry has concerns about the quarry deal.",
    ],
)
def test_a_noun_that_is_a_verbs_object_reports_no_words(sentence: str) -> None:
    brief = brief_of(_OPENING, sentence)
    assert [item.by for item in [*brief.claims, *brief.denials, *brief.evidence]] == []


def test_a_name_ending_like_a_past_tense_keeps_its_verb() -> None:
    brief = brief_of(_OPENING, "Ahmed Veld claims the quarry deal was signed in secret.")
    assert [claim.by for claim in brief.claims] == ["Ahmed Veld"]


def test_a_he_after_the_sentences_own_subject_is_that_person() -> None:
    brief = brief_of(
        _OPENING,
        "Friends of Tomas Veld said he had worked at the quarry for years.",
        "Veld then travelled to the capital, where he said officials accused him of paying "
        "the workers. He denied the accusation and said he had never met them.",
    )
    assert [denial.by for denial in brief.denials] == ["Tomas Veld"]


def test_a_he_never_stands_for_a_plural_speaker() -> None:
    brief = brief_of(
        _OPENING,
        "Veld's colleagues told reporters that the quarry had paid its workers late.",
        "He denied the accusation and said the payments had always been made on time.",
    )
    assert [denial.by for denial in brief.denials] == [None]  # unresolved, not the colleagues


def test_a_cue_inside_an_aside_leaves_the_sentence_to_its_subject() -> None:
    brief = brief_of(
        _OPENING,
        "The workers, who spoke on condition of anonymity because they feared losing their "
        "jobs, said the quarry had paid them in cash from Estovia.",
    )
    assert [(claim.by, claim.text) for claim in brief.claims] == [
        ("The workers", "The quarry had paid them in cash from Estovia.")
    ]


def test_a_party_quoted_as_denying_is_the_one_denying() -> None:
    brief = brief_of(
        _OPENING,
        "Norland's interior ministry said Estovian trucks had crossed into the quarry.",
        "Estovian President Karim al-Fadi was quoted as denying that any trucks had crossed "
        "the border.",
    )
    assert [denial.by for denial in brief.denials] == ["Estovian President Karim al-Fadi"]


def test_a_cue_in_an_opening_clause_leaves_the_sentence_to_the_main_clause() -> None:
    brief = brief_of(
        _OPENING,
        "Norland's interior ministry said Tomas Veld had armed the quarry workers.",
        "In July, when a Norland minister announced the charges, Veld quickly denied them in "
        "a video message.",
    )
    assert [(denial.by, denial.quote) for denial in brief.denials] == [
        (
            "Veld",
            "In July, when a Norland minister announced the charges, Veld quickly denied them in "
            "a video message.",
        )
    ]


def test_a_he_after_an_opening_clause_is_that_clauses_subject() -> None:
    text = (
        f"{_OPENING}\n\nThe quarry's owner, Ida Marsh, said the trucks carried only gravel.\n\n"
        "When Norland's minister Tomas Veld first announced the inquiry last week, he said "
        "the trucks had crossed the border at night."
    )
    sentences = split_sentences(text)
    found = attribute(text, sentences)[-1]
    assert found is not None
    assert (found.speaker, text[found.content_start : found.content_end]) == (
        "Norland's minister Tomas Veld",
        "the trucks had crossed the border at night.",
    )


def test_those_dismissing_a_report_after_with_are_its_deniers() -> None:
    brief = brief_of(
        _OPENING,
        "A video posted on Monday showed trucks crossing from Estovia into the quarry.",
        "The video was met with doubt in Estovia, with a number of viewers dismissing it as a "
        "hoax.",
    )
    assert [denial.by for denial in brief.denials] == ["a number of viewers"]
