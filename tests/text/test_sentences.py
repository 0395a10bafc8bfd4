from bot.text.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


def test_abbreviations_titles_and_initials_do_not_end_sentences() -> None:
    text = (
        "Gen. J. R. Halloway met Lt. Col. Anna Brisk in the U.S. capital on Jan. 5 and said "
        "Route No. 3 was open. Mr. Orrin disagreed."
    )
    assert texts(text) == [
        "Gen. J. R. Halloway met Lt. Col. Anna Brisk in the U.S. capital on Jan. 5 and said "
        "Route No. 3 was open.",
        "Mr. Orrin disagreed.",
    ]


def test_acronym_at_the_end_of_a_sentence_still_splits() -> None:
    assert texts("The delegation flew to the U.S. The talks begin today.") == [
        "The delegation flew to the U.S.",
        "The talks begin today.",
    ]


def test_decimals_ellipses_and_marks() -> None:
    text = "Prices rose 3.5 percent. Then... nothing happened. Why? Nobody knows!"
    assert texts(text) == [
        "Prices rose 3.5 percent.",
        "Then... nothing happened.",
        "Why?",
        "Nobody knows!",
    ]


def test_quotation_spanning_sentences_stays_with_its_speaker() -> None:
    text = '"We are certain. The trucks came at night," the mayor said. She left.'
    assert texts(text) == [
        '"We are certain. The trucks came at night," the mayor said.',
        "She left.",
    ]


def test_curly_quotes_and_question_inside_quotation() -> None:
    text = "“Who paid for it? Nobody knows,” said Tomas Reel. “Not even us.”"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "“Who paid for it? Nobody knows,” said Tomas Reel.",
        "“Not even us.”",
    ]
    assert [s.quoted for s in sentences] == [False, True]


def test_open_quotation_runs_to_the_paragraph_end_and_is_marked() -> None:
    text = 'The chief said it was over.\n\n"This goes on. And on.\n\n"It ends here," he said.'
    sentences = split_sentences(text)
    assert [(s.text, s.paragraph, s.quoted) for s in sentences] == [
        ("The chief said it was over.", 0, False),
        ('"This goes on.', 1, True),
        ("And on.", 1, True),
        ('"It ends here," he said.', 2, False),
    ]


def test_offsets_are_spans_of_the_text() -> None:
    text = "  First one here.  Second, with Dr. Vell.\n\nThird paragraph now."
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.index for s in split_sentences(text)] == [0, 1, 2]


def test_lowercase_after_period_does_not_split() -> None:
    assert texts("He met officials from Acme Inc. and left. It rained.") == [
        "He met officials from Acme Inc. and left.",
        "It rained.",
    ]


def test_empty_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []
