"""Sort the article's statements into claims, denials, evidence and what stays unverified.

Only attributed statements become claims or denials: a reporter's own background is not a
party's claim. Two kinds of unattributed sentence still count, because they describe the state
of the proof rather than take a side: a hedge ("could not be verified", "reportedly") makes an
unverified item, and a sentence where material shows something ("satellite images show …")
is evidence. Each candidate gets an importance score from its place in the story, how firmly
it is attributed, the names it carries and its cue; a bare opinion ("urged restraint") scores
low so it cannot crowd out factual assertions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engines.offline.asides import (
    is_commentator,
    is_hypothetical,
    mutual_blame,
    open_question,
)
from bot.engines.offline.attributed import Attribution
from bot.engines.offline.clauses import stands_alone
from bot.engines.offline.cue_guards import reports_in
from bot.engines.offline.cues import (
    ACCUSING_RE,
    CAVEAT_RE,
    DENYING_RE,
    EVIDENCE_RE,
    GAP_RE,
    HEDGING_RE,
    OPINION_RE,
    PROCEDURAL_RE,
    QUOTE_CHARS,
    REFUTING_VERB_RE,
    WATCHING_RE,
)
from bot.engines.offline.denials import (
    NO_COMMENT_RE,
    VERDICT_RE,
    denial_strength,
    denier,
    refutes_report,
    rejecting_verb,
    reported_denier,
    subject_before,
)
from bot.engines.offline.material import (
    FOUND_RE,
    is_evidence,
    material_source,
    observed_or_recovered,
    shown_before_words,
    shows_material,
)
from bot.engines.offline.proper_names import proper_words
from bot.engines.offline.speakers import (
    clean_speaker,
    plausible_speaker,
)
from bot.models import ItemKind
from bot.text.sentences import Sentence

_TRAILING_CLAUSE_RE = re.compile(
    r",\s+(?:escalating|adding|saying|citing|amid|which|as\s+(?:tensions|the)|in\s+a\s+move)\b.*$",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"\d")
# A claim scoring under this is background: far down the story, weakly attributed, or bare.
_MIN_CLAIM_SCORE = 0.9
_COMMENTATOR_PENALTY = 0.6
# A sentence with a second report ("X said …, adding …") tells more of who said what.
_MORE_REPORTS = 0.2
_WORD_RE = re.compile(r"\w+")
_EDGE = " ,;:"
_SINGLE_QUOTES = "'‘’"
_TEXT_LIMIT = 260
_OPENS_WITH_INFINITIVE_RE = re.compile(r"\s*to\s+[a-z]")
MAX_QUOTE = 700


@dataclass
class Candidate:
    """A sentence that may become an item of the brief."""

    kind: ItemKind
    sentence: Sentence
    by: str | None
    text: str
    quote: str
    score: float
    caveat: bool = False
    attribution: Attribution | None = None
    opinion: bool = False
    tentative: bool = False
    """A denial read from a plain negation: it stays one only if it answers a claim."""
    next_step: bool = False
    """What a party will do or has done about the matter (a review asked for, a referral, no
    comment), not an assertion about what happened."""
    commentary: bool = False
    """Said by an outside commentator (an analyst, a professor), not by a party to the story."""
    last_sentence: int = -1
    """Index of the last sentence the quote covers (a quotation may run over several)."""

    @property
    def sentence_indexes(self) -> range:
        return range(self.sentence.index, max(self.sentence.index, self.last_sentence) + 1)


def classify(
    text: str,
    sentences: Sequence[Sentence],
    attributions: Sequence[Attribution | None],
    *,
    skip: frozenset[int] = frozenset(),
) -> list[Candidate]:
    """Candidates in article order; sentences in `skip` (e.g. a repeated title) are left out."""
    proper = proper_words(text, sentences)
    candidates: list[Candidate] = []
    for sentence, attribution in zip(sentences, attributions, strict=True):
        if sentence.index in skip:
            continue
        previous = candidates[-1] if candidates else None
        if attribution is not None and _runs_on(previous, sentence, attribution):
            assert previous is not None
            _extend(text, previous, sentence)
            previous.score = _score(previous, proper)
            continue
        if attribution is not None:
            candidate = _attributed(text, sentence, attribution, proper)
        else:
            candidate = _unattributed(sentence, previous, proper)
        if candidate is None:
            continue
        candidate.score = _score(candidate, proper)
        candidates.append(candidate)
    return candidates


def _attributed(
    text: str, sentence: Sentence, attribution: Attribution, proper: frozenset[str]
) -> Candidate | None:
    content = _told_how(attribution.cue, text[attribution.content_start : attribution.content_end])
    if len(_WORD_RE.findall(content)) < 3:
        content = sentence.text
    cue = attribution.cue
    whole_sentence = (
        attribution.form == "evidence"
        or bool(
            ACCUSING_RE.fullmatch(cue)
            or REFUTING_VERB_RE.fullmatch(cue)
            # "vowed to appeal": "To appeal" alone is no sentence
            or _OPENS_WITH_INFINITIVE_RE.match(content)
        )
        or shown_before_words(attribution)
        or not stands_alone(cue, content)
    )
    words_at = attribution.content_start - sentence.start
    restated = restate(
        _lead_trimmed(sentence.text, words_at)
        if whole_sentence
        else _with_head(sentence.text[: max(0, words_at)], attribution) + content
    )
    caveat = bool(CAVEAT_RE.search(content))
    denial = denial_strength(cue, content, sentence.text)
    if denial == "weak" and is_commentator(attribution):
        denial = None  # an analyst's "it does not prove anything" is a view, not a side
    kind: ItemKind
    if denial == "strong":
        kind = "denial"
    elif GAP_RE.search(content):
        kind = "unverified"
    elif denial == "weak":
        kind = "denial"
    elif is_evidence(attribution, content, caveat):
        kind = "evidence"
    elif HEDGING_RE.search(content) and not open_question(content):
        kind = "unverified"
    else:
        kind = "claim"
    by = _speaker_of(attribution)
    if kind == "denial" and not DENYING_RE.fullmatch(cue):
        inner = reported_denier(content)
        if inner is not None and plausible_speaker(clean_speaker(inner), proper):
            by = clean_speaker(inner)  # "X said the ministry rejected the reports"
    return Candidate(
        kind=kind,
        sentence=sentence,
        by=by,
        text=restated,
        quote=sentence.text,
        score=0.0,
        caveat=caveat,
        attribution=attribution,
        opinion=_is_opinion(content),
        next_step=next_step(content),
        tentative=kind == "denial" and denial == "weak",
        commentary=is_commentator(attribution),
    )


def _runs_on(previous: Candidate | None, sentence: Sentence, attribution: Attribution) -> bool:
    """A carried quotation continues the item just before it, in the same paragraph."""
    return (
        attribution.form == "carried"
        and previous is not None
        and previous.attribution is not None
        and previous.sentence.paragraph == sentence.paragraph
        and max(previous.last_sentence, previous.sentence.index) == sentence.index - 1
        and sentence.end - previous.sentence.start <= MAX_QUOTE
    )


def _extend(text: str, item: Candidate, sentence: Sentence) -> None:
    """Let one item quote the whole quotation: its sentences stay with their speaker."""
    item.quote = text[item.sentence.start : sentence.end]
    item.last_sentence = sentence.index
    item.text = restate(item.text.rstrip(" …") + " " + _unquoted(sentence.text))
    item.caveat = item.caveat or bool(CAVEAT_RE.search(sentence.text))
    if item.kind == "claim" and denial_strength("", sentence.text, sentence.text) == "strong":
        item.kind = "denial"


def take_in(text: str, item: Candidate, then: Candidate) -> None:
    """Let the item quote on through `then`, the candidate right after it: one statement."""
    item.quote = text[item.sentence.start : then.sentence.start + len(then.quote)]
    item.last_sentence = max(then.sentence.index, then.last_sentence)
    item.text = restate(f"{item.text.rstrip(' …')} {then.text}")
    item.caveat = item.caveat or then.caveat


def _unattributed(
    sentence: Sentence, previous: Candidate | None, proper: frozenset[str]
) -> Candidate | None:
    words = sentence.text
    kind: ItemKind | None = None
    by: str | None = None
    rejecting = rejecting_verb(words)
    if VERDICT_RE.fullmatch(words.strip()):
        kind = "denial"  # a fact-checker's verdict on a line of its own: "FALSE"
    elif len(_WORD_RE.findall(words)) < 4:
        # "Karst denies it.": a named party's short denial; any other short line is too thin
        by = denier(words, rejecting) if rejecting is not None else None
        if by is None or not plausible_speaker(clean_speaker(by), proper):
            return None
        kind = "denial"
    has_evidence = bool(EVIDENCE_RE.search(words))
    if kind is not None:
        pass
    elif rejecting is not None:
        kind = "denial"  # "The ministry rejected the report": the act of denying, reported
        by = denier(words, rejecting)
        if by is not None and not plausible_speaker(clean_speaker(by), proper):
            by = None  # "If the levy denied …": a clause, not a party
    elif refutes_report(words) and not _quotation(words):
        kind = "denial"  # the outlet's own refutation: "the rumour turned out to be a hoax"
    elif HEDGING_RE.search(words) and not open_question(words):
        kind = "unverified"
    elif has_evidence and shows_material(words):
        kind = "evidence"
        by = material_source(words)
    elif (found := FOUND_RE.search(words)) is not None:
        kind = "evidence"  # "Divers recovered 14 bodies": what an investigation turned up
        by = subject_before(words, found.start())
    elif observed_or_recovered(words):
        kind = "evidence"  # "In the footage, men can be seen …", "12 bodies were recovered"
    elif (
        has_evidence
        and previous is not None
        and previous.kind == "evidence"
        and previous.sentence.paragraph == sentence.paragraph
        and previous.sentence.index == sentence.index - 1
    ):
        kind = "evidence"  # the reporter describing the material just offered
        by = material_source(words)
    if kind is None:
        return None
    return Candidate(
        kind=kind,
        sentence=sentence,
        by=by,
        text=restate(words),
        quote=words,
        score=0.0,
        caveat=bool(CAVEAT_RE.search(words)),
    )


def _quotation(words: str) -> bool:
    """Words in quotation marks that no rule gave a speaker: someone's, not the outlet's."""
    return words.lstrip()[:1] in QUOTE_CHARS


def _speaker_of(attribution: Attribution) -> str | None:
    """ "Emails released by X show that Y wrote …": the material (or X), not Y, is the source."""
    if shown_before_words(attribution):
        return material_source(attribution.sentence.text)
    return None if attribution.unresolved else attribution.speaker


def background_claim(candidate: Candidate) -> bool:
    """A claim a reader would not keep: it scores as background, its speaker is a pronoun
    the rules could not tie to anyone named ("I have …"), which a brief would misreport as the
    outlet's own claim, or it only sums up a quarrel ("they blamed each other")."""
    if candidate.kind != "claim":
        return False
    attribution = candidate.attribution
    unresolved = attribution is not None and attribution.unresolved
    return unresolved or candidate.score < _MIN_CLAIM_SCORE or mutual_blame(candidate.quote)


_NO_QUOTES = str.maketrans("", "", QUOTE_CHARS + "‘")  # not ’: "won’t comment"


def next_step(content: str) -> bool:
    """A plan, a referral or a refusal to comment: what a party does about the matter."""
    plain = content.translate(_NO_QUOTES)  # "would “look carefully” at …"
    return bool(
        PROCEDURAL_RE.search(plain) or WATCHING_RE.search(plain) or NO_COMMENT_RE.search(plain)
    )


def _is_opinion(content: str) -> bool:
    """An appeal, a feeling, a hypothetical or a next step: no assertion about what happened."""
    if next_step(content):
        return True
    if is_hypothetical(_unquoted(content)):
        return True
    if not OPINION_RE.search(content):
        return False
    return not (_NUMBER_RE.search(content) or EVIDENCE_RE.search(content))


def _score(candidate: Candidate, proper: frozenset[str]) -> float:
    sentence = candidate.sentence
    position = 1.0 / (1.0 + 0.25 * sentence.paragraph) + (0.3 if sentence.index == 0 else 0.0)
    attribution = candidate.attribution
    strength = attribution.strength if attribution is not None else 0.35
    names = {word for word in _WORD_RE.findall(candidate.text) if word in proper}
    score = position + strength + 0.1 * min(len(names), 4)
    if attribution is not None:
        if candidate.kind == "claim" and ACCUSING_RE.fullmatch(attribution.cue):
            score += 0.4
        if candidate.kind == "denial" and DENYING_RE.fullmatch(attribution.cue):
            score += 0.3
        if attribution.form == "carried":
            score -= 0.15
        if reports_in(sentence.text) > 1:
            score += _MORE_REPORTS
    if candidate.opinion:
        score -= 0.8
    if candidate.kind == "claim" and candidate.commentary:
        score -= _COMMENTATOR_PENALTY
    words = len(_WORD_RE.findall(candidate.text))
    if words < 6:
        score -= 0.4
    elif words > 60:
        score -= 0.2
    return score


