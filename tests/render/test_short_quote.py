"""The short quote of an item: the words after the speaker's name, no stray punctuation."""

from bot.render.overview import short_quote


def test_a_transcript_line_loses_the_colon_after_its_speaker() -> None:
    quote = "Mara Lind: We will open the ferry line to Oskby in May, with a shelter at each stop."
    shown = short_quote(quote, by="Mara Lind")
    assert shown.startswith("…We will open the ferry line")
    assert ":" not in shown


def test_a_quote_opening_with_its_speaker_starts_after_the_name() -> None:
    quote = "As evidence, the harbour board released two surveys of the silt along the quay."
    assert short_quote(quote, by="the harbour board") == (
        "…released two surveys of the silt along the quay."
    )
