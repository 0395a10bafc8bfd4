"""Word families that refute a report without a denying verb: a death report answered, a hoax
and its victims, idioms of untruth, words reported wrongly. Written sentences only."""

from __future__ import annotations

import pytest

from bot.engines.offline.engine import write_brief
from bot.models import Article


def make_article(paragraphs: list[str]) -> Article:
    text = "\n\n".join(paragraphs)
    return Article(title="Rumour", paragraphs=paragraphs, text=text, content_hash="w")


DEATH_RUMOUR = "Posts shared on Sunday said the singer Aino Kask had died in a car crash."
ACCUSATION = (
    "The tenants' union accused the Vell housing board of moving families out to sell the "
    "flats, its chairman Olli Brask said."
)


def denials(paragraphs: list[str]) -> list[str]:
    return [denial.quote for denial in write_brief(make_article(paragraphs)).denials]


@pytest.mark.parametrize(
    "answer",
    [
        "Aino Kask is not dead.",
        "But Kask isn't dead: she posted a photo from her studio on Monday.",
        "Kask is the latest victim of a celebrity death hoax.",
        "Thousands of fans fell for the hoax before her label spoke.",
    ],
)
def test_a_death_report_answered_or_a_hoax_named_is_a_denial(answer: str) -> None:
    assert any(answer[:20] in quote for quote in denials([DEATH_RUMOUR, answer]))


@pytest.mark.parametrize(
    "sentence",
    [
        "Kask was not dead when the ambulance reached the car, the paramedics said.",
        "Kask wrote a song about a hoax caller in 2019.",
    ],
)
def test_a_death_or_a_hoax_described_is_no_denial(sentence: str) -> None:
    assert not any(sentence[:20] in quote for quote in denials([DEATH_RUMOUR, sentence]))


@pytest.mark.parametrize(
    "answer",
    [
        '"Nothing could be further from the truth," the board\'s director, Lea Moor, said.',
        "The housing board said the union's complaint was without merit.",
        'Lea Moor, the board\'s director, said the story of families being moved out "is a myth."',
        "Lea Moor, the board's director, said she had been misquoted by the union's newsletter.",
        "The housing board rubbished the union's claims on Tuesday.",
        'The board\'s director, Lea Moor, called the complaint "a string of falsehoods."',
    ],
)
def test_idioms_of_untruth_and_words_reported_wrongly_deny(answer: str) -> None:
    assert any(answer[:20] in quote for quote in denials([ACCUSATION, answer]))


def test_a_myth_told_as_a_story_denies_nothing() -> None:
    sentence = "Lea Moor, the board's director, said the flats were named after a myth."
    assert not any(sentence[:20] in quote for quote in denials([ACCUSATION, sentence]))


@pytest.mark.parametrize(
    "answer",
    [
        "Lea Moor, the board's director, shot down the union's claims on Tuesday.",
        'The board\'s director, Lea Moor, called the complaint "mere propaganda".',
        "The board was the victim of some wild misinformation, Lea Moor said.",
        "Lea Moor, the board's director, said not a single family had been made to leave.",
        "Lea Moor, the board's director, said no tenant was ever moved out.",
    ],
)
def test_rejecting_words_with_their_object_deny(answer: str) -> None:
    assert any(answer[:20] in quote for quote in denials([ACCUSATION, answer]))


@pytest.mark.parametrize(
    "sentence",
    [
        "The board's chairman was shot down over the sea in 1991, Lea Moor said.",
        "The board will angrily dismiss any criticism, a union member predicted.",
        "Lea Moor, the board's director, said the board wants to fight misinformation online.",
        "The union posted a video with a misleading edit of an interview with Lea Moor.",
        "Lea Moor, the board's director, did not disclose how much the flats would fetch.",
    ],
)
def test_a_plane_shot_down_a_forecast_a_topic_or_a_withheld_detail_denies_nothing(
    sentence: str,
) -> None:
    assert not any(sentence[:20] in quote for quote in denials([ACCUSATION, sentence]))


@pytest.mark.parametrize(
    "answer",
    [
        "Update: the board issued a statement on Friday to clear up the confusion about the move.",
        "Lea Moor, the board's director, wrote to tenants to set the record straight.",
        "A neighbour, Pia Lund, said there was no way the families could have been moved out "
        "without her noticing.",
    ],
)
def test_putting_a_report_right_or_calling_it_impossible_denies(answer: str) -> None:
    assert any(answer[:20] in quote for quote in denials([ACCUSATION, answer]))


@pytest.mark.parametrize(
    "sentence",
    [
        "Crews worked through the night to clear up the debris, Lea Moor said.",
        "Lea Moor, the board's director, said there was no way to reach the flats by road.",
    ],
)
def test_clearing_debris_or_a_road_with_no_way_denies_nothing(sentence: str) -> None:
    assert not any(sentence[:20] in quote for quote in denials([ACCUSATION, sentence]))


RECKONED = "Posts shared on Sunday said the Vell housing board would sell every flat by May."


