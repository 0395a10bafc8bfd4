"""Speakers that reach past their own sentence: a pronoun, a quotation that runs on, a
quotation introduced by the sentence before.

Why apart from `attribution`: those rules read one sentence and its cue; these read a sentence
in the light of the attribution before it, and decide whether that speaker still holds.
"""

from __future__ import annotations

import re

from bot.engines.offline.attributed import Attribution
from bot.engines.offline.cues import PRONOUNS, QUOTE_CHARS
from bot.engines.offline.speaker_spans import sentence_subject
from bot.engines.offline.speakers import clean_speaker, names_a_thing, speaker_kind
from bot.text.sentences import Sentence, quotation_spans

_MAX_CARRY_PARAGRAPHS = 1
_PLURAL_VERB_RE = re.compile(r"\s+(?:have|are|were|do)\b")
# "On Sunday, ", "In an interview with the Times, ": what opens a sentence before its subject.
_INTRO_RE = re.compile(
    r"^(?:(?:on|in|at|during|after|before|speaking|asked|later|earlier)\b[^,]{0,60},\s*)+",
    re.IGNORECASE,
)


def introduced(
    sentence: Sentence, previous: Sentence, proper: frozenset[str]
) -> Attribution | None:
    """A quotation standing alone after a sentence about someone, in the same paragraph: "X,
    who …, pointed to the young. "…"": the subject of the sentence before speaks it."""
    if previous.paragraph != sentence.paragraph or previous.quoted:
        return None
    if not _wholly_quoted(sentence):
        return None
    before = previous.text
    intro = _INTRO_RE.match(before)
    subject = sentence_subject(before[intro.end() :] if intro else before, proper)
    if subject is None:
        return None
    speaker = clean_speaker(subject.split(",")[0])
    kind = speaker_kind(speaker, proper) if speaker else None
    if kind not in ("person", "role") or speaker.casefold() in PRONOUNS:
        return None
    return Attribution(
        sentence=sentence,
        speaker=speaker,
        mention=speaker,
        cue="quotation",
        content_start=sentence.start,
        content_end=sentence.end,
        form="direct",
        kind=kind,
        anonymous=False,
    )


def named_subject(
    sentence: Sentence, proper: frozenset[str], names: dict[str, str]
) -> Attribution | None:
    """A party named as the subject of a sentence that reports no words ("Roe arrived in Lomar
    on Monday.", "The ministry has twice denied it."): whom a "he", "she" or "they" in the next
    sentences most likely means. A bare surname stands for the whole name given before."""
    if sentence.quoted or sentence.text.lstrip()[:1] in QUOTE_CHARS:
        return None
    text = sentence.text
    intro = _INTRO_RE.match(text)
    subject = sentence_subject(text[intro.end() :] if intro else text, proper)
    if subject is None:
        return None
    speaker = clean_speaker(subject.split(",")[0])
    if not speaker or speaker.casefold() in PRONOUNS:
        return None
    kind = speaker_kind(speaker, proper)
    if kind == "organisation" and speaker in names:
        speaker, kind = names[speaker], "person"
    if kind == "person" and _plural_subject(text, speaker):
        kind = "collective"
    if kind not in ("person", "organisation", "collective", "document"):
        return None
    return Attribution(
        sentence=sentence,
        speaker=speaker,
        mention=speaker,
        cue="",
        content_start=sentence.start,
        content_end=sentence.start,
        form="indirect",
        kind=kind,
    )


_PLURAL_HEAD_RE = re.compile(r"[a-z]+[^s'’]s")


def referent(
    pronoun: str,
    paragraph: int,
    last: Attribution | None,
    named: Attribution | None,
    document: Attribution | None = None,
    persons: frozenset[str] = frozenset(),
) -> Attribution | None:
    """Whom a pronoun stands for: the party named as a subject since the last speaker, if it
    fits the pronoun (a person for "he" or "she", a group for "they"), else the last speaker.
    "It" stands only for a body or a document (the last one named, or that spoke, nearby).
    `persons` are the surnames of people the article named in full."""
    pronoun = pronoun.casefold()
    if pronoun == "it":
        near = [
            found
            for found in (named, document)
            if found is not None and found.sentence.paragraph >= paragraph - _MAX_CARRY_PARAGRAPHS
        ]
        bodies = [
            found for found in (last, *near) if found is not None and speaks_as_it(found, persons)
        ]
        return max(bodies, key=lambda found: found.sentence.index, default=None)
    if pronoun in ("he", "she"):
        fitting = named is not None and (named.kind == "person" or _surname(named))
    elif pronoun == "they":
        fitting = named is not None and not _person(named, persons)
    else:
        fitting = False
    if not fitting or named is None:
        return last
    if named.sentence.paragraph < paragraph - _MAX_CARRY_PARAGRAPHS:
        return last  # named too far back to be the one meant
    if last is None or named.sentence.index > last.sentence.index:
        return named
    return last


