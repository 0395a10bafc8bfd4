"""Speakers named outside the usual reporting cues: a transcript's "NAME: …" turn and a
quotation signed with a dash ("“…” ― Name, 35, of Lowell"), as pull quotes and collected
comments print them; and a transcript's stage directions, which nobody speaks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engines.offline.attributed import Attribution
from bot.engines.offline.speakers import bare, clean_speaker, speaker_kind
from bot.text.sentences import Sentence

_MIN_CONTENT = 8
_DASH_SIGNATURE_RE = re.compile(
    r"(?:(?<=[”\"])|^)\s*[―—–]\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:,[^“”\"]{0,80})?)\.?\s*$"
)
# "PENCE: Well, look …" in a transcript, "Caddell: Voters are worried" in a headline.
_SPEAKER_COLON_RE = re.compile(
    r"^[\"“']?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*:\s+(?=\S)"
)  # a transcript turn may open inside the quotation of the whole transcript
# `“Ferries: all of them late again,” one rider wrote.`: the quotation closes and its speaker
# follows, so the label before the colon is part of what was said.
_CLOSED_THEN_SAID_RE = re.compile(r"[”\"]\s*\w[^”\"]*$")
_STAGE_DIRECTION_RE = re.compile(
    r"[\"“”'‘’]*[(\[]\s*(?P<note>[A-Za-z][A-Za-z ]{0,40}?)\s*[.!?]?\s*[)\]][.!?\"“”'‘’]*"
)
_NOTE_WORDS = 2
_NOT_SPEAKERS = frozenset(
    (
        "update", "updated", "note", "editor's", "editor’s", "photo", "photos", "video", "watch",
        "read", "breaking", "correction", "related", "advertisement", "source", "sources",
        "warning", "listen", "see", "more", "also", "q", "a", "question", "answer", "credit",
        "disclosure", "clarification", "caption", "image", "images", "exclusive", "opinion",
        "analysis", "live", "poll", "graphic", "map", "chart", "timeline", "transcript",
        "latest", "explainer", "factbox", "factcheck", "recap", "preview", "review", "profile",
    )
)  # fmt: skip


def stage_direction(sentence: Sentence) -> bool:
    """ "(CROSSTALK)", "[applause]", "(BEGIN VIDEO CLIP)": a transcript's note of what happened,
    nobody's words; a sentence in brackets ("(She later apologised.)") is prose."""
    found = _STAGE_DIRECTION_RE.fullmatch(sentence.text.strip())
    if found is None:
        return False
    words = found.group("note").split()
    return len(words) <= _NOTE_WORDS or found.group("note").isupper()


# What spoken words hold and an entry in a list of names does not: a person speaking or
# spoken to, or the verb of a sentence.
_SPOKEN_RE = re.compile(
    r"\b(?:I|we|me|us|my|our|you|your|is|are|was|were|be|been|have|has|had|do|does|did|will|"
    r"would|can|could|should|may|might|must)\b|[’'](?:s|re|m|ve|ll|d)\b|n[’']t\b|"
    r"[“\"?!]",
    re.IGNORECASE,
)


def speaker_before_colon(sentence: Sentence, proper: frozenset[str]) -> Attribution | None:
    """A name, and nothing else, before a colon opening the sentence speaks what follows."""
    match = _SPEAKER_COLON_RE.match(sentence.text)
    if match is None or len(sentence.text) - match.end() < _MIN_CONTENT:
        return None
    if match.group().startswith(('"', "“", "'")) and _CLOSED_THEN_SAID_RE.search(
        sentence.text, match.end()
    ):
        return None
    words = match.group(1).split()
    if any(word.casefold() in _NOT_SPEAKERS for word in words):
        return None
    named = all(word.isupper() and len(word) > 1 for word in words) or all(
        word.rstrip(".") in proper for word in words
    )
    if not named:
        return None
    if not words[0].isupper() and not _SPOKEN_RE.search(sentence.text, match.end()):
        return None  # "Jo Roe: Possession of a stolen car, held on bond": a record's entry
    speaker = match.group(1)
    return Attribution(
        sentence=sentence,
        speaker=speaker,
        mention=speaker,
        cue=":",
        content_start=sentence.start + match.end(),
        content_end=sentence.end,
        form="direct",
        kind=speaker_kind(speaker, proper) if not speaker.isupper() else "person",
        anonymous=False,
    )


def sign_dashed_quotations(
    sentences: Sequence[Sentence], found: list[Attribution | None], proper: frozenset[str]
) -> None:
    """`“…” ― Name, 35, of Lowell`: a quotation signed with a dash after it, as pull quotes
    and collected comments are; the signature names who said the paragraph's quoted words."""
    for index, sentence in enumerate(sentences):
        signed = _DASH_SIGNATURE_RE.search(sentence.text)
        if signed is None:
            continue
        speaker = clean_speaker(signed.group("name").split(",")[0]).rstrip(".")
        if not speaker or not all(bare(word) in proper for word in speaker.split()):
            continue
        own_words = signed.start() > 0
        paragraph = sentence.paragraph
        if not own_words and index > 0 and sentences[index - 1].paragraph != paragraph:
            # The signature on a line of its own, under the quotation it signs.
            if not sentences[index - 1].text.rstrip().endswith(("”", '"')):
                continue
            paragraph = sentences[index - 1].paragraph
        first = index
        while (
            first > 0 and sentences[first - 1].paragraph == paragraph and found[first - 1] is None
        ):
            first -= 1
        last = index if own_words else index - 1
        for position in range(first, last + 1):
            part = sentences[position]
            end = part.start + signed.start() if position == index else part.end
            if end - part.start < _MIN_CONTENT:
                continue
            found[position] = Attribution(
                sentence=part,
                speaker=speaker,
                mention=speaker,
                cue="―",
                content_start=part.start,
                content_end=end,
                form="direct" if position == first else "carried",
                kind=speaker_kind(speaker, proper),
                anonymous=False,
            )
