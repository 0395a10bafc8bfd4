"""Where, in the words before a cue, the speaker starts: after reported words ("…, the minister
said"), after an introduction ("In a statement, …"), before an apposition ("X, who …, said"), or
as the subject of the sentence ("Customs officers … have seized …, and say …"); and the
description that follows a name ("said Jane Roe, a navy spokeswoman").
"""

from __future__ import annotations

import re

from bot.engines.offline.cues import SPEAKER_NOUNS
from bot.engines.offline.speakers import (
    LEADING_LINK_RE,
    clean_speaker,
    is_name,
    opens_with_verb,
    plausible_speaker,
)
from bot.text.sentences import TITLES

_TOKEN_RE = re.compile(r"[\w'’.-]+")
# Not right after a title or an initial: the stop of "Rear Adm." or "J." ends no name.
NOT_AFTER_ABBREVIATION = (
    "".join(rf"(?<!\b{re.escape(title.capitalize())})" for title in sorted(TITLES))
    + r"(?<!\b[A-Z])"
)
# `said Jane Roe, a Pentagon spokeswoman.`: the description the article gives after a name.
_APPOSITION_RE = re.compile(
    rf",\s+((?:a|an|the|his|her|its|their|[A-Z][\w.'’-]*['’]s)\s+[^,;:!?\"“”]+?)"
    rf"(?=[,;:!?\"“”]|{NOT_AFTER_ABBREVIATION}\.\s|\.?$)"
)
_MAX_ROLE_WORDS = 10
_LAST_SUBORDINATOR_RE = re.compile(
    r"\b(?:after|before|when|whenever|while|since|because|until|although|though|as|if|once|"
    r"whereas|unless)\s+(?!.*\b(?:after|before|when|whenever|while|since|because|until|"
    r"although|though|as|if|once|whereas|unless)\s)",
    re.IGNORECASE,
)
_AFTER_PARTICIPLE = frozenset(("by", "in", "at", "from", "on", "with", "to", "for", "near", "of"))
# A comma (not the comma of "2,000") or a semicolon: "It is unlikely; Roe's team says …".
_COMMA_RE = re.compile(r"(?:(?<!\d),(?!\d)|(?<=\d),(?=\s)|;)\s*")
_VERB_LIKE_RE = re.compile(
    r"^(?:has|have|had|was|were|is|are|will|would|also|[a-z]+ed|[a-z]+[^s]s|made|took|gave|"
    r"went|came|put|got|held|kept|left|brought|sent|spent|met|ran|won|lost|told|said|wrote|saw|"
    r"knew|thought|found|became|began|set|hit|led|let|paid|cut|sold|built|stood|felt|drew|"
    r"threw|spoke|broke|chose|rose|fell|struck|sought|taught|caught|fought|bought)$"
)

_ADVERB_RE = re.compile(
    r"^(?:[a-z]{3,}ly|now|also|still|never|often|just|already|then|later|again|soon|once|twice|"
    r"first|last|since)$"
)
# A lowercase word ending in "-s" that is not one of the verbs named above.
_PLURAL_LOOKALIKE_RE = re.compile(r"^(?!(?:has|was|is|does|goes)$)[a-z]+[^s']s$")


def split_speaker(
    left: str, proper: frozenset[str], plain: bool, participle: bool = False
) -> tuple[int, int] | None:
    """(where the speaker starts, where reported words before it end or 0) in `left`."""
    pieces, start = [], 0
    for comma in _COMMA_RE.finditer(left):
        pieces.append((start, comma.start()))
        start = comma.end()
    pieces.append((start, len(left)))
    if participle and len(pieces) >= 2:
        tokens = _TOKEN_RE.findall(left[pieces[-1][0] :])
        if tokens and opens_with_verb(tokens):
            # "X, which runs the port, posted a notice warning": the subject before the clause.
            for piece_start, piece_end in reversed(pieces[:-1]):
                piece = left[piece_start:piece_end].strip()
                if piece.casefold().startswith(("which", "who", "whose")):
                    continue
                cleaned = clean_speaker(piece)
                if cleaned and plausible_speaker(cleaned, proper) and not _is_intro(piece):
                    return piece_start, 0
                break
            return None
    if left.rstrip().endswith(",") and len(pieces) >= 2:
        # "X, who …, said" or "In a statement, X, a lawyer, said": the first phrase that can
        # be a speaker, with a name in apposition kept.
        for index, (piece_start, piece_end) in enumerate(pieces[:-1]):
            cleaned = clean_speaker(left[piece_start:piece_end])
            if (
                cleaned
                and not _is_clause(cleaned)
                and plausible_speaker(cleaned, proper, plain_cue=plain)
                and not _is_intro(left[piece_start:piece_end])
            ):
                # "The pier was closed, the harbour master, Jo Roe, said.": words before it.
                return piece_start, _lead_end(left, piece_start) if index else 0
            if index >= 2:
                break
        return None
    last_start, last_end = pieces[-1]
    if len(pieces) >= 2 and is_name(left[last_start:last_end], proper):
        title_start, title_end = pieces[-2]
        title = clean_speaker(left[title_start:title_end])
        if (
            title
            and len(title.split()) <= 6
            and plausible_speaker(title, proper)
            and not _is_intro(title)
            and not is_name(title, proper)
        ):
            return title_start, _lead_end(left, title_start)  # "the minister, Jonas Feld"
    cleaned = clean_speaker(left[last_start:last_end])
    if not cleaned or not plausible_speaker(cleaned, proper, plain_cue=plain):
        # "…, shortly after Trump said …": the speaker is the subject of the subordinate clause.
        clause = _LAST_SUBORDINATOR_RE.search(left, last_start, last_end)
        if clause is None:
            return None
        subject = clean_speaker(left[clause.end() : last_end])
        if not subject or not plausible_speaker(subject, proper, plain_cue=plain):
            return None
        return clause.end(), 0
    return last_start, _lead_end(left, last_start)


