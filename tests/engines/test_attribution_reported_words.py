"""The words reported: where they start after an audience, a statement or testimony that carries
them, and cues that report only the act of speaking, a byline or an explanation and no words."""

from __future__ import annotations

import pytest

from tests.engines.attributions import attributions, content, only


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
        # the one told, described at length, and where, before "that"
        (
            "Ines Ober told shareholders of Velmar, the ferry line's owner, on Nov. 3 that the "
            "route would close.",
            "the route would close.",
        ),
        (
            "The harbourmaster told reporters at a briefing in the port that the quay was safe.",
            "the quay was safe.",
        ),
        ("Ines Ober told Velmar directors she would step down.", "she would step down."),
        # a circumstance or a date with an abbreviation before "that"
        ("Ines Ober said after the hearing that the route would close.", "the route would close."),
        (
            "The ferry company announced on Sept. 2 that the route would close.",
            "the route would close.",
        ),
        # a second cue joined to the first reports the words
        (
            "The county police department responded and confirmed that two crew were missing.",
            "two crew were missing.",
        ),
    ],
)
def test_reported_words_start_after_the_audience(text: str, said: str) -> None:
    assert content(text, only(text)) == said


def test_explaining_oneself_reports_nothing() -> None:
    assert attributions("Mr. Holm explained himself to the public after the vote.") == [None]


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


def test_a_reporter_s_byline_reports_no_words() -> None:
    assert attributions("Journalist Anna Kell reported from Dren.") == [None]
    found = only("The agency reported on Monday that four people had died.")
    assert found.speaker == "The agency"


@pytest.mark.parametrize(
    "text",
    [
        "The port authority announced Nov. 4 that the north terminal would close.",
        "The union said Tuesday that the north terminal would close.",
        "The union said in a statement late Friday that the north terminal would close.",
    ],
)
def test_a_date_before_that_is_no_part_of_the_words(text: str) -> None:
    assert content(text, only(text)) == "the north terminal would close."


def test_a_relative_that_stays_in_the_words() -> None:
    text = "The council said the plan that the mayor backed was flawed."
    assert content(text, only(text)) == "the plan that the mayor backed was flawed."


@pytest.mark.parametrize(
    "text",
    [
        "The ferryman told doctors he had eaten the fish.",
        "The ferryman told police he had eaten the fish.",
    ],
)
def test_a_bare_noun_told_is_no_part_of_the_words(text: str) -> None:
    assert content(text, only(text)) == "he had eaten the fish."


def test_an_object_after_the_cue_is_no_tail_after_words_before_it() -> None:
    text = "Shortly before the hearing, Ines Ober admitted to hiding the ledger from auditors."
    assert "hiding the ledger" in content(text, only(text))


def test_adding_someone_in_a_role_reports_no_words() -> None:
    text = (
        "Port Tarn, NL – With winter storms on the way, Velmar, a ferry line, is adding harbour "
        "veteran Ines Ober as its first safety chief."
    )
    assert attributions(text) == [None]
    said = "Ines Ober, the harbourmaster, added the plan was seen as a failure."
    assert content(said, only(said)) == "the plan was seen as a failure."
