"""What the offline engine files as a denial, and what it does not: written sentences, general
word families, no article of the evaluation data."""

from __future__ import annotations

import pytest

from bot.engines.offline.denials import PLAIN_NEGATION_RE, denial_strength, flat_denial
from bot.engines.offline.engine import write_brief
from bot.models import Article, Brief


def make_article(paragraphs: list[str], title: str = "Quarry dispute") -> Article:
    text = "\n\n".join(paragraphs)
    return Article(title=title, paragraphs=paragraphs, text=text, content_hash="d")


def denial_quotes(brief: Brief) -> list[str]:
    return [denial.quote for denial in brief.denials]


ACCUSATION = (
    "Residents of Tollby accused the Marsden Quarry Company of blasting at night in breach of "
    "its licence, Mayor Ilse Varga said on Tuesday."
)


@pytest.mark.parametrize(
    "answer",
    [
        '"The report is rubbish from start to finish," said Pia Lund, a spokeswoman for the '
        "company.",
        "The company's owner, Tomas Reyes, called the claims unsubstantiated.",
        "Marsden Quarry rejected the accusation on Wednesday.",
        "A spokeswoman for the quarry dismissed the complaint as baseless.",
        '"None of that is true," Reyes told the local radio station.',
    ],
)
def test_rejecting_a_claim_is_a_denial(answer: str) -> None:
    brief = write_brief(make_article([ACCUSATION, answer]))
    assert any(answer[:25] in quote for quote in denial_quotes(brief))


@pytest.mark.parametrize(
    "remark",
    [
        '"We will never give up on this town," said Greta Olsen, who runs the bakery.',
        '"It really doesn\'t matter what the weather does," said Greta Olsen, who runs the bakery.',
        "The company declined to comment on the blasting.",
        "A company spokesman refused to confirm the schedule of the night shifts.",
    ],
)
def test_a_plain_negation_or_no_comment_is_not_a_denial(remark: str) -> None:
    brief = write_brief(make_article([ACCUSATION, remark]))
    assert not any(remark[:25] in quote for quote in denial_quotes(brief))


def test_a_negation_that_answers_the_claim_is_a_denial() -> None:
    article = make_article(
        [
            ACCUSATION,
            '"Our crews have never blasted at night, and the licence has not been breached," '
            "said Pia Lund, a spokeswoman for the Marsden Quarry Company.",
        ]
    )
    brief = write_brief(article)
    assert any("never blasted at night" in quote for quote in denial_quotes(brief))


def test_the_outlets_own_refutation_is_a_denial() -> None:
    article = make_article(
        [
            "A photograph shared widely online appeared to show a crane collapsing onto the "
            "Tollby bridge.",
            "The photograph turned out to be a hoax made from two older pictures.",
        ]
    )
    brief = write_brief(article)
    assert [denial.by for denial in brief.denials] == [None]
    assert "turned out to be a hoax" in brief.denials[0].quote


@pytest.mark.parametrize(
    "sentence",
    [
        "Fans shared fake accounts of the match on social media all week.",
        "The judge denied him bail on Friday.",
        "Is the photograph a hoax?",
    ],
)
def test_describing_a_fake_or_refusing_a_request_is_not_a_denial(sentence: str) -> None:
    brief = write_brief(make_article([ACCUSATION, sentence]))
    assert not any(sentence[:20] in quote for quote in denial_quotes(brief))


def test_what_investigators_found_is_evidence() -> None:
    article = make_article(
        [
            ACCUSATION,
            "Investigators found cracks in at least 14 houses near the quarry's eastern wall.",
        ]
    )
    brief = write_brief(article)
    assert any("found cracks" in item.quote for item in brief.evidence)


def test_a_denial_is_linked_only_to_the_claim_it_answers() -> None:
    article = make_article(
        [
            ACCUSATION,
            "General Ruth Anand said the army had no influence over local licensing boards.",
            "The Marsden Quarry Company rejected the accusation of night blasting.",
        ]
    )
    brief = write_brief(article)
    quarry = next(d for d in brief.denials if "Marsden" in d.quote)
    linked = next(c for c in brief.claims if c.id == quarry.responds_to)
    assert "blasting at night" in linked.quote


