"""Offline answers quote the article's own sentences, or say plainly that the article does not."""

from __future__ import annotations

import hashlib

import pytest

from bot.grounding.checks import ground_answer
from bot.models import Article, Turn
from bot.qa.extractive_answer import answer_extractively
from bot.qa.question_kind import (
    Expectation,
    Wanted,
    admits_not_knowing,
    restate,
    wanted_kind,
)

PARAGRAPHS = [
    "The transport ministry of Ostrava Vale said on Tuesday that a ferry carrying 212 "
    "passengers ran aground near Pellin Rock after its radar failed.",
    "The ferry operator, Calder Lines, rejected the ministry's account. \"The radar was "
    "working perfectly,\" said Mira Tollan, the company's safety director.",
    "Coast guard divers found a gash in the hull below the waterline, according to a "
    "statement released on March 14.",
    "Passengers were taken to the town of Greyhaven, where several were treated for hypothermia.",
    "An inquiry led by retired judge Anton Mell is expected to report within six months.",
    "Calder Lines was fined in 2016 after one of its ferries struck a pier in the same strait.",
]
TEXT = "\n\n".join(PARAGRAPHS)
ARTICLE = Article(
    title="Ferry aground off Pellin Rock",
    paragraphs=PARAGRAPHS,
    text=TEXT,
    content_hash=hashlib.sha256(TEXT.encode()).hexdigest(),
)


def ask(question: str, history: list[Turn] | None = None) -> tuple[bool, str, list[str]]:
    answer = answer_extractively(ARTICLE, question, history or [])
    assert answer.engine == "offline"
    assert all(quote in TEXT for quote in answer.quotes)
    assert 1 <= len(answer.quotes) <= 3 if answer.answered else not answer.quotes
    return answer.answered, answer.answer, answer.quotes


def test_who_denied_quotes_the_denial() -> None:
    answered, text, quotes = ask("Who rejected the ministry's account?")
    assert answered
    assert any("Calder Lines, rejected" in quote for quote in quotes)
    assert text.startswith("The ferry operator, Calder Lines")


def test_how_many_picks_the_sentence_with_the_figure() -> None:
    answered, _, quotes = ask("How many passengers were on the ferry?")
    assert answered
    assert any("212" in quote for quote in quotes)


def test_when_picks_the_sentence_with_the_date() -> None:
    answered, _, quotes = ask("When was the statement about the hull released?")
    assert answered
    assert any("March 14" in quote for quote in quotes)


def test_who_finds_the_speaker() -> None:
    answered, _, quotes = ask("Who is the safety director?")
    assert answered
    assert any("Mira Tollan" in quote for quote in quotes)


def test_answer_is_the_article_sentence_itself() -> None:
    answered, text, quotes = ask("Where were the passengers taken?")
    assert answered
    assert text == " ".join(quotes)
    assert "Greyhaven" in text


def test_a_topic_the_article_never_mentions_is_not_answered() -> None:
    answered, text, quotes = ask("What did the prime minister say about compensation?")
    assert not answered
    assert not quotes
    assert text.startswith("The article does not say")
    assert text.endswith(".")


def test_a_figure_the_article_lacks_is_not_answered() -> None:
    answered, text, _ = ask("How much did the inquiry cost?")
    assert not answered
    assert text == 'The article does not say anything that answers "how much did the inquiry cost".'


def test_a_date_the_article_lacks_is_not_answered() -> None:
    answered, _, _ = ask("When did the ferry leave port?")
    assert not answered


def test_a_figure_given_by_the_question_is_not_the_answer() -> None:
    answered, _, _ = ask("How much was the 2016 fine?")
    assert not answered


def test_a_count_must_stand_next_to_the_things_counted() -> None:
    answered, _, _ = ask("How many divers searched the hull?")
    assert not answered


def test_a_thing_the_article_never_names_is_not_answered() -> None:
    answered, text, _ = ask("Which lifeboats were launched from the ferry?")
    assert not answered
    assert text == "The article does not say which lifeboats were launched from the ferry."


def test_why_takes_the_sentence_that_gives_the_reason() -> None:
    answered, _, quotes = ask("Why did Calder Lines reject the account?")
    assert answered
    assert any("The radar was working perfectly" in quote for quote in quotes)


