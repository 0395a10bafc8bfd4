"""Grounding keeps only items whose quotes are in the article, shown as the article's own words."""

from __future__ import annotations

import hashlib

import pytest

from bot.grounding.checks import ground_answer, ground_brief
from bot.grounding.quote_match import QuoteFinder
from bot.models import Answer, Article, Brief, Claim, Denial, Evidence, Unverified

PARAGRAPHS = [
    "The port authority of Kessel Bay said on Monday that 1,200 tonnes of grain had gone missing "
    "from Warehouse 9 over the winter.",
    "“We have records showing the loads were signed out at night — by the same two clerks,” said "
    "Director Ilona Rask.",
    "The dock workers’ union rejected the accusation. “Nobody in our union moved a single sack "
    "without a manifest…” said its spokesman, Pavel Orno.",
    "An internal audit seen by the Kessel Courier lists forty-two unsigned manifests.",
    "Two people familiar with the inquiry said police had opened a file, but this could not be "
    "independently verified.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def article(text: str = TEXT, paragraphs: list[str] = PARAGRAPHS) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(paragraphs=paragraphs, text=text, content_hash=digest, title="Kessel grain")


def brief(**items: object) -> Brief:
    return Brief.model_validate({"summary": "Grain went missing.", "engine": "test", **items})


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (
            '"We have records showing the loads were signed out at night - by the same two',
            "“We have records showing the loads were signed out at night — by the same two",
        ),
        (
            "without a manifest...",
            "without a manifest…",
        ),
        (
            "The dock   workers' union\nrejected the accusation.",
            "The dock workers’ union rejected the accusation.",
        ),
        (
            "the DOCK WORKERS' UNION rejected the accusation",
            "The dock workers’ union rejected the accusation",
        ),
        (
            "signed out at night – by the same two clerks",
            "signed out at night — by the same two clerks",
        ),
    ],
)
def test_typography_whitespace_and_case_are_forgiven(quote: str, expected: str) -> None:
    assert QuoteFinder(TEXT).find(quote) == expected


def test_a_near_match_is_replaced_by_the_exact_article_span() -> None:
    slipped = "An internal audit seen by the Kessel Courrier list forty-two unsigned manifests."
    assert QuoteFinder(TEXT).find(slipped) == PARAGRAPHS[3]


def test_a_different_sentence_is_not_a_match() -> None:
    finder = QuoteFinder(TEXT)
    assert finder.find("An internal audit seen by reporters lists ninety signed invoices.") is None
    assert finder.find("Warehouse 12") is None
    assert finder.find("   ") is None


def test_an_elided_quote_spans_its_parts_in_the_article() -> None:
    quote = "in our union moved a single sack ... said its spokesman"
    found = QuoteFinder(TEXT).find(quote)
    assert found == "in our union moved a single sack without a manifest…” said its spokesman"


def test_near_matching_finds_one_paragraph_in_a_long_repetitive_article() -> None:
    filler = [
        f"Paragraph {number} repeats the harbour schedule, the tides and the crane rota for "
        f"berth {number % 17}, as every weekly bulletin of the port authority does."
        for number in range(700)
    ]
    paragraphs = [*filler[:350], *PARAGRAPHS, *filler[350:]]
    text = "\n\n".join(paragraphs)
    assert len(text.split()) > 10_000
    finder = QuoteFinder(text)
    found = finder.find("An internal audit seen by the Kessel Courrier list forty-two unsigned")
    repeated = finder.find("the tides and the crane rota for berth 4, as every weekly bulletin")
    missing = finder.find("the ferry timetable for the northern islands was cancelled in spring")
    assert found == "An internal audit seen by the Kessel Courier lists forty-two unsigned"
    assert repeated == "the tides and the crane rota for berth 4, as every weekly bulletin"
    assert missing is None