def test_at_most_four_items_of_each_kind() -> None:
    answers = [
        f"Spokesman number {n}, Karl Weber{n}, rejected the accusation about shift {n}."
        for n in range(1, 9)
    ]
    brief = write_brief(make_article([ACCUSATION, *answers]))
    assert len(brief.denials) == 4


@pytest.mark.parametrize(
    "refutation",
    [
        "Update: the man seen in the footage is not the quarry's owner, the paper has learned.",
        "It later turned out that the blasting schedule in the leaked memo was a hoax.",
        "But the night blast described in the posts never happened, the fire brigade's log shows.",
    ],
)
def test_a_retraction_or_an_event_that_never_happened_is_a_denial(refutation: str) -> None:
    brief = write_brief(make_article([ACCUSATION, refutation]))
    assert any(refutation[:25] in quote for quote in denial_quotes(brief))


@pytest.mark.parametrize(
    "answer",
    [
        "Reports that the quarry had blasted after dark have been denied by Marsden Quarry.",
        '"It isn\'t him," a lawyer for the quarry foreman, Jonas Pell, said of the man in the '
        "photograph.",
        "The quarry's lawyer, Ada Kern, said her client was innocent.",
        "Marsden Quarry called the residents' account completely false.",
        "Marsden Quarry said the residents' complaints were greatly exaggerated.",
        "Marsden Quarry said the residents had distorted the facts.",
    ],
)
def test_reported_denials_and_pleas_of_innocence_are_denials(answer: str) -> None:
    brief = write_brief(make_article([ACCUSATION, answer]))
    assert any(answer[:25] in quote for quote in denial_quotes(brief))


@pytest.mark.parametrize(
    ("answer", "by"),
    [
        ("Marsden, 61, pleaded not guilty to two counts of night blasting.", "Marsden"),
        (
            "Ida Marsden, the quarry's owner, denied that any blasting took place at night.",
            "Ida Marsden, the quarry's owner",
        ),
        (
            "The residents' account was rejected by the county council on Monday.",
            "the county council",
        ),
    ],
)
def test_a_plea_or_a_denial_by_a_named_party_names_it(answer: str, by: str) -> None:
    brief = write_brief(make_article([ACCUSATION, answer]))
    denial = next(item for item in brief.denials if answer[:20] in item.quote)
    assert denial.by == by


@pytest.mark.parametrize(
    "sentence",
    [
        "There are a lot of fake quarry pages on social media this year.",
        "Mourners gathered after reading a fake report about the quarry's closure.",
        "The origin of the leaked memo has been called into question.",
        "The company denied repeated requests from the paper for an interview.",
        '"I have no doubt that the quarry will reopen," said Greta Olsen, who runs the bakery.',
        '"I don\'t want to move away from Tollby," said Greta Olsen, who runs the bakery.',
        "Dust makes the lungs react in an exaggerated way, said Greta Olsen, a doctor in Tollby.",
        "The quarry lies beside the disputed boundary between the two parishes.",
        '"Fear grows from facts, but facts as distorted by rumour," said Greta Olsen, a baker.',
    ],
)
def test_describing_doubting_or_refusing_is_not_a_denial(sentence: str) -> None:
    brief = write_brief(make_article([ACCUSATION, sentence]))
    assert not any(sentence[:25] in quote for quote in denial_quotes(brief))


def test_a_refuting_word_after_a_run_of_adverbs_is_still_a_denial() -> None:
    sentence = '"These reports are absolutely, utterly and completely false," Jo Roe said.'
    content = sentence[: sentence.index(',"')]
    assert denial_strength("said", content, sentence) == "strong"


RUMOUR = (
    "Reports spread online on Monday that the quarry's owner, Tomas Reyes, had fled the country."
)


