import asyncio

import pytest

from bot.engines.offline.engine import OfflineEngine, write_brief
from bot.grounding.checks import ground_brief
from bot.models import Article, Brief

PARAGRAPHS = [
    "The city of Lomar on Monday accused the Fenwick Chemical Company of dumping solvent "
    "into the Arle River, where thousands of fish died last week.",
    '"The discharge came from the Fenwick plant and nowhere else," Mayor Ada Brenn told '
    'reporters. "We traced it pipe by pipe."',
    'Fenwick Chemical denied the accusation. "These claims are baseless and we will prove '
    'it," said Omar Tesk, a spokesman for the company.',
    "As evidence, the city released laboratory tests that it said show solvent levels six "
    "times the legal limit downstream of the plant.",
    "A plant engineer, who spoke on condition of anonymity, said a valve had failed in "
    'August. He said the maintenance log was "not proof" that anything had leaked.',
    "The test results could not be independently verified.",
    "The regional environment agency said it was following the situation closely and urged calm.",
    "The Arle is one of the longest rivers in the province.",
]


def make_article(paragraphs: list[str], title: str | None = "River dispute") -> Article:
    text = "\n\n".join(paragraphs)
    return Article(title=title, paragraphs=paragraphs, text=text, content_hash="h")


@pytest.fixture
def article() -> Article:
    return make_article(PARAGRAPHS)


@pytest.fixture
def brief(article: Article) -> Brief:
    return write_brief(article)


def quotes(brief: Brief) -> list[str]:
    items = [*brief.claims, *brief.denials, *brief.evidence, *brief.unverified]
    return [item.quote for item in items]


def test_claim_by_the_accuser(brief: Brief) -> None:
    first = brief.claims[0]
    assert first.by == "The city of Lomar"
    assert "accused the Fenwick Chemical Company" in first.quote
    mayor = next(claim for claim in brief.claims if claim.by == "Mayor Ada Brenn")
    assert mayor.text.startswith("The discharge came from the Fenwick plant")
    assert "We traced it pipe by pipe." in mayor.quote  # the quotation stays with its speaker


def test_denials_answer_the_accusation(brief: Brief) -> None:
    by = {denial.by: denial for denial in brief.denials}
    assert set(by) >= {"Fenwick Chemical", "Omar Tesk, a spokesman for the company"}
    assert by["Fenwick Chemical"].responds_to == "c1"
    assert by["Omar Tesk, a spokesman for the company"].responds_to == "c1"


def test_evidence_supports_and_caveat_undercuts(brief: Brief) -> None:
    tests = next(item for item in brief.evidence if "laboratory tests" in item.quote)
    assert tests.by == "the city"
    assert tests.supports == ["c1"]
    caveat = next(item for item in brief.evidence if "not proof" in item.quote)
    assert caveat.by == "A plant engineer"
    assert caveat.undercuts
    assert not caveat.supports


def test_hedged_sentence_is_unverified(brief: Brief) -> None:
    assert [item.quote for item in brief.unverified] == [
        "The test results could not be independently verified."
    ]


def test_background_and_opinion_do_not_crowd_out_claims(brief: Brief) -> None:
    assert all("longest rivers" not in quote for quote in quotes(brief))
    agency = [claim for claim in brief.claims if claim.by == "The regional environment agency"]
    if agency:
        assert brief.claims.index(agency[0]) == len(brief.claims) - 1


def test_quotes_are_verbatim_and_never_repeated(article: Article, brief: Brief) -> None:
    found = quotes(brief)
    assert found
    assert all(quote in article.text for quote in found)
    assert len(found) == len(set(found))
    grounded = ground_brief(brief, article)
    assert grounded.grounding.dropped == 0
    assert grounded.grounding.flagged == []


def test_summary_bottom_line_and_actors(brief: Brief) -> None:
    assert brief.summary.startswith("The city of Lomar on Monday accused")
    assert brief.bottom_line is not None
    assert "Fenwick Chemical" in brief.bottom_line
    assert "deny it" in brief.bottom_line or "denies it" in brief.bottom_line
    assert brief.actors[:2] == ["The city of Lomar", "Mayor Ada Brenn"]
    assert len(brief.actors) == len({actor.casefold() for actor in brief.actors})
    assert brief.engine == "offline"


