"""Which attributed statements the brief lists as claims: the story's, not a side's answer."""

import pytest

from bot.engines.offline.classify import next_step
from bot.engines.offline.engine import write_brief
from bot.engines.offline.speakers import same_speaker
from bot.models import Article, Brief


def brief_of(*paragraphs: str) -> Brief:
    text = "\n\n".join(paragraphs)
    return write_brief(
        Article(title="Quarry dispute", paragraphs=list(paragraphs), text=text, content_hash="h")
    )


def claim_quotes(brief: Brief) -> list[str]:
    return [claim.quote for claim in brief.claims]


ACCUSATION = (
    "Residents of Tarnby accused the Helm Quarry Company of blasting at night in breach of "
    "its licence, cracking the walls of a dozen houses."
)
WITNESS = (
    'Villager Oona Pratt said the blasts had woken her three times last month. "The whole '
    'house shook," she said.'
)


def test_a_denier_s_later_defence_on_the_matter_is_no_claim() -> None:
    brief = brief_of(
        ACCUSATION,
        "Helm Quarry rejected the accusation.",
        WITNESS,
        "The parish council said it had counted forty complaints about the quarry this year.",
        "Helm Quarry said every blast in the last year had been logged between nine and five "
        "under its licence.",
    )
    quotes = " ".join(claim_quotes(brief))
    assert "accused the Helm Quarry Company" in quotes
    assert "forty complaints" in quotes
    assert "logged between nine and five" not in quotes
    assert any("logged between nine and five" in denial.quote for denial in brief.denials)


def test_an_accused_party_s_answer_is_no_claim() -> None:
    brief = brief_of(
        ACCUSATION,
        WITNESS,
        "Helm Quarry said the cracks in the houses were caused by a dry summer.",
    )
    quotes = " ".join(claim_quotes(brief))
    assert "accused the Helm Quarry Company" in quotes
    assert "dry summer" not in quotes
    assert any("dry summer" in denial.quote for denial in brief.denials)


def test_an_accused_party_s_plan_is_neither_claim_nor_denial() -> None:
    brief = brief_of(
        ACCUSATION,
        "Helm Quarry rejected the accusation.",
        "Helm Quarry said it would commission an engineer to inspect the cracked walls of the "
        "houses.",
    )
    quoted = " ".join(item.quote for item in [*brief.claims, *brief.denials])
    assert "commission an engineer" not in quoted


def test_a_denier_s_word_on_another_matter_stays_a_claim() -> None:
    brief = brief_of(
        ACCUSATION,
        "Helm Quarry rejected the accusation.",
        "Helm Quarry said separately that it had hired forty apprentices for its new plant.",
    )
    assert any("forty apprentices" in quote for quote in claim_quotes(brief))


def test_a_next_step_is_no_claim() -> None:
    brief = brief_of(
        ACCUSATION,
        "The regional inspector, Mira Holt, said she planned a survey of the houses in Tarnby in "
        "the spring.",
        "The mayor, Lars Fenn, said the council would ask the Helm Quarry Company for its "
        "blasting records.",
        "The environment office said it had contacted the Helm Quarry Company and asked for an "
        "explanation.",
    )
    quotes = " ".join(claim_quotes(brief))
    assert "accused the Helm Quarry Company" in quotes
    for step in ("planned a survey", "would ask the Helm", "asked for an explanation"):
        assert step not in quotes


def test_material_recovered_in_a_search_is_evidence_whoever_reports_it() -> None:
    brief = brief_of(
        ACCUSATION,
        "The district inspector, Mira Holt, said fragments recovered at the quarry edge carried "
        "the stamp of a detonator maker that supplies Helm Quarry.",
    )
    assert any("fragments recovered" in item.quote for item in brief.evidence)
    assert not any("fragments recovered" in quote for quote in claim_quotes(brief))