@pytest.mark.parametrize(
    ("answer", "by"),
    [
        ("Contrary to those reports, police in Tollby said Reyes was at home.", "police in Tollby"),
        ("His lawyer moved quickly to deny the reports on Tuesday.", "His lawyer"),
        ("Tomas Reyes took to the radio to debunk the story.", "Tomas Reyes"),
        ("The story first appeared on a satirical news site.", None),
        ("The whole thing was nothing more than a prank by a former worker.", None),
        ("Border police said they had no record of Reyes leaving.", "Border police"),
        ("His daughter quashed the rumours in a short statement.", None),
        ("The report was incorrect, the quarry's manager said.", "the quarry's manager"),
        ("The false report was shared thousands of times before it was taken down.", None),
    ],
)
def test_debunking_a_report_in_so_many_words_is_a_denial(answer: str, by: str | None) -> None:
    brief = write_brief(make_article([RUMOUR, answer]))
    assert [(denial.by, denial.quote) for denial in brief.denials] == [(by, answer)]


@pytest.mark.parametrize(
    "sentence",
    [
        "His friends were quick to defend him online.",
        "The quarry said it was trying to deny entry to reporters.",
        "Reyes was once hired to start a satirical website for a newspaper.",
    ],
)
def test_doing_something_quickly_or_a_satire_job_is_not_a_denial(sentence: str) -> None:
    brief = write_brief(make_article([RUMOUR, sentence]))
    assert not brief.denials


@pytest.mark.parametrize(
    "sentence",
    [
        "If the council rejected the quarry's plan, forty jobs would go.",
        "Marsden Quarry will refuse to answer questions from the residents' panel.",
        "Editor's note: the quarry's owner is a serial liar and a bully.",
    ],
)
def test_a_condition_a_refusal_to_answer_and_an_insult_are_no_denials(sentence: str) -> None:
    brief = write_brief(make_article([ACCUSATION, sentence]))
    assert all(sentence[:25] not in quote for quote in denial_quotes(brief))


@pytest.mark.parametrize(
    "answer",
    [
        'Marsden Quarry said the residents\' complaints were "lies from start to finish."',
        "Marsden Quarry called the residents' account of that night a cruel lie.",
    ],
)
def test_lies_said_of_a_claim_deny_it(answer: str) -> None:
    brief = write_brief(make_article([ACCUSATION, answer]))
    assert any(answer[:25] in quote for quote in denial_quotes(brief))


def test_lies_as_a_verb_denies_nothing() -> None:
    sentence = "The quarry's future lies in the hands of the regional council, its owner said."
    brief = write_brief(make_article([ACCUSATION, sentence]))
    assert all(sentence[:25] not in quote for quote in denial_quotes(brief))


@pytest.mark.parametrize(
    ("sentence", "taken_back"),
    [
        ("As it turns out, a quarry doesn't need a night shift to meet its orders.", False),
        ("It later turned out that the photo of the pit was not taken at Marsden.", True),
        ("Update: the foreman did not resign, as this article first said.", True),
    ],
)
def test_a_negation_takes_back_only_a_report_it_names_or_under_a_note(
    sentence: str, taken_back: bool
) -> None:
    assert (denial_strength("", sentence, sentence) == "strong") is taken_back


def test_a_negation_echoing_a_negative_claim_agrees_with_it() -> None:
    brief = write_brief(
        make_article(
            [
                "Tollby police said the protesters inside the quarry had no option but to come "
                "out and surrender.",
                '"Other than coming out to surrender, I don\'t see any viable option for them," '
                "said Greta Olsen, a police commander.",
            ]
        )
    )
    assert not any("viable option" in quote for quote in denial_quotes(brief))


@pytest.mark.parametrize(
    ("sentence", "flat"),
    [
        ("The night blasting the residents describe never happened.", True),
        ("The rise in dust never happened in villages with a hedge around the quarry.", False),
    ],
)
def test_an_event_said_not_to_have_happened_unless_only_in_some_cases(
    sentence: str, flat: bool
) -> None:
    assert flat_denial(sentence) is flat


def test_not_only_is_no_negation() -> None:
    assert not PLAIN_NEGATION_RE.search("The blasts are not only loud but also frequent.")
    assert PLAIN_NEGATION_RE.search("The blasts are not loud.")
