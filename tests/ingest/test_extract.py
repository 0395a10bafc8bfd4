"""Extraction of outlet-style HTML pages and splitting of pasted text into paragraphs."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
import trafilatura

from bot.errors import EmptyArticleError, ExtractionError
from bot.ingest.article import build_article
from bot.ingest.extract import (
    ExtractedPage,
    extract_page,
    html_language,
)
from bot.ingest.language import guess_language
from bot.ingest.source import article_from_html
from bot.ingest.text_paragraphs import normalise_space

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"

# fixture -> (paragraphs of the cleaned article, [(reason, removed text), ...])
EXPECTED: dict[str, tuple[list[str], list[tuple[str, str]]]] = {
    "harbor_council": (
        [
            (
                "Saltmere's harbour council voted seven to two on Monday night to close "
                "the old ferry pier, ending more than a century of crossings from the "
                "town's north quay."
            ),
            (
                "Engineers told councillors in January that the timber piles under the "
                "pier had rotted below the waterline and that repairs would cost about "
                "4.2 million crowns, twice the harbour's annual maintenance budget."
            ),
            (
                '"We are not closing the crossing, we are moving it," said council '
                "leader Ines Marrow, who promised a floating pontoon at the south quay "
                "by the end of the summer."
            ),
            (
                "Ferry operator Gullwing Lines said passenger numbers had fallen for "
                "three years in a row. The company declined to comment on the "
                "subscription figures for its season pass, which rose 4% last year."
            ),
            (
                "Residents of the north quay, many of whom use the ferry to reach the "
                "hospital on Corran Island, will present a petition with 1,800 "
                "signatures to the regional assembly next week."
            ),
            "The pier will close to passengers on 1 June. Demolition is planned for the autumn.",
        ],
        [
            ("title", "Saltmere council votes to close the old ferry pier"),
        ],
    ),
    "minimal": (
        [
            (
                "From Monday the first ferry from Corran Island leaves at 6.40 instead "
                "of 6.15, the harbour office said."
            ),
        ],
        [],
    ),
    "rail_strike_paywall": (
        [
            (
                "Train drivers on the Drovan valley line will walk out for three days "
                "from 14 May after talks over rest breaks collapsed, their union said "
                "on Thursday."
            ),
            (
                "The Union of Rail and Tram Workers said 92% of members who voted "
                "backed the action, on a turnout of 71%."
            ),
            (
                '"Drivers are being asked to work nine hours without a proper meal '
                'break. No other safety-critical job would accept that," said union '
                "organiser Hetty Brannagh."
            ),
            (
                "Valley Rail, which runs the line under a franchise from the regional "
                "transport board, said it had offered a second paid break on shifts "
                "longer than eight hours."
            ),
            (
                "About 40,000 passengers use the line on a typical weekday. Replacement "
                "buses will run every half hour between Drovan and Kettle Ford."
            ),
        ],
        [
            ("photo_credit", "Photo courtesy of the Union of Rail and Tram Workers"),
            (
                "paywall",
                (
                    "You've reached your limit of free articles this month. Subscribe today "
                    "for unlimited access to the Evening Post."
                ),
            ),
            ("paywall", "Already a subscriber? Log in"),
            ("advertisement", "Advertisement"),
            ("trial_offer", "Join the Evening Post today. TRY 30 DAYS FREE, cancel anytime."),
            ("comments", "COMMENTS"),
            (
                "comments",
                "You must become a subscriber or login to view or post comments on this article.",
            ),
            (
                "duplicate",
                (
                    "Train drivers on the Drovan valley line will walk out for three days "
                    "from 14 May after talks over rest breaks collapsed, their union said "
                    "on Thursday."
                ),
            ),
            (
                "duplicate",
                (
                    "The Union of Rail and Tram Workers said 92% of members who voted "
                    "backed the action, on a turnout of 71%."
                ),
            ),
            (
                "duplicate",
                (
                    '"Drivers are being asked to work nine hours without a proper meal '
                    'break. No other safety critical job would accept that," said union '
                    "organiser Hetty Brannagh."
                ),
            ),
        ],
    ),
    "zeitung_de": (
        [
            (
                "Die Sanierung der Steinbrücke über die Werda wird nicht wie geplant im "
                "Herbst fertig. Das Bauamt rechnet nun mit einem Abschluss im Oktober "
                "des kommenden Jahres."
            ),
            (
                "Grund seien Schäden an zwei Pfeilern, die erst nach dem Abtragen der "
                "Fahrbahn sichtbar geworden seien, sagte Bauamtsleiterin Renate Vollmer "
                "am Dienstag."
            ),
            (
                "Die Kosten steigen nach Angaben der Stadt von 3,1 auf 3,8 Millionen "
                "Euro. Der Stadtrat soll im Mai über die Mehrkosten abstimmen."
            ),
            (
                "Für Fußgänger bleibt ein schmaler Steg an der Nordseite geöffnet. "
                "Autofahrer müssen weiterhin über die Umgehungsstraße fahren."
            ),
        ],
        [
            ("title", "Brückensanierung in Altwerda verzögert sich um ein Jahr"),
            ("advertisement", "Anzeige"),
            (
                "paywall",
                "Jetzt abonnieren und alle Artikel lesen. "
                "Sie sind bereits Abonnent? Hier anmelden.",
            ),
            ("photo_credit", "Foto: Jens Aldinger"),
        ],
    ),
}


def _page(name: str) -> ExtractedPage:
    return extract_page((ARTICLES / f"{name}.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_html_page_yields_exactly_the_article(name: str) -> None:
    page = _page(name)
    article = build_article(page.paragraphs, title=page.title, language=page.language)
    paragraphs, removed = EXPECTED[name]
    assert article.paragraphs == paragraphs
    assert [(item.reason, item.text) for item in article.removed] == removed


def test_navigation_footer_comments_and_cookie_banner_are_not_extracted() -> None:
    text = "\n".join(_page("harbor_council").paragraphs)
    for noise in ("Home", "cookie", "Sign up", "disgrace", "Lifeboat", "All rights reserved"):
        assert noise not in text


def test_metadata_of_an_outlet_page() -> None:
    page = _page("harbor_council")
    assert page.title == "Saltmere council votes to close the old ferry pier"
    assert page.site == "The Saltmere Courier"
    assert page.author == "Priya Hallorann"
    assert page.published == "2024-03-12"
    assert page.language == "en"


def test_metadata_of_a_german_page_without_a_date() -> None:
    page = _page("zeitung_de")
    assert page.site == "Werdaer Tagblatt"
    assert page.language == "de"
    assert page.published is None  # a footer copyright year is not a publication date


def test_a_page_with_only_a_subscription_wall_is_an_empty_article() -> None:
    page = _page("subscribe_wall")
    with pytest.raises(EmptyArticleError):
        build_article(page.paragraphs, title=page.title)


@pytest.mark.parametrize(
    "html",
    [
        (ARTICLES / "empty_page.html").read_text(encoding="utf-8"),
        "",
        "   ",
        "<html><body></body></html>",
    ],
)
def test_a_page_without_text_is_an_extraction_error(html: str) -> None:
    with pytest.raises(ExtractionError):
        extract_page(html)


@pytest.mark.slow
async def test_intake_of_a_page_leaves_the_event_loop_free() -> None:
    words = [
        "harbour",
        "board",
        "quay",
        "wall",
        "Essenby",
        "rebuilt",
        "winters",
        "traffic",
        "east",
        "gate",
        "ferry",
        "crane",
        "tide",
        "council",
        "budget",
        "dredging",
        "pier",
        "warehouse",
        "mooring",
        "cargo",
        "pilots",
        "lock",
        "basin",
        "slipway",
    ]
    chooser = random.Random(7)
    body = "".join(
        "<p>The " + " ".join(chooser.choice(words) for _ in range(24)) + ", the board said.</p>"
        for _ in range(3000)
    )
    html = f"<html><body><article><h1>Quay works</h1>{body}</article></body></html>"
    ticks = 0
    done = asyncio.Event()

    async def tick() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.005)

    ticker = asyncio.create_task(tick())
    article = await article_from_html(html, url="https://example.org/quay")
    done.set()
    await ticker
    assert article.title == "Quay works"
    assert len(article.paragraphs) > 1000
    # The loop kept running while the page was read: read on the loop, the ticker would get in
    # once or twice at most; in a worker it wakes every few milliseconds for the whole read.
    assert ticks >= 10


def test_line_breaks_inside_a_block_separate_paragraphs() -> None:
    html = (
        "<html><body><article><h1>Quay works</h1><div>"
        "<p>The quay wall will be rebuilt over two winters, the port said on Friday.<br><br>"
        "Work starts in November and traffic will use the east gate.</p>"
        "<ul><li>Phase one: north wall</li><li>Phase two: south wall</li></ul>"
        "</div></article></body></html>"
    )
    assert extract_page(html).paragraphs == [
        "Quay works",
        "The quay wall will be rebuilt over two winters, the port said on Friday.",
        "Work starts in November and traffic will use the east gate.",
        "Phase one: north wall",
        "Phase two: south wall",
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Der Stadtrat hat am Dienstag die neue Brücke über den Fluss beschlossen.", "de"),
        ("Городской совет утвердил строительство нового моста через реку.", "ru"),
        ("Міська рада затвердила будівництво нового мосту через річку.", "uk"),
        ("市議会は新しい橋の建設を承認した。", "ja"),
        ("The council approved the new bridge over the river on Tuesday.", "en"),
        ("12 345 678", None),
    ],
)
def test_language_guess(text: str, language: str | None) -> None:
    assert guess_language(text) == language


def test_declared_html_language() -> None:
    assert html_language('<!doctype html><html class="x" lang="pt-BR"><head>') == "pt"
    assert html_language('<html><head><meta http-equiv="content-language" content="fr">') == "fr"
    assert html_language("<html><head></head>") is None


_SCRIPTED_PAGE = (
    "<html><head><title>Quay works</title><meta name='description' content='Quay works'>"
    "<link rel='stylesheet' href='/site.css'><style>p { color: grey }</style>"
    "<script>window.track = 'page view';</script>{json_ld}</head><body><article>"
    "<h1>Quay works</h1>"
    "<p>The quay wall will be rebuilt over two winters, the port said on Friday, and the ferry"
    " will dock at the east berth until the work is done.</p>"
    "<script>var slot = 'inline advert';</script>Traffic will use the east gate from November."
    "<style>.note { margin: 0 }</style>"
    "<p>The port expects the first winter's work to cost about three million crowns, paid from"
    " its reserves rather than from higher berth fees.</p>"
    "</article><div id='comments'><p>A reader wrote that the old wall had stood for a century"
    " and would outlast the new one.</p></div></body></html>"
)
_FORUM_JSON_LD = (
    '<script type="application/ld+json">'
    '{"@context": "https://schema.org", "@type": "DiscussionForumPosting"}</script>'
)


@pytest.mark.parametrize("json_ld", ["", _FORUM_JSON_LD])
def test_the_body_is_what_trafilatura_extracts_without_style_and_script_tags(json_ld: str) -> None:
    """Style, meta, link and script tags go before the extraction, JSON-LD stays for trafilatura
    to read: the text is what its own wrapper returns, the text after a script included."""
    html = _SCRIPTED_PAGE.replace("{json_ld}", json_ld)
    document = trafilatura.bare_extraction(
        html, favor_precision=True, include_comments=False, include_tables=True
    )
    assert document is not None
    expected = [normalise_space(line) for line in str(document.text).split("\n")]
    paragraphs = extract_page(html).paragraphs
    assert paragraphs == [line for line in expected if line]
    assert "Traffic will use the east gate from November." in " ".join(paragraphs)
    assert not any("advert" in line or "margin" in line for line in paragraphs)
