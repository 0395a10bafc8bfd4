"""Pasted text into paragraphs: blank lines, hard wraps and one line per paragraph."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.text_paragraphs import paragraphs_from_text

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def test_paragraphs_separated_by_blank_lines() -> None:
    text = "First paragraph here.\n\nSecond paragraph\nwraps on two lines.\r\n\r\nThird."
    assert paragraphs_from_text(text) == [
        "First paragraph here.",
        "Second paragraph wraps on two lines.",
        "Third.",
    ]


def test_every_line_a_paragraph() -> None:
    text = "Storm closes schools\nAll schools will close.\nBuses will not run.\nMore on Friday."
    assert paragraphs_from_text(text) == [
        "Storm closes schools",
        "All schools will close.",
        "Buses will not run.",
        "More on Friday.",
    ]


def test_a_line_running_on_in_lower_case_is_joined() -> None:
    text = "The council said the road\nwould reopen on Monday.\nBuses will run as usual."
    assert paragraphs_from_text(text) == [
        "The council said the road would reopen on Monday.",
        "Buses will run as usual.",
    ]


def test_hard_wrapped_fixture_is_joined_into_paragraphs() -> None:
    text = (ARTICLES / "pasted_hard_wrapped.txt").read_text(encoding="utf-8")
    assert paragraphs_from_text(text) == [
        "Harbour dues to rise in Saltmere",
        "The harbour board in Saltmere has agreed to raise mooring dues by 8% from January, "
        "the first increase since 2019. The board said the money would pay for new pontoons "
        "and a second fuel berth.",
        "Sign up for our weekly Harbour Notes newsletter and get the news straight to your inbox.",
        "Local fishermen said the rise was fair but asked the board to keep the winter rate for "
        "boats that stay in the harbour all year.",
    ]


def test_whitespace_only_text_has_no_paragraphs() -> None:
    assert paragraphs_from_text(" \n\n\t\n") == []