def test_a_trade_in_general_is_commentary_and_leaves_room_to_the_parties() -> None:
    brief = brief_of(
        ACCUSATION,
        WITNESS,
        "Planning lawyers say such disputes rarely reach a court.",
        "Defence lawyers said the blasting licence allowed work until ten at night.",
    )
    quotes = " ".join(claim_quotes(brief))
    assert "rarely reach a court" not in quotes
    assert "until ten at night" in quotes


def test_passing_questions_on_is_a_next_step() -> None:
    assert next_step("The quarry's insurer referred questions to the Helm Quarry Company.")
    assert next_step("A council engineer referred all questions about the blasting to the mayor.")
    assert not next_step("The engineer referred to the cracks as cosmetic damage.")


def test_watching_a_matter_or_a_quoted_promise_to_look_is_a_next_step() -> None:
    assert next_step("it was “following the complaints closely.”")
    assert next_step("the regulator would “look carefully” at the blasting records.")
    assert next_step("officials were closely monitoring the quarry.")
    assert not next_step("the inspectors followed the blasting schedule to the letter.")


def test_a_quarrel_summed_up_is_no_claim() -> None:
    brief = brief_of(
        ACCUSATION,
        "By evening, the residents and the quarry's managers were blaming each other for the "
        "broken talks.",
        "The union and the company have traded bitter accusations over the night shifts, "
        "the workers' representative Ilse Marr said.",
    )
    quotes = " ".join(claim_quotes(brief))
    assert "accused the Helm Quarry Company" in quotes
    assert "each other" not in quotes
    assert "traded" not in quotes


def test_a_claim_in_the_headline_s_words_ranks_before_background() -> None:
    paragraphs = [
        "The harbour master, Olga Brenn, said the ferry timetable would stay the same in June.",
        "The tourism office, run by Pell Visits, said hotel bookings in Tarnby rose this spring.",
        "The school board, chaired by Ivo Sand, said the new gym opened on time in April.",
        "The bus company, Tarn Coaches, said two new routes began serving the coast last week.",
        "The residents' group, led by Mara Holm, said night blasting at the quarry cracked the "
        "walls of their houses.",
    ]
    text = "\n\n".join(paragraphs)
    brief = write_brief(
        Article(
            title="Residents say quarry blasting cracked their houses",
            paragraphs=paragraphs,
            text=text,
            content_hash="h",
        )
    )
    assert any("night blasting" in quote for quote in claim_quotes(brief))


CROWDED = (
    "Residents of Tarnby accused the Helm Quarry Company of blasting at night.",
    "Oona Pratt, who chairs the residents' group, said the blasts began in March.",
    "Parish councillor Ivo Brandt said the company had been warned twice about the noise.",
    "The Tarnby bus company said its drivers had stopped using the quarry road in April.",
)


def test_a_speaker_going_on_stays_in_the_item_when_the_list_has_no_room() -> None:
    brief = brief_of(
        *CROWDED,
        "Mina Lund, a county engineer, said the walls of six houses near the quarry had cracked. "
        "She said the repairs would cost 2 million crowns.",
    )
    assert len(brief.claims) == 4
    assert brief.claims[-1].by == "Mina Lund, a county engineer"
    assert brief.claims[-1].quote.endswith("would cost 2 million crowns.")


def test_a_speaker_going_on_is_an_item_of_its_own_when_there_is_room() -> None:
    brief = brief_of(
        CROWDED[0],
        "Mina Lund, a county engineer, said the walls of six houses near the quarry had cracked. "
        "She said the repairs would cost 2 million crowns.",
    )
    assert [claim.quote for claim in brief.claims][1:] == [
        "Mina Lund, a county engineer, said the walls of six houses near the quarry had cracked.",
        "She said the repairs would cost 2 million crowns.",
    ]


def test_another_speaker_is_never_run_into_an_item() -> None:
    brief = brief_of(
        *CROWDED,
        "Mina Lund, a county engineer, said the walls of six houses near the quarry had cracked. "
        "Pratt said the repairs would cost 2 million crowns.",
    )
    assert all("Pratt said" not in claim.quote for claim in brief.claims)


