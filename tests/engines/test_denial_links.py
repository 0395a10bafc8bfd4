"""Which claim a denial answers: a link only with a reason, never to the denier's own side.

Articles written for these tests; the families are general (an accused party answering, a
people's name and its country, a denial of the denier's own matter, a denial with no reason).
"""

from __future__ import annotations

from bot.engines.offline.engine import write_brief
from bot.models import Article, Brief, Claim, Denial


def make_article(paragraphs: list[str]) -> Article:
    text = "\n\n".join(paragraphs)
    return Article(title="Drone dispute", paragraphs=paragraphs, text=text, content_hash="l")


def denial_with(brief: Brief, words: str) -> Denial:
    return next(denial for denial in brief.denials if words in denial.quote)


def linked_claim(brief: Brief, denial: Denial) -> Claim | None:
    return next((claim for claim in brief.claims if claim.id == denial.responds_to), None)


def test_a_nations_denial_answers_the_accusation_against_it_not_a_remark_about_it() -> None:
    brief = write_brief(
        make_article(
            [
                "Officials in Varland accused Morvia of supplying armed drones to rebel fighters "
                "in the northern hills, the interior minister, Hanna Ruud, said on Monday.",
                "General Osei Brand said Morvian influence in the region had grown steadily "
                "over the past decade.",
                "The Morvian foreign ministry called the accusation utterly false.",
            ]
        )
    )
    denial = denial_with(brief, "utterly false")
    claim = linked_claim(brief, denial)
    assert claim is not None
    assert "supplying armed drones" in claim.quote


def test_a_denial_that_shares_nothing_with_any_claim_is_left_unlinked() -> None:
    brief = write_brief(
        make_article(
            [
                "The harbour authority said the new ferry terminal would open in the spring, "
                "two years later than planned.",
                "Kell Logistics rejected the accusation on Wednesday.",
            ]
        )
    )
    denial = denial_with(brief, "Kell Logistics rejected")
    assert denial.responds_to is None


def test_a_denial_is_never_linked_to_its_own_sides_claim() -> None:
    brief = write_brief(
        make_article(
            [
                "City inspectors said they found rotten fish in the kitchen of the Saltbay "
                "Grill during a visit in May.",
                '"The Saltbay Grill has the cleanest kitchen on the coast," its owner, Mara '
                "Lind, said on Thursday.",
                "Lind rejected the inspectors' findings about rotten fish in her kitchen.",
            ]
        )
    )
    denial = denial_with(brief, "Lind rejected")
    claim = linked_claim(brief, denial)
    assert claim is not None
    assert "found rotten fish" in claim.quote


def test_a_bare_denial_by_the_party_a_claim_names_answers_that_claim() -> None:
    brief = write_brief(
        make_article(
            [
                "A rocket that hit the Tarvo power station was fired by the Hill Brigade, the "
                "regional governor, Ilse Kamp, said on Friday.",
                "Weather forecasters said heavy rain would reach the town by the weekend.",
                "The Hill Brigade denied any role.",
            ]
        )
    )
    denial = denial_with(brief, "denied any role")
    claim = linked_claim(brief, denial)
    assert claim is not None
    assert "fired by the Hill Brigade" in claim.quote


def test_a_denial_of_the_same_act_answers_the_claim_of_that_act() -> None:
    brief = write_brief(
        make_article(
            [
                "Opposition observers said election officials had destroyed hundreds of "
                "ballots at a depot in Brenmoor after the count.",
                "The election officials said turnout in Brenmoor had been the highest in a decade.",
                '"No ballots were destroyed at the depot," said the commission\'s chairman, '
                "Tobias Wren.",
            ]
        )
    )
    denial = denial_with(brief, "No ballots were destroyed")
    claim = linked_claim(brief, denial)
    assert claim is not None
    assert "destroyed hundreds of ballots" in claim.quote


def test_a_denial_is_not_tied_to_a_party_speaking_after_it_about_something_else() -> None:
    brief = write_brief(
        make_article(
            [
                "A former board member, Dita Korr, accused the Velman Trust of hiding its "
                "losses from donors.",
                "The trust's director, Aron Pell, rejected the accusation.",
                "Korr said Aron Pell had ignored her letters for a year.",
            ]
        )
    )
    denial = denial_with(brief, "rejected the accusation")
    claim = linked_claim(brief, denial)
    assert claim is not None
    assert "hiding its losses" in claim.quote


def test_a_named_party_s_short_denial_is_a_denial_of_the_claim_before_it() -> None:
    brief = write_brief(
        make_article(
            [
                "The government of Varland has claimed for months that Morvia arms the rebels.",
                "Morvia denies it.",
            ]
        )
    )
    denial = denial_with(brief, "Morvia denies it.")
    assert denial.by == "Morvia"
    claim = linked_claim(brief, denial)
    assert claim is not None
    assert "arms the rebels" in claim.quote


def test_a_described_speaker_of_the_accused_answers_the_accusation() -> None:
    brief = write_brief(
        make_article(
            [
                "Officials in Lomar accused the Orvik mill of dumping chemicals into the river.",
                "Documents seen by a local paper show the mill paid a waste firm to empty tanks "
                "at night.",
                "The mill's owner, Petra Vos, denied the accusation and said the plant was "
                "inspected every month.",
            ]
        )
    )
    denial = denial_with(brief, "denied the accusation")
    claim = linked_claim(brief, denial)
    assert claim is not None
    assert "dumping chemicals" in claim.quote
