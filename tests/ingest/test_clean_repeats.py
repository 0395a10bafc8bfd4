"""Repeated paragraphs: a paragraph printed again with a slip is dropped, while lists and tables
whose lines repeat are kept."""

from __future__ import annotations

from bot.ingest.clean import clean_paragraphs


def test_repeated_list_and_table_lines_are_not_treated_as_repeats() -> None:
    schedule = [
        "Monday: 1 ferry at 6.40, 1 at 18.10",
        "Tuesday: 1 ferry at 6.40, 1 at 18.10",
        "Monday: 1 ferry at 6.40, 1 at 18.10",
        "Yes.",
        "Yes.",
    ]
    assert clean_paragraphs(schedule).paragraphs == schedule


def test_a_paragraph_printed_again_with_a_slip_is_dropped_anywhere_in_a_long_paste() -> None:
    places = ["Marrow Bay", "Tellis", "Okafor", "Carrow", "Helmsfeld", "Tannrode", "Lakeside"]
    filler = [
        f"Council meeting number {n} in {places[n % 7]} discussed item {n * 7} of the "
        f"{places[(n * 3) % 7]} budget and adjourned after {n % 50 + 10} minutes of debate."
        for n in range(600)
    ]
    quoted = (
        'The inspector wrote that "the berth was never tested", a line the harbour board '
        "has not disputed in any of its statements since the spring."
    )
    slipped = quoted.replace("never tested", "never testd")
    paragraphs = [*filler[:150], quoted, *filler[150:], slipped]

    result = clean_paragraphs(paragraphs)

    assert quoted in result.paragraphs
    assert slipped not in result.paragraphs
    assert [(item.reason, item.text) for item in result.removed] == [("near_duplicate", slipped)]