# "explained how he could not have been there": what was explained is that he could not.
_TOLD_HOW_RE = re.compile(
    r"\A\s*how\s+(?=(?:he|she|they|it|we|I|you|the|his|her|their|its|our|[A-Z][\w'’-]*)\s)"
)
_TELLING_CUE_RE = re.compile(
    r"(?:explain|describ|detail|recount|recall|told|tell|outlin|wrote|writ)\w*", re.IGNORECASE
)


def _told_how(cue: str, content: str) -> str:
    """The content of an account ("described how the pier collapsed") without its "how"."""
    if _TELLING_CUE_RE.fullmatch(cue):
        return _TOLD_HOW_RE.sub("", content, count=1)
    return content


def _with_head(lead: str, attribution: Attribution) -> str:
    """The words' own opening when the speaker is set off inside them: "That, the maker says,
    allows …" restates as "That allows …"; nothing otherwise."""
    if attribution.form != "indirect":
        return ""
    aside = re.fullmatch(
        rf"\s*([^,;:{QUOTE_CHARS}]{{1,80}}),\s+{re.escape(attribution.mention)}\s+"
        rf"{re.escape(attribution.cue)}\b[^,;:{QUOTE_CHARS}]{{0,30}},\s*",
        lead,
    )
    return f"{aside.group(1)} " if aside else ""


