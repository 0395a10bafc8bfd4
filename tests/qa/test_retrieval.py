"""Sentences keep their place in the text, and the passages that bear on a question rank first."""

from __future__ import annotations

from bot.models import Turn
from bot.qa.retrieval import (
    ArticleIndex,
    build_query,
    derives,
    group_passages,
    is_follow_up,
    split_sentences,
    terms,
    top_passages,
)
from bot.text.words import stem

TEXT = "\n\n".join(
    [
        "The harbour board of Lindquay said on Friday that the eastern pier would close for a "
        "year. Repairs are expected to cost 4.2 million crowns.",
        "Dr. Ada Vell, an engineer hired by the fishermen's guild, disputed the board's survey. "
        "She said the pier's pilings were sound and that only the deck needed work.",
        "The board's chair, Oskar Brune, denied that the closure was meant to favour a private "
        'marina. "That is simply untrue," he said.',
        "Fishermen held a protest at the pier gates on Saturday.",
    ]
)


def test_sentences_are_verbatim_spans_and_ignore_abbreviations() -> None:
    sentences = split_sentences(TEXT)
    assert all(TEXT[s.start : s.end] == s.text for s in sentences)
    assert [s.text[:14] for s in sentences] == [
        "The harbour bo",
        "Repairs are ex",
        "Dr. Ada Vell, ",
        "She said the p",
        "The board's ch",
        '"That is simpl',
        "Fishermen held",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1, 2, 2, 3]


def test_decimal_numbers_initials_and_months_do_not_end_sentences() -> None:
    text = "Mr. J. Okafor arrived on Jan. 5 with 3.5 tonnes. He left."
    assert [s.text for s in split_sentences(text)] == [
        "Mr. J. Okafor arrived on Jan. 5 with 3.5 tonnes.",
        "He left.",
    ]


def test_passages_stay_within_a_paragraph() -> None:
    sentences = split_sentences(TEXT)
    passages = group_passages(TEXT, sentences, max_sentences=3)
    assert len(passages) == 4
    assert all(TEXT[p.start : p.end] == p.text for p in passages)
    assert all(len({s.paragraph for s in p.sentences}) == 1 for p in passages)
    single = group_passages(TEXT, sentences, max_sentences=1)
    assert len(single) == len(sentences)


def test_terms_meet_across_inflections() -> None:
    assert terms("Who denied it?") == terms("denies") == terms("deny") == [stem("deny")]
    assert terms("the denial") == [stem("deny")]
    assert terms("They heard it") == terms("hear")
    assert terms("claims claimed") == ["claim", "claim"]


def test_the_passage_answering_the_question_ranks_first() -> None:
    index = ArticleIndex(TEXT)
    ranked = index.ranked_passages(build_query("Who disputed the survey?"))
    assert ranked[0][0].text.startswith("Dr. Ada Vell")
    ranked = index.ranked_passages(build_query("How much will the repairs cost?"))
    assert "4.2 million" in ranked[0][0].text


def test_top_passages_come_back_in_article_order() -> None:
    chosen = top_passages(TEXT, "Did the chair deny favouring the marina after the survey?")
    starts = [passage.start for passage in chosen]
    assert starts == sorted(starts)
    assert any("marina" in passage.text for passage in chosen)
    assert any("survey" in passage.text for passage in chosen)


def test_top_passages_fall_back_to_the_lead_when_nothing_matches() -> None:
    chosen = top_passages(TEXT, "zeppelin?", limit=2)
    assert [passage.text[:9] for passage in chosen] == ["The harbo", "Dr. Ada V"]


def test_top_passages_respect_the_limit_and_budget() -> None:
    assert len(top_passages(TEXT, "pier board", limit=2)) == 2
    assert len(top_passages(TEXT, "pier board", limit=5, token_budget=1)) == 1


def test_short_and_pronoun_questions_are_follow_ups() -> None:
    assert is_follow_up("Why?")
    assert is_follow_up("And who denied it?")
    assert is_follow_up("What did he say?")
    assert not is_follow_up("How much will the pier repairs cost?")


def test_a_follow_up_borrows_the_previous_turn_at_lower_weight() -> None:
    history = [Turn(question="What did the engineer say about the pilings?", answer="Sound.")]
    query = build_query("And who denied it?", history)
    assert query.expanded
    assert query.weights[stem("deny")] == 1.0
    assert 0 < query.weights[terms("engineer")[0]] < 1.0
    assert stem("sound") in query.weights
    assert query.own == {stem("deny")}


def test_borrowed_words_never_outweigh_the_question() -> None:
    long_answer = " ".join(f"word{number}" for number in range(40))
    query = build_query("Who resigned?", [Turn(question="x", answer=long_answer)])
    borrowed = sum(weight for term, weight in query.weights.items() if term not in query.own)
    assert borrowed <= 1.5 + 1e-9


def test_a_complete_question_is_not_expanded() -> None:
    history = [Turn(question="What did the engineer say about the pilings?", answer="Sound.")]
    query = build_query("How much will the pier repairs cost?", history)
    assert not query.expanded
    assert terms("engineer")[0] not in query.weights


def test_the_follow_up_ranks_the_denial_of_the_earlier_topic() -> None:
    index = ArticleIndex(TEXT)
    history = [Turn(question="Was the closure meant to favour a marina?", answer="")]
    ranked = index.ranked_passages(build_query("Who denied it?", history))
    assert "Oskar Brune" in ranked[0][0].text


def test_derived_forms_meet_but_a_short_ending_needs_a_long_word() -> None:
    assert derives(stem("pay"), stem("payments"))
    assert derives(stem("signed"), stem("signatures"))
    assert derives(stem("Veloria"), stem("Velorian"))
    assert not derives(stem("sign"), stem("signal"))
    assert not derives(stem("pay"), stem("paper"))


def test_a_question_finds_the_sentence_with_a_derived_form_of_its_word() -> None:
    text = (
        "The council met on Monday to discuss the new library.\n\n"
        "The campaign has gathered 5,200 signatures in three weeks.\n\n"
        "Officials said the building would open next spring."
    )
    index = ArticleIndex(text)
    query = build_query("How many have signed so far?")
    ranked = index.ranked_passages(query)
    assert "signatures" in ranked[0][0].text
    assert "signatur" in index.kin(stem("signed"))
    assert "signatur" not in query.weights