def test_a_follow_up_uses_the_previous_turn() -> None:
    history = [
        Turn(
            question="Why did the ferry run aground?",
            answer="The transport ministry of Ostrava Vale said on Tuesday that a ferry carrying "
            "212 passengers ran aground near Pellin Rock after its radar failed.",
        )
    ]
    answered, _, quotes = ask("And who disputed that?", history)
    assert answered
    assert any("Calder Lines" in quote for quote in quotes)


def test_a_follow_up_about_something_new_is_not_answered() -> None:
    history = [Turn(question="Who is the safety director?", answer="Mira Tollan.")]
    answered, _, _ = ask("And her salary?", history)
    assert not answered


def test_an_empty_question_is_not_answered() -> None:
    answered, text, _ = ask("?")
    assert not answered
    assert text.startswith("The article does not say")


def test_grounding_keeps_every_offline_quote() -> None:
    answer = answer_extractively(ARTICLE, "What did the divers find?", [])
    grounded = ground_answer(answer, ARTICLE)
    assert grounded.answered
    assert grounded.quotes == answer.quotes


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who denied it?", Wanted.PERSON),
        ("When did it happen?", Wanted.DATE),
        ("What year was that?", Wanted.DATE),
        ("How many people were hurt?", Wanted.NUMBER),
        ("What percentage voted?", Wanted.NUMBER),
        ("Where is Pellin Rock?", Wanted.PLACE),
        ("Why did the radar fail?", Wanted.REASON),
        ("What did the ministry say?", Wanted.ANY),
    ],
)
def test_wanted_kind(question: str, kind: Wanted) -> None:
    assert wanted_kind(question) is kind


@pytest.mark.parametrize(
    ("question", "clause"),
    [
        ("Who denied the claim?", "who denied the claim"),
        ("And who denied it?", "who denied it"),
        ("What is the death toll?", "what the death toll is"),
        ("How many trucks were in the convoy?", "how many trucks were in the convoy"),
        ("How much did it cost?", 'anything that answers "how much did it cost"'),
        ("Did the minister resign?", 'anything that answers "did the minister resign"'),
        ("the minister's salary", "anything about the minister's salary"),
        ("Why?", "why"),
        ("And how so?", "how"),
    ],
)
def test_restate(question: str, clause: str) -> None:
    assert restate(question) == clause


def test_a_name_question_wants_the_name_next_to_the_thing_named() -> None:
    answered, _, quotes = ask("What is the name of the company's safety director?")
    assert answered
    assert any("Mira Tollan" in quote for quote in quotes)
    answered, _, _ = ask("What is the name of the ferry's captain?")
    assert not answered


@pytest.mark.parametrize(
    ("question", "sentence", "met"),
    [
        ("How many nurses took part?", "It followed 41,000 nurses for a decade.", True),
        ("How many doses were given?", "Rashes began two days after the dose.", False),
        ("How much was the 2019 fine?", "The plant was fined in 2019.", False),
        ("How much did it cost?", "It took 40 workers to build.", False),
        ("How much did it cost?", "It cost 3 million euros.", True),
        ("What is the captain's name?", "Blue Channel said the captain was safe.", False),
        ("What is the captain's name?", "The captain, Ivo Marek, survived.", True),
        ("Who owns Nordwood?", "Nordwood trucks were loaded.", False),
    ],
)
def test_expectation(question: str, sentence: str, met: bool) -> None:
    assert Expectation.of(question).met_by(sentence, anchor_elsewhere=False) is met


def test_a_sentence_can_admit_the_article_does_not_know() -> None:
    assert admits_not_knowing(
        "The paper was unable to establish how many patients were treated.",
        "How many patients were treated?",
    )
    assert admits_not_knowing("Police did not say when the raid began.", "When did it begin?")
    assert not admits_not_knowing("Police said the raid began at dawn.", "When did it begin?")


@pytest.mark.parametrize("question", ["Кто отрицал, что радар сломался?", "谁否认了雷达故障？"])
def test_a_question_in_another_script_says_so_rather_than_that_the_article_is_silent(
    question: str,
) -> None:
    # Before: "The article does not say anything about …", though the article does.
    answered, answer, _quotes = ask(question)
    assert not answered
    assert "another script" in answer
    assert "does not say" not in answer


def test_a_latin_question_with_a_foreign_name_is_still_searched() -> None:
    answered, answer, _quotes = ask("Who rejected the ministry's account of Пеллин Rock?")
    assert answered
    assert "rejected the ministry's account" in answer