def test_ground_brief_drops_unfound_items_and_fixes_spans() -> None:
    raw = brief(
        claims=[
            Claim(id="c1", text="Grain went missing.", by="port authority", quote="1,200 tonnes "
                  "of grain had gone missing from Warehouse 9"),
            Claim(id="c2", text="Clerks were bribed.", by="Director Ilona Rask",
                  quote="the clerks were paid to look away"),
        ],
        denials=[
            Denial(id="d1", text="The union denies it.", by="Pavel Orno", responds_to="c1",
                   quote="Nobody in our union moved a single sack without a manifest..."),
            Denial(id="d2", text="The union denies bribes.", by="Pavel Orno", responds_to="c2",
                   quote="The dock workers' union rejected the accusation."),
        ],
        evidence=[
            Evidence(id="e1", text="Audit found unsigned manifests.", by="Kessel Courier",
                     quote="lists forty-two unsigned manifests", supports=["c1", "c2", "c9"]),
        ],
        unverified=[
            Unverified(text="Police opened a file.", quote="police had opened a file"),
            Unverified(text="Arrests were made.", quote="three arrests were made"),
        ],
    )  # fmt: skip
    grounded = ground_brief(raw, article())
    assert [claim.id for claim in grounded.claims] == ["c1"]
    assert grounded.denials[0].quote == (
        "Nobody in our union moved a single sack without a manifest…"
    )
    assert len(grounded.denials) == 1  # d2 answered the claim that was dropped
    assert grounded.denials[0].responds_to == "c1"
    assert grounded.evidence[0].supports == ["c1"]
    assert [entry.text for entry in grounded.unverified] == ["Police opened a file."]
    assert grounded.grounding.checked == 7
    assert grounded.grounding.verified == 4
    assert grounded.grounding.dropped == 3
    quotes = [claim.quote for claim in grounded.claims]
    quotes += [denial.quote for denial in grounded.denials]
    quotes += [item.quote for item in grounded.evidence]
    quotes += [entry.quote for entry in grounded.unverified]
    assert all(quote in TEXT for quote in quotes)


def test_grounding_twice_keeps_the_first_counts() -> None:
    raw = brief(
        claims=[
            Claim(id="c1", text="Grain went missing.", quote="grain had gone missing"),
            Claim(id="c2", text="Invented.", quote="a sentence that is not there at all"),
        ]
    )
    once = ground_brief(raw, article())
    twice = ground_brief(once, article())
    assert twice.grounding == once.grounding
    assert (once.grounding.checked, once.grounding.verified, once.grounding.dropped) == (2, 1, 1)


def test_numbers_and_names_absent_from_the_article_are_flagged() -> None:
    raw = brief(
        claims=[
            Claim(id="c1", text="The authority says 47 tonnes vanished from Warehouse 9.",
                  by="Harbourmaster Vell", quote="grain had gone missing"),
            Claim(id="c2", text="Director Ilona Rask says 1200 tonnes and forty-two manifests.",
                  by="Ilona Rask", quote="1,200 tonnes of grain"),
        ],
        denials=[
            Denial(id="d1", text="Pavel Orno's union denies it, citing the Brenner Report.",
                   by="Pavel Orno", quote="rejected the accusation"),
        ],
    )  # fmt: skip
    flagged = ground_brief(raw, article()).grounding.flagged
    assert "c1: '47' not in article" in flagged
    assert "c1: 'Harbourmaster' not in article" in flagged
    assert "c1: 'Vell' not in article" in flagged
    assert "d1: 'Brenner' not in article" in flagged
    assert "d1: 'Report' not in article" in flagged
    assert not [flag for flag in flagged if flag.startswith("c2")]
    assert "d1: 'Pavel' not in article" not in flagged
    assert len(flagged) == 5


def test_ground_answer_keeps_article_spans_and_withdraws_unsupported_answers() -> None:
    supported = Answer(
        answered=True,
        answer="The union says no sack moved without a manifest.",
        quotes=["Nobody in our union moved a single sack without a manifest...", "made up"],
        engine="test",
    )
    grounded = ground_answer(supported, article())
    assert grounded.answered
    assert grounded.quotes == ["Nobody in our union moved a single sack without a manifest…"]
    assert any("not found" in note for note in grounded.notes)

    unsupported = Answer(
        answered=True, answer="Forty people were arrested.", quotes=["forty were arrested"],
        engine="test",
    )  # fmt: skip
    withdrawn = ground_answer(unsupported, article())
    assert not withdrawn.answered
    assert withdrawn.answer.startswith("The article does not say")
    assert withdrawn.quotes == []