def _lead_trimmed(text: str, after: int = 0) -> str:
    """The sentence without a trailing clause ("…, adding …", "…, which …") that starts at or
    after `after`: a relative clause before the reported words is the speaker's own ("the
    board, which licenses boats, warned that …")."""
    trailing = _TRAILING_CLAUSE_RE.search(text, max(0, after))
    return (text[: trailing.start()] if trailing else text).strip()


# "LOMAR, Norland (Wire) — ", "TARNBY — ", "Lomar, NL – ": the place a story was filed from opens
# its first sentence; a name set off by a dash ("Jane Roe — a former minister — said") is not one.
_CAPITALISED = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
_DATELINE_OPENING_RE = re.compile(
    rf"^(?:[A-Z]{{2,}}[A-Z.'’-]*(?:\s+[A-Z]{{2,}}[A-Z.'’-]*)*(?:,\s+{_CAPITALISED})?"
    rf"|{_CAPITALISED},\s+{_CAPITALISED})"
    r"\s*(?:\([A-Za-z. ]{1,20}\)\s*)?(?:—|–|--|-\s)\s*(?=[A-Z\"“‘])"
)


def without_dateline(text: str) -> str:
    return _DATELINE_OPENING_RE.sub("", text, count=1)


_CLOSING_MARKS = "\"”’'»)]"


def restate(content: str) -> str:
    """The reported words alone: outer quote marks and a dangling comma go, a period ends it."""
    text = re.sub(r"\s+", " ", _unquoted(without_dateline(content.strip())))
    if len(text) > _TEXT_LIMIT:
        cut = text.rfind(" ", 0, _TEXT_LIMIT)
        text = text[: cut if cut > 0 else _TEXT_LIMIT].rstrip(" ,;:") + " …"
    elif text and text.rstrip(_CLOSING_MARKS + " ")[-1:] in ",;:":
        # a comma left inside closing marks ("…attention,’") becomes the period it stood for
        bare = text.rstrip(_CLOSING_MARKS + " ")
        text = bare[:-1] + "." + text[len(bare) :].strip()
    elif text and text.rstrip(_CLOSING_MARKS)[-1:] not in ".!?…":
        text = text.rstrip(" ,;:") + "."
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


_INNER_OPENING_RE = re.compile(r"‘|(?<!\w)'(?=\w)")


def _closes_inner(text: str) -> bool:
    """The last mark of `text` closes a quotation opened inside it ("was, ‘Oh no, …,’"): no
    closing mark stands between that opening ‘ and the end; an apostrophe (they’re) is none."""
    openings = list(_INNER_OPENING_RE.finditer(text))
    if not openings:
        return False
    between = text[openings[-1].end() : -1]
    return not re.search(r"[’'](?!\w)", between)


def _unquoted(content: str) -> str:
    """Drop quotation marks that open or close the whole passage, never inner ones."""
    text = content.strip().strip(_EDGE)
    if text[:1] in QUOTE_CHARS:
        text = text[1:]
    if text[-1:] in QUOTE_CHARS and sum(text.count(mark) for mark in QUOTE_CHARS) % 2:
        text = text[:-1]
    # Single quote marks, as some outlets print speech: 'We …' opens a quotation, not "'Tis".
    if text[:1] in _SINGLE_QUOTES and text[1:2].isupper():
        text = text[1:]
    if text.endswith(("’’", "''")) and text[-3:-2] in ".!?,…":
        text = text[:-2]  # two apostrophes printed as the closing quotation mark
    if text[-1:] in _SINGLE_QUOTES and text[-2:-1] in ".!?,…" and not _closes_inner(text):
        text = text[:-1]
    return text.strip().strip(_EDGE).strip()