def test_a_speaker_named_again_by_surname_goes_on_in_the_item() -> None:
    brief = brief_of(
        *CROWDED,
        "County engineer Mina Lund said the walls of six houses near the quarry had cracked. "
        "Lund said the repairs would cost 2 million crowns.",
    )
    assert brief.claims[-1].quote.endswith("would cost 2 million crowns.")


@pytest.mark.parametrize(
    ("later", "first", "same"),
    [
        ("Lund", "County engineer Mina Lund", True),
        ("Ms. Lund", "Mina Lund, a county engineer", True),
        ("Mina Lund", "Lund", False),
        ("Lund", "A spokeswoman for Mina Lund", False),
        ("Pratt", "Mina Lund", False),
    ],
)
def test_the_same_speaker_named_again(later: str, first: str, same: bool) -> None:
    assert same_speaker(later, first) is same


def test_a_speaker_going_on_over_short_paragraphs_stays_in_the_item() -> None:
    brief = brief_of(
        *CROWDED,
        "County engineer Mina Lund said the walls of six houses near the quarry had cracked.",
        "She said the repairs would cost 2 million crowns.",
        "Lund said the county would not pay for them.",
    )
    assert brief.claims[-1].quote.startswith("County engineer Mina Lund said")
    assert brief.claims[-1].quote.endswith("would not pay for them.")


def test_a_sentence_with_two_reports_outranks_a_plain_one_just_before() -> None:
    brief = brief_of(
        *CROWDED,
        "County engineer Mina Lund said the walls of six houses had cracked.",
        "Surveyor Aron Falk said the cracks were new, adding that the blasting was the cause.",
    )
    quotes = [claim.quote for claim in brief.claims]
    assert any(quote.startswith("Surveyor Aron Falk") for quote in quotes)
    assert not any(quote.startswith("County engineer") for quote in quotes)


def test_a_measure_already_taken_is_a_next_step() -> None:
    assert next_step("the council said it had halted blasting at the quarry until the survey.")
    assert next_step("the samples had been handed to the regional laboratory.")
    assert next_step("police asked residents to keep their windows shut.")
    assert next_step("it would give the blasting logs to the inspector.")
    assert not next_step("the blasting had cracked the walls of a dozen houses.")
    assert not next_step("the quarry had suspected nothing until the walls cracked.")


def test_a_measure_already_taken_leaves_room_to_the_story_s_claims() -> None:
    brief = brief_of(
        ACCUSATION,
        "The environment office said it had suspended the quarry's blasting licence and urged "
        "residents to report any new cracks.",
        "Defence lawyers said the blasting licence allowed work until ten at night.",
    )
    quotes = " ".join(claim_quotes(brief))
    assert "accused the Helm Quarry Company" in quotes
    assert "suspended the quarry's blasting licence" not in quotes


def test_a_vow_of_no_tolerance_is_an_opinion_not_a_claim() -> None:
    brief = brief_of(
        ACCUSATION,
        '"Night blasting endangers every family here, and we will show zero tolerance," said the '
        "mayor, Lars Fenn.",
    )
    assert not any("zero tolerance" in quote for quote in claim_quotes(brief))


def test_the_holder_vouching_for_material_is_evidence() -> None:
    brief = brief_of(
        ACCUSATION,
        "The Helm Quarry Company confirmed that the leaked blasting logs were genuine.",
    )
    assert any("were genuine" in item.quote for item in brief.evidence)
    assert not any("were genuine" in quote for quote in claim_quotes(brief))


def test_a_quotation_printed_again_inside_a_longer_passage_is_said_once() -> None:
    remark = "Every ferry on the new line will run on batteries charged from the harbour grid"
    brief = brief_of(
        f'"{remark}," said Mara Lund, the harbour board\'s director.',
        "The board expects the first crossings in the spring.",
        f'"The line has been planned for years," Lund told the local radio. "{remark}."',
    )
    holding = [
        item.quote
        for item in [*brief.claims, *brief.denials, *brief.evidence]
        if "batteries charged" in item.quote
    ]
    assert len(holding) == 1