@pytest.mark.parametrize(
    "answer",
    ["Wrong.", "Satire site The Weekly Spoon ran the story first, on Saturday."],
)
def test_a_one_word_verdict_or_a_satire_site_as_the_source_denies(answer: str) -> None:
    assert any(answer[:20] in quote for quote in denials([RECKONED, "True?", answer]))


def test_fake_news_sites_as_a_topic_deny_nothing() -> None:
    sentence = "The board has warned tenants about fake news sites that copy its letters."
    assert not any(sentence[:20] in quote for quote in denials([RECKONED, sentence]))


SALE_CLAIM = (
    "The tenants' union said the Vell housing board had signed the sale of the riverside flats "
    "to a developer, its chairman Olli Brask said."
)


def test_a_negation_conceded_in_the_speaker_s_own_report_denies_nothing() -> None:
    sentence = (
        "Lea Moor, the board's director, said a buyer for the riverside flats had been chosen, "
        "though the sale had not been signed."
    )
    assert not any(sentence[:20] in quote for quote in denials([SALE_CLAIM, sentence]))


def test_the_same_negation_said_outright_answers_the_claim() -> None:
    sentence = "Lea Moor, the board's director, said the sale of the flats had not been signed."
    assert any(sentence[:20] in quote for quote in denials([SALE_CLAIM, sentence]))


@pytest.mark.parametrize(
    "sentence",
    [
        "Ana Lind, a housing economist at Tarn University, said the Vell housing board had not "
        "moved families out to sell the flats.",
        "Housing analyst Ana Lind said the board did not move families out of the flats to sell "
        "them.",
    ],
)
def test_an_outside_expert_s_plain_negation_is_a_view_not_a_denial(sentence: str) -> None:
    assert not any(sentence[:20] in quote for quote in denials([ACCUSATION, sentence]))


def test_a_quotation_no_one_is_named_for_is_not_the_outlet_s_refutation() -> None:
    paragraphs = [
        RECKONED,
        "Tenants gathered outside the board's offices on Monday.",
        '"That story is a complete fabrication and everyone here knows it."',
    ]
    assert not any("complete fabrication" in quote for quote in denials(paragraphs))


@pytest.mark.parametrize(
    "view",
    [
        "The union's lawyer, Pia Rand, said she did not think an eviction order would be useful.",
        "Brask said he doesn't believe it is wise to move the families before spring.",
    ],
)
def test_a_view_on_what_would_help_held_back_is_no_denial(view: str) -> None:
    assert not any(view[:20] in quote for quote in denials([ACCUSATION, view]))


def test_a_negated_belief_about_the_claim_itself_still_answers_it() -> None:
    answer = "The board's director, Ilse Marr, said she did not think the union's account was true."
    assert any(answer[:20] in quote for quote in denials([ACCUSATION, answer]))


def test_a_clinician_ruling_out_symptoms_rejects_no_claim() -> None:
    paragraphs = [
        "Tenants of the Vell flats said damp in the walls had made their children ill.",
        "A doctor at the district clinic dismissed the children's symptoms as a seasonal cold.",
    ]
    assert not any("seasonal cold" in quote for quote in denials(paragraphs))
    answer = "The housing board dismissed the tenants' account as exaggerated."
    assert any("exaggerated" in quote for quote in denials([*paragraphs, answer]))


def test_a_negation_inside_a_relative_clause_describes_and_denies_nothing() -> None:
    sentence = (
        "Lea Moor, the board's director, said buyers had moved into flats on the riverside, "
        "where the sale had not been signed, and into the old mill."
    )
    assert not any(sentence[:20] in quote for quote in denials([SALE_CLAIM, sentence]))


def test_rejecting_a_party_in_a_role_is_no_denial() -> None:
    sentence = (
        "The tenants' union, which has rejected the housing board as a partner in any future "
        "talks, called a meeting for Friday."
    )
    assert denials([ACCUSATION, sentence]) == []


def test_a_report_rejected_as_untrue_still_is_a_denial() -> None:
    sentence = "The housing board rejected the union's account as untrue on Friday."
    assert denials([ACCUSATION, sentence]) == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "It isn't clear whether the board moved any families out, Brask said.",
        "It’s unclear whether the board moved any families out, Brask said.",
    ],
)
def test_what_is_not_clear_is_unverified_not_denied(sentence: str) -> None:
    brief = write_brief(make_article([ACCUSATION, sentence]))
    assert [item.quote for item in brief.denials] == []
    assert [item.quote for item in brief.unverified] == [sentence]


def test_an_act_judged_misleading_is_an_accusation_not_a_denial() -> None:
    sentence = (
        "“It is misleading for a housing board to move families out in secret,” Olli Brask, "
        "the union's chairman, told reporters."
    )
    brief = write_brief(make_article([ACCUSATION, sentence]))
    assert [item.quote for item in brief.denials] == []
    assert sentence in [item.quote for item in brief.claims]