def test_counts_are_capped() -> None:
    paragraphs = [
        f"Resident number {n} of Lomar, Vera Holm{n}, said the river carried solvent on "
        f"day {n} of the spill."
        for n in range(1, 20)
    ]
    brief = write_brief(make_article(paragraphs))
    assert len(brief.claims) == 4
    assert [claim.id for claim in brief.claims] == [f"c{n}" for n in range(1, 5)]


def test_title_is_not_an_item() -> None:
    title = "Lomar officials said the river was poisoned"
    brief = write_brief(make_article([title, *PARAGRAPHS[:3]], title=title))
    assert title not in quotes(brief)


def test_article_without_attributions_has_no_items() -> None:
    brief = write_brief(
        make_article(["The Arle flows north. It floods in spring.", "Bridges cross it."])
    )
    assert brief.claims == brief.denials == brief.evidence == brief.unverified == []
    assert brief.bottom_line is None
    assert brief.summary == "The Arle flows north. It floods in spring. Bridges cross it."


async def test_engine_runs_off_the_event_loop(article: Article) -> None:
    engine = OfflineEngine()
    assert engine.name == "offline"
    made, _ = await asyncio.gather(engine.brief(article), asyncio.sleep(0))
    assert made == write_brief(article).model_copy(update={"engine_version": engine.version})


async def test_answer_is_extractive(article: Article) -> None:
    answer = await OfflineEngine().answer(article, "Who denied the accusation?", [])
    assert answer.engine == "offline"
    assert all(quote in article.text for quote in answer.quotes)


def test_a_thousand_words_brief_the_same_way_twice() -> None:
    """How fast is `benchmarks/offline_speed.py`'s business (p95 under 500 ms)."""
    article = make_article(PARAGRAPHS * 9)
    made = write_brief(article)
    assert made == write_brief(article)
    assert made.claims
    assert all(claim.quote in article.text for claim in made.claims)


def test_material_that_shows_something_is_evidence_from_whoever_offered_it() -> None:
    brief = write_brief(
        make_article(
            [
                "The union accused the Gell Mining Company of ignoring cracks in a tunnel roof.",
                "Shift logs released by the union show cracks were reported three times in May.",
                "Satellite images show two new access roads near the tunnel entrance.",
            ]
        )
    )
    by = {item.quote[:10]: item.by for item in brief.evidence}
    # images show, they do not speak: no one is named as offering them
    assert by == {"Shift logs": "the union", "Satellite ": None}
    assert all(item.supports == ["c1"] for item in brief.evidence[:1])


def test_declining_to_comment_is_neither_a_denial_nor_a_crowding_claim() -> None:
    brief = write_brief(
        make_article(
            [
                "Prosecutors said the mayor took 40,000 crowns from a builder in 2021.",
                "Prosecutors said the payments were made in cash at his office.",
                "Prosecutors said the builder won three contracts within a year.",
                "The mayor's lawyer said he would not comment before the trial.",
                "Mayor Ivo Brandl said he had never met the builder.",
            ]
        )
    )
    assert [denial.by for denial in brief.denials] == ["Mayor Ivo Brandl"]
    assert all("would not comment" not in claim.quote for claim in brief.claims)


def test_an_article_in_another_language_says_what_the_rules_can_read() -> None:
    german = make_article(["Der Bürgermeister sagte, die Brücke bleibe bis Mai gesperrt."])
    german = german.model_copy(update={"language": "de"})
    (note,) = write_brief(german).notes
    assert "another language (de)" in note
    english = make_article(PARAGRAPHS).model_copy(update={"language": "en"})
    assert write_brief(english).notes == []
    assert write_brief(make_article(PARAGRAPHS)).notes == []  # language unknown: no guess


def test_a_page_that_declares_another_language_but_reads_as_english_gets_no_note() -> None:
    mislabelled = make_article(PARAGRAPHS).model_copy(update={"language": "fr"})
    assert write_brief(mislabelled).notes == []


def test_item_text_ending_in_a_quotation_gets_no_second_stop() -> None:
    brief = write_brief(
        make_article(
            [
                "The harbour master accused the shipping line of dumping ballast water.",
                "Captain Ilse Moor said the crews had been warned about \u201cthe fines.\u201d",
            ]
        )
    )
    texts = [item.text for item in [*brief.claims, *brief.denials, *brief.evidence]]
    assert "The crews had been warned about \u201cthe fines.\u201d" in texts, texts