def sentence_subject(left: str, proper: frozenset[str]) -> str | None:
    """ "Customs officers at the port have seized …, and say …": the subject says it."""
    pieces = _COMMA_RE.split(left)
    while len(pieces) > 1 and _opens_sentence(pieces[0]):
        pieces = pieces[1:]  # "Later that week, Jane Roe wrote …"
    words = pieces[0].split()
    for end in range(1, min(len(words), 12)):
        if _plural_noun_before_verb(words, end):
            continue  # "Acme's sensors have failed": "sensors" is the subject's noun
        verb = words[end]
        if _ADVERB_RE.match(verb) and end + 1 < len(words):
            verb = words[end + 1]  # "Roe frequently mocked …": the adverb opens the predicate
        if _VERB_LIKE_RE.match(verb) and verb.casefold() not in SPEAKER_NOUNS:
            subject = " ".join(words[:end])
            return subject if plausible_speaker(clean_speaker(subject), proper) else None
    if "," in left and len(words) <= 6:
        subject = " ".join(words)  # "X, her opponent, bemoaned … and said"
        return subject if plausible_speaker(clean_speaker(subject), proper) else None
    return None


def _plural_noun_before_verb(words: list[str], at: int) -> bool:
    """A word that looks like a verb only by its "-s" ("sensors", "handsets") and is followed by
    a verb is a plural noun: the subject runs on to it."""
    word = words[at]
    if not _PLURAL_LOOKALIKE_RE.match(word) or at + 1 >= len(words):
        return False
    following = words[at + 1]
    return bool(_VERB_LIKE_RE.match(following)) and not _PLURAL_LOOKALIKE_RE.match(following)


def _is_clause(phrase: str) -> bool:
    """ "Police recovered three laptops from the house": a subject and its verb, not a speaker."""
    words = phrase.split()
    if len(words) <= 4:
        return False
    return any(
        _VERB_LIKE_RE.match(word)
        and (not word.endswith("s") or word in ("has", "was", "is"))  # not "residents"
        and words[at + 1].casefold() not in _AFTER_PARTICIPLE  # not "residents reached by …"
        for at, word in enumerate(words[1:3], start=1)
    )


def _opens_sentence(piece: str) -> bool:
    """ "Then", "Last week", "In 2015": a piece that comes before a sentence's subject."""
    words = piece.split()
    if not words or len(words) > 4:
        return False
    if LEADING_LINK_RE.fullmatch(piece.strip() + " ") or _is_intro(piece):
        return True
    return words[0].casefold() in ("last", "this", "earlier", "later", "next") or words[
        -1
    ].casefold() in ("ago", "later", "earlier", "week", "month", "year")


_SUBORDINATE_LEAD_RE = re.compile(
    r"(?:when|while|although|though|once|because|since|until)\b", re.IGNORECASE
)


def _lead_end(left: str, speaker_start: int) -> int:
    lead = left[:speaker_start].rstrip(" ,")
    if _SUBORDINATE_LEAD_RE.match(lead):
        return 0  # "When the deal was announced, she said …": a clause, not her words
    return len(lead) if len(lead.split()) >= 3 and not _is_intro(lead) else 0


def _is_intro(phrase: str) -> bool:
    """ "In a statement", "On Tuesday", "Speaking to students": not a speaker, not content."""
    words = phrase.split()
    return bool(words) and (
        words[0].casefold()
        in ("in", "on", "at", "during", "after", "before", "as", "with", "speaking", "asked")
        or (len(words) <= 2 and words[-1].casefold().endswith(("day", "ly")))
    )


def apposition(text: str, position: int, proper: frozenset[str]) -> str | None:
    """The description after a speaker's name, when it reads as one ("a Pentagon spokesman")."""
    found = _APPOSITION_RE.match(text, position)
    if found is None:
        return None
    role = found.group(1).strip()
    if len(role.split()) > _MAX_ROLE_WORDS or not plausible_speaker(role, proper):
        return None
    return role