def _surname(found: Attribution) -> bool:
    """A single capitalised word taken for a body ("Roe") may be a person's surname."""
    return found.kind == "organisation" and len(found.speaker.split()) == 1


def _person(found: Attribution, persons: frozenset[str]) -> bool:
    """A person, or a bare surname of one the article named in full ("Roe", after Jane Roe)."""
    return found.kind == "person" or (found.kind == "organisation" and found.speaker in persons)


def speaks_as_it(found: Attribution, persons: frozenset[str] = frozenset()) -> bool:
    """A party "it" can stand for: a body (a ministry, a firm) or a document (a report, a
    study), never a person, a role or a group of people."""
    return found.kind in ("organisation", "document") and not _person(found, persons)


def _plural_role(speaker: str) -> bool:
    """A speaker named by a plural noun: "Roe's friends", "two officials", "the lawyers"."""
    head = speaker.split(",")[0].split()[-1:]
    return bool(head) and _PLURAL_HEAD_RE.fullmatch(head[0]) is not None


def _plural_subject(text: str, subject: str) -> bool:
    """A name with a plural verb ("Roe and Doe have …", "Acme Records have …") is a group."""
    at = text.find(subject)
    return at >= 0 and bool(_PLURAL_VERB_RE.match(text, at + len(subject)))


def _wholly_quoted(sentence: Sentence) -> bool:
    text = sentence.text.rstrip()
    if text.lstrip()[:1] not in QUOTE_CHARS:
        return False
    if sentence.quoted:
        return True
    spans = quotation_spans(text)
    return len(spans) == 1 and spans[0][1] >= len(text.rstrip(".!?")) - 1


def inside_running_quotation(sentence: Sentence, last: Attribution | None) -> bool:
    """A sentence wholly within a quotation that runs on from an attributed one, or within a
    transcript speaker's turn ("PENCE: … Clinton wants …" is Pence speaking)."""
    if last is None:
        return False
    if last.cue == ":":
        return last.sentence.paragraph == sentence.paragraph
    if not sentence.quoted:
        return False
    return not any(char in sentence.text for char in QUOTE_CHARS) and continues(sentence, last)


def continues(sentence: Sentence, last: Attribution) -> bool:
    """A quotation running on, or the rest of a transcript speaker's turn ("PENCE: …")."""
    if last.cue == ":" and sentence.paragraph == last.sentence.paragraph:
        return True
    return _continues_quotation(sentence, last)


def _continues_quotation(sentence: Sentence, last: Attribution) -> bool:
    if not sentence.quoted:
        return False
    gap = sentence.paragraph - last.sentence.paragraph
    if gap == 0:
        return True
    return gap <= _MAX_CARRY_PARAGRAPHS and last.form in ("direct", "carried")


def resolve_pronoun(
    attribution: Attribution, last: Attribution | None, persons: frozenset[str] = frozenset()
) -> Attribution:
    """The last speaker of a fitting kind; a pronoun with none stays as the article put it."""
    pronoun = attribution.mention.casefold()
    in_turn = (
        last is not None
        and last.cue == ":"
        and last.sentence.paragraph == attribution.sentence.paragraph
    )
    fits = last is not None and (pronoun not in ("i", "we") or in_turn)  # "PENCE: … I said …"
    if last is not None and pronoun in ("he", "she"):
        fits = fits and (last.kind in ("person", "role", "anonymous") or _surname(last))
        fits = fits and not _plural_role(last.speaker)  # "Roe's friends said …. He denied …"
    if last is not None and pronoun == "it":
        fits = fits and speaks_as_it(last, persons)
    if last is not None and pronoun == "they":
        plural = _plural_subject(last.sentence.text, last.speaker)
        fits = fits and (not _person(last, persons) or plural)
    if last is not None and pronoun in ("he", "she", "they") and names_a_thing(last.speaker):
        fits = False  # "The spreadsheet says …. "…," he said.": not the spreadsheet
    if not fits or last is None:
        return attribution
    return Attribution(
        sentence=attribution.sentence,
        speaker=last.speaker,
        mention=attribution.mention,
        cue=attribution.cue,
        content_start=attribution.content_start,
        content_end=attribution.content_end,
        form=attribution.form,
        kind=last.kind,
        anonymous=last.anonymous,
    )
