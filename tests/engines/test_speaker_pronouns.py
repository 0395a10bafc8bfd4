"""Whom a pronoun stands for: the person, body or document just named, never a thing."""

from __future__ import annotations

from bot.engines.offline.proper_names import full_names, proper_words
from bot.engines.offline.speakers import speaker_kind
from bot.text.sentences import split_sentences
from tests.engines.attributions import NAMES, attributions, speakers


def test_it_never_stands_for_a_person() -> None:
    text = (
        f"{NAMES}\n\nIlse Varga, the harbour master, said the new crane was working well. "
        "It says the quay can now take two ships at once."
    )
    found = attributions(text)
    assert found[-1] is not None
    assert found[-1].unresolved


def test_it_stands_for_the_document_just_named() -> None:
    text = (
        f"{NAMES}\n\nIlse Varga, the harbour master, said the crane was working well.\n\n"
        "The audit was published by the port on Friday. It says the crane cost twice the "
        "estimate."
    )
    found = attributions(text)
    assert found[-1] is not None
    assert found[-1].speaker == "The audit"


def test_it_stands_for_the_body_that_spoke_last() -> None:
    text = (
        f"{NAMES}\n\nIlse Varga said the crane was working well. The port authority said the "
        "work had been delayed by storms. It said the quay would reopen in May."
    )
    assert speakers(text)[-1] == "The port authority"


def test_a_surname_of_a_named_person_is_not_whom_they_means() -> None:
    text = f'{NAMES}\n\nVarga said the crane was working well.\n\n"We were never asked," they said.'
    found = attributions(text)
    assert found[-1] is not None
    assert found[-1].unresolved
    varga = [attribution for attribution in found if attribution and attribution.speaker == "Varga"]
    assert [attribution.kind for attribution in varga] == ["person"]


def test_a_plural_noun_before_a_verb_belongs_to_the_subject_and_lends_no_they() -> None:
    text = (
        "The dockers said Harrow had closed the yard in May.\n\n"
        "Harrow gauges have failed twice this winter. "
        '"We were never told why," they said.'
    )
    assert speakers(text)[-1] == "The dockers"


def test_a_name_after_the_is_a_body_not_a_person() -> None:
    proper = frozenset(("Harbour", "Gazette", "Rev", "Edda", "Quint"))
    assert speaker_kind("The Harbour Gazette", proper) == "organisation"
    assert speaker_kind("the Rev. Edda Quint", proper) != "organisation"
    text = (
        f"{NAMES}\n\nThe Harbour Gazette reported that the ferry was late again. "
        '"It was never on time," she said.'
    )
    assert speakers(text)[-1] != "The Harbour Gazette"


def test_a_headline_capitalises_no_name_into_being() -> None:
    text = (
        "Edda Quint Says Pier Will Reopen\n\n"
        "The council heard from Quint on Monday. Quint said the pier would reopen in May."
    )
    sentences = split_sentences(text)
    proper = proper_words(text, sentences)
    assert "Says" not in proper
    assert full_names(text, proper) == {"Quint": "Edda Quint"}


def test_a_first_name_that_opens_a_sentence_is_part_of_the_full_name() -> None:
    text = (
        "Nils Borg, the port's spokesman, said the pier was shut. "
        "Later that day the council asked Borg to explain. The pier stays shut."
    )
    proper = proper_words(text, split_sentences(text))
    assert full_names(text, proper) == {"Borg": "Nils Borg"}


def test_a_bare_surname_named_as_a_subject_is_whom_a_later_she_means() -> None:
    text = (
        "Officials in Lomar met Quint on Monday.\n\n"
        "The harbour union said the pier had been closed since May.\n\n"
        'Quint walked along the quay on Tuesday. "We will rebuild it," she said.'
    )
    assert speakers(text)[-1] == "Quint"
