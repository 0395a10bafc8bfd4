"""Boilerplate by family: each kind of page furniture is removed with its reason, while article
sentences that merely use the same words stay."""

from __future__ import annotations

import pytest

from bot.ingest.clean import clean_paragraphs


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Subscribe now and get your first month for 1 crown.", "paywall"),
        ("Create a free account to keep reading.", "login"),
        ("Leave a comment", "comments"),
        ("Get our evening briefing in your inbox every weekday.", "newsletter"),
        ("We use cookies to personalise content. Manage your cookie settings.", "cookies"),
        ("Share on WhatsApp", "share"),
        ("Continue reading", "read_more"),
        ("ADVERTISEMENT", "advertisement"),
        ("Photo by Lena Marsh for the Courier", "photo_credit"),
        ("Workers clear the road near Halby. Photo: Ivo Brandt/Reuters", "photo_credit"),
        ("Start your 7-day free trial today.", "trial_offer"),
        ("Filed under: Transport, Harbour", "tags"),
        ("Reporting by Mina Osei; editing by Tom Ruhl", "credit"),
        ("Additional reporting from Tom Ruhl.", "credit"),
        ("By Mina Osei and Tom Ruhl, Harbour Courier", "byline"),
        ("Mina Osei reported from Halby, Norland.", "byline"),
        ("Freelance journalist Mina Osei reported from Halby.", "byline"),
        ("Tom Ruhl contributed reporting.", "byline"),
        ("Follow Mina Osei on Twitter @minaosei.", "share"),
        ("RelatedHalby: Will the ferry ever return?", "read_more"),
        ("Storm closes the coast road for a week [VIDEO]", "read_more"),
        ("Don't miss", "read_more"),
        ("FILE - In this May 2, 2022 photo, ferries wait at the quay in Halby.", "photo_caption"),
        ("Ferries wait at the quay in Halby. (File photo)", "photo_caption"),
        ("Getty/Instagram.", "photo_credit"),
        ("Updated at 4:05 p.m.", "metadata"),
    ],
)
def test_boilerplate_families(text: str, reason: str) -> None:
    result = clean_paragraphs(["The ferry resumed service on Tuesday, the operator said.", text])
    assert result.paragraphs == ["The ferry resumed service on Tuesday, the operator said."]
    assert [(item.reason, item.text) for item in result.removed] == [(reason, text)]


@pytest.mark.parametrize(
    "text",
    [
        "The ministry declined to comment on the subscription figures, which rose 4% last year.",
        "She said the newsletter had 3,000 readers before the paper closed.",
        "Subscribers to the energy plan will pay 12% more from March, the regulator said.",
        "The bakery sells cookies and bread from a window on Quay Street.",
        "Shares in the ferry operator fell 6% after the announcement.",
        "Log in details of 40,000 customers were stolen in the attack, police said.",
        "Click, the town's only cinema, will reopen in June after repairs to its roof.",
        "By Tuesday, the river had risen two metres above the quay.",
        "Reuters reported from Halby that the ferry had sunk.",
        "Mr. Ruhl reported from the front line for a decade before joining the council.",
        "In this town, the ferry is everything, the mayor said.",
        "The police released a photo of the van on Friday.",
    ],
)
def test_article_sentences_with_boilerplate_words_stay(text: str) -> None:
    result = clean_paragraphs([text])
    assert result.paragraphs == [text]
    assert result.removed == []


def test_a_call_glued_to_the_end_of_a_paragraph_is_cut_off() -> None:
    result = clean_paragraphs(
        ["The mayor said the pier would reopen in spring. Click here to read the full story."]
    )
    assert result.paragraphs == ["The mayor said the pier would reopen in spring."]
    assert [(item.reason, item.text) for item in result.removed] == [
        ("read_more", "Click here to read the full story.")
    ]
