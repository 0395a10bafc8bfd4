"""Headlines in the text: the article's own headline repeated at the top and lists of other
stories' headlines are dropped; subheadings and title-case schedules stay."""

from __future__ import annotations

from bot.ingest.clean import clean_paragraphs


def test_headline_repeated_at_the_top_is_dropped_when_the_title_is_known() -> None:
    result = clean_paragraphs(
        ["Storm closes schools", "All schools will stay closed on Thursday, officials said."],
        title="Storm closes schools - Brannock News",
    )
    assert result.paragraphs == ["All schools will stay closed on Thursday, officials said."]
    assert [(item.reason, item.text) for item in result.removed] == [
        ("title", "Storm closes schools")
    ]


def test_a_list_of_other_headlines_is_dropped_but_a_lone_subheading_stays() -> None:
    body = ["The ferry resumed service on Tuesday, the operator said.", "Tickets cost 4 crowns."]
    links = [
        "Seven Ferries That Changed the Coast",
        "Why the Harbour Town Still Waits for Its Bridge",
        "The Quiet Decline of the Island Fisheries",
    ]
    result = clean_paragraphs([body[0], "Where the Money Went", body[1], *links])
    assert result.paragraphs == [body[0], "Where the Money Went", body[1]]
    assert [(item.reason, item.text) for item in result.removed] == [
        ("read_more", text) for text in links
    ]


def test_headlines_under_a_related_label_are_dropped() -> None:
    body = ["The ferry resumed service on Tuesday, the operator said.", "Tickets cost 4 crowns."]
    result = clean_paragraphs(
        [body[0], "Related", "Harbour Town Still Waits for Its Bridge", body[1]]
    )
    assert result.paragraphs == body


def test_a_schedule_in_title_case_is_not_a_list_of_links() -> None:
    schedule = [
        "Ferry Timetable for the Summer Season:",
        "June 9 -- North Quay, Halby",
        "June 16 -- Harbour Pier, Tolm",
        "June 23 -- Old Landing Stage, Varne",
    ]
    result = clean_paragraphs(
        ["The ferry resumed service on Tuesday, the operator said.", *schedule]
    )
    assert result.paragraphs[1:] == schedule
