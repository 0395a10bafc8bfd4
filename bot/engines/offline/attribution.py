"""Who said it: find the speaker and the reported words of each sentence.

The forms news prose uses: "X said (that) …", "… , X said.", `"…," X said.`, `"…," said X,
the …`, `"…," X said, "…"`, "…, X said, …", "according to X", "X told Reuters …", "X, who …,
said", "X on Thursday accused Y of …", and evidence offered ("X released videos that …").
Whether the reported words come before or after the cue is decided by what follows it: a bare
tail ("said on Tuesday") means they came before. A cue word is a verb only where it reads as
one: not capitalised inside a name ("the United States"), not after "of", an article or a
possessive when it is also a noun ("the agency's report"), not with a particle that makes it
another verb ("showed up"). Pronouns, quotations that run on and quotations introduced by the
sentence before are read by `carried`; transcript turns and dash-signed quotations by
`signed_quotes`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.engines.offline.attributed import Attribution, Form
from bot.engines.offline.carried import (
    continues,
    inside_running_quotation,
    introduced,
    named_subject,
    referent,
    resolve_pronoun,
)
from bot.engines.offline.cue_guards import (
    capitalised_inside,
    is_noun_homograph,
    is_noun_use,
    is_participle,
    is_speech_participle,
    not_speech,
    particle_fits,
)
from bot.engines.offline.cues import (
    ACCUSING_VERBS,
    EVIDENCE_RE,
    EVIDENCE_VERB_RE,
    PRONOUNS,
    QUOTE_CHARS,
    REFUTING_VERBS,
    REPORTING_VERBS,
    phrase_re,
)
from bot.engines.offline.inverted import NAMED, speaker_after, speaker_aside
from bot.engines.offline.proper_names import full_names, proper_words
from bot.engines.offline.reported_words import (
    after_cue,
    form_of,
    last_closing_quote,
    reports_only_the_act,
)
from bot.engines.offline.signed_quotes import (
    sign_dashed_quotations,
    speaker_before_colon,
    stage_direction,
)
from bot.engines.offline.speaker_spans import (
    apposition,
    sentence_subject,
    split_speaker,
)
from bot.engines.offline.speakers import (
    clean_speaker,
    is_anonymous,
    plausible_speaker,
    speaker_kind,
    subject_of_clause,
)
from bot.text.sentences import Sentence, quotation_spans

_VERB_RE = phrase_re(REPORTING_VERBS)
# Cues after which any short noun phrase is a speaker ("The hospital trust denied …"): the
# plainest reporting verbs, and verbs of accusing and refuting, which only parties do.
_PLAIN_CUE_RE = phrase_re(
    (
        "said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes",
        "according to", *ACCUSING_VERBS, *REFUTING_VERBS,
    )
)  # fmt: skip
_ACCORDING_RE = re.compile(
    r"\b(?:according\s+to|as\s+reported\s+by|in\s+the\s+words\s+of)\s+", re.IGNORECASE
)
_ADVERBIAL_TAIL_RE = re.compile(
    r"(?:\s+(?:on\s+(?:\w+day|\w+\s+\d{1,2})|\w+day|yesterday|today|tonight|also|later|earlier|"
    r"again|previously|repeatedly|has|have|had|was|were|is|are|am|then|further|once|often|now|"
    r"first|at\s+first|initially|both|all|jointly|last\s+\w+|this\s+\w+|late\s+\w+|would|will|did|does|long|even|never|still|"
    r"in\s+a\s+(?:\w+\s+)?statement|in\s+an\s+interview|in\s+a\s+\w+\s+interview|"
    r"within\s+hours|(?-i:[a-z]+ly)))+$",
    re.IGNORECASE,
)
# A thing with its date or signature: a record ("One ticket, dated 3 May, says …").
_DATED_RE = re.compile(r",\s+(?:dated|signed\s+by|stamped|postmarked)\b", re.IGNORECASE)
# A passive's agent after the cue ("presented by the prosecution"), not the means ("by phone").
_AGENT_AFTER_RE = re.compile(
    r"\s+by\s+(?!(?:phone|telephone|email|e-mail|letter|text|video|post|mail|fax|radio|"
    r"satellite|link|hand|word|mouth|accident|chance|far|contrast|comparison)\b)"
    r"(?:the|a|an|his|her|its|their|[A-Z])",
    re.IGNORECASE,
)
# What may follow a cue when the reported words came before it (time, place, medium, object:
# "…, X said on Monday to reporters."); not an object of the cue ("X admitted to stealing …").
_BARE_TAIL_RE = re.compile(
    r"^(?![\s,]*to\s+\w+ing\b)"
    r"[\s,]*(?:(?:on|in|at|during|while|from|before|after|last|this|late|early|earlier|later|"
    r"to|via|through|by|with|about|of|over|when|as|\w+day|morning|afternoon|evening|night|"
    r"reporters|journalists|me|us|him|her|them|[A-Z][\w.'’&-]*)\b[^\"“”]*)?[.!?\"”]*$"
)
_REFLEXIVE_RE = re.compile(
    r"\s+(?:himself|herself|themselves|itself|myself|ourselves|yourself|oneself)\b(?!\s+that\b)",
    re.IGNORECASE,
)
# "She's claiming", "It's denouncing": a pronoun with "is" or "has" run on to it.
_CONTRACTED_BE_RE = re.compile(r"(?:(?<=\b[Hh]e)|(?<=\b[Ss]he)|(?<=\b[Ii]t))['’]s$")
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:be|been|being|is|are|was|were)\s*$", re.IGNORECASE)
_NOUN_BEFORE_RE = re.compile(
    r"\b(?:the|a|an|this|that|these|those|his|her|its|their|our|my|your|whose|of)\s*$",
    re.IGNORECASE,
)
_POSSESSIVE_BEFORE_RE = re.compile(r"\w['’]s\s*$")
_COORDINATED_RE = re.compile(r"[\s,](?:and|but)$")
_INFINITIVE_BEFORE_RE = re.compile(r"\b(?:to|let['’]s|let\s+us|without)\s*$", re.IGNORECASE)
# "… only if a court finds that …": the cue's subject opens a condition, so nobody has said it.
_CONDITION_BEFORE_RE = re.compile(r"\b(?:if|unless|whether)\s[^,;:\"“”]*$", re.IGNORECASE)
# A participle after these is not what the subject says: "coaxed into conceding".
_NOT_SPEAKING_BEFORE_RE = re.compile(
    r"\b(?:into|of|about|from|against|for|at|on|to|without|than|worth)\s*$", re.IGNORECASE
)  # "worth noting": the outlet's own aside, not the subject's words
# `"…," X said, adding that …`: a second report by the same speaker in the same sentence.
_FURTHER_CUE_RE = re.compile(
    r"[^,;\"“”]{0,40},\s+(?:adding|noting|saying|explaining|arguing|insisting|stressing|"
    r"warning|claiming|before\s+adding|and\s+added|and\s+that)\b",
    re.IGNORECASE,
)
# After a past participle set off by commas: a passive modifier, not a report of words.
_PASSIVE_MODIFIER_RE = re.compile(r"\s+(?:to|by|into|as|in|from|with|at)\b", re.IGNORECASE)
_FRAGMENT_OPENERS = frozenset(("of", "for", "on", "about", "in", "to", "at", "from", "with"))
# A speaker named after the cue runs to the next mark or full stop, but not the stop of a title
# or an initial ("said Rear Adm. Jane Roe", "according to J. Smith").
_MIN_CONTENT = 8


def attribute(
    text: str, sentences: Sequence[Sentence], *, skip: frozenset[int] = frozenset()
) -> list[Attribution | None]:
    """One entry per sentence: its attribution, or None for the reporter's own words.

    Sentences in `skip` (the page's furniture: captions, bylines) are nobody's words and lend
    no speaker to the sentences after them."""
    proper = proper_words(text, sentences)
    names = full_names(text, proper)
    persons = frozenset(names)  # surnames of people named in full
    found: list[Attribution | None] = []
    last: Attribution | None = None
    named: Attribution | None = None  # the last party named as a subject, saying nothing
    document: Attribution | None = None  # the last document named or quoted, for an "it"
    for index, sentence in enumerate(sentences):
        if sentence.index in skip or stage_direction(sentence):
            found.append(None)  # a stage direction does not end the speaker's turn either
            continue
        attribution = own_attribution(sentence, proper)
        if (
            attribution is not None
            and attribution.kind == "organisation"
            and attribution.speaker in persons
        ):
            attribution = replace(attribution, kind="person")  # "Roe", once Jane Roe is named
        if (
            attribution is not None
            and attribution.cue != ":"
            and inside_running_quotation(sentence, last)
        ):
            attribution = None  # "He said it over and over" quoted: the quoted speaker's words
        if attribution is not None and attribution.mention.casefold() in PRONOUNS:
            # "Roe flew to Lomar, where he said …": the sentence's own subject comes first
            own = _own_subject(attribution, proper, names)
            meant = referent(attribution.mention, sentence.paragraph, last, own, document, persons)
            if own is None or meant is not own:
                meant = referent(
                    attribution.mention, sentence.paragraph, last, named, document, persons
                )
            attribution = resolve_pronoun(attribution, meant, persons)
        if attribution is None and index and found[-1] is None:
            attribution = introduced(sentence, sentences[index - 1], proper)
        if attribution is None and last is not None and continues(sentence, last):
            attribution = Attribution(
                sentence=sentence,
                speaker=last.speaker,
                mention=last.speaker,
                cue=":" if last.cue == ":" else "quotation",
                content_start=sentence.start,
                content_end=sentence.end,
                form="carried",
                kind=last.kind,
                anonymous=last.anonymous,
            )
        found.append(attribution)
        if attribution is not None and attribution.kind != "document":
            last = attribution
        elif attribution is not None:
            document = attribution
        else:
            subject = named_subject(sentence, proper, names)
            if subject is not None and subject.kind == "document":
                document = subject
            elif subject is not None:
                named = subject
    sign_dashed_quotations(sentences, found, proper)
    for index in skip:
        found[index] = None
    return found


_SUBORDINATOR_RE = re.compile(r"(?:when|after|while|although|though|as|once|before)\s+", re.I)
_OWN_SUBJECT_KINDS = {
    "he": ("person", "organisation"),  # "Roe", a surname
    "she": ("person", "organisation"),
    "they": ("collective", "organisation"),
}


def _own_subject(
    attribution: Attribution, proper: frozenset[str], names: dict[str, str]
) -> Attribution | None:
    """The party a sentence opens with, when its speaker is a later "he", "she" or "they" in
    the reporter's words ("Roe flew to Lomar, where he said …"); not a quotation's subject."""
    sentence = attribution.sentence
    kinds = _OWN_SUBJECT_KINDS.get(attribution.mention.casefold())
    if kinds is None:
        return None
    found = re.search(rf"\b{re.escape(attribution.mention)}\b", sentence.text)
    if found is None or found.start() == 0:
        return None
    if any(char in sentence.text[: found.start()] for char in QUOTE_CHARS):
        return None
    opening = _SUBORDINATOR_RE.match(sentence.text)
    if opening is not None:  # "When Jo Roe announced the deal, she said …": Roe
        sentence = replace(sentence, text=sentence.text[opening.end() :])
    subject = named_subject(sentence, proper, names)
    return subject if subject is not None and subject.kind in kinds else None


# A clause open before a cue: an aside (", who spoke on condition of anonymity because they
# …") or a subordinate clause opening the sentence ("When the minister announced a deal, …").
_OPEN_ASIDE_RE = re.compile(
    r",\s+(?:who|which|whose)\b[^,;:.“”\"]*$|"
    r"(?:^|,\s+)(?:when|after|while|although|though)\b"
    r"[^,;:.“”\"]*$",
    re.IGNORECASE,
)


def _inside(match: re.Match[str], spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= match.start() < end for start, end in spans)


def _in_aside_before_cue(text: str, match: re.Match[str], matches: list[re.Match[str]]) -> bool:
    """The cue stands inside a clause set off by a comma (a relative aside, or a subordinate
    clause before the main one), and another cue follows that comma: the main clause's subject
    is the speaker."""
    if _OPEN_ASIDE_RE.search(text, 0, match.start()) is None:
        return False
    closing = text.find(",", match.end())
    return closing >= 0 and any(later.start() > closing for later in matches)


def own_attribution(sentence: Sentence, proper: frozenset[str]) -> Attribution | None:
    """The sentence's attribution from its own words alone, before pronouns and carried
    quotations are read."""
    text = sentence.text
    colon = speaker_before_colon(sentence, proper)
    if colon is not None:
        return colon
    quoted = [(start, end) for start, end, _closed in quotation_spans(text)]
    matches = [*_VERB_RE.finditer(text), *_ACCORDING_RE.finditer(text)]
    if EVIDENCE_RE.search(text):
        matches.extend(EVIDENCE_VERB_RE.finditer(text))
    ordered = sorted(matches, key=lambda found: found.start())
    for match in ordered:
        if _inside(match, quoted):
            continue
        if capitalised_inside(text, match):
            continue  # a name ("the United States"), not a verb
        if _in_aside_before_cue(text, match, [m for m in ordered if not _inside(m, quoted)]):
            continue  # "X, who spoke because they feared reprisals, said …": X said it
        if is_noun_use(text, match) or not_speech(text, match):
            continue  # "the agency's report", "added a chapter", "known as"
        if _ACCORDING_RE.fullmatch(match.group()):
            parsed = _according(sentence, match, proper)
        else:
            parsed = _before_cue(sentence, match, proper) or _inverted(sentence, match, proper)
        if parsed is not None:
            return parsed
    return None


def _before_cue(
    sentence: Sentence, match: re.Match[str], proper: frozenset[str]
) -> Attribution | None:
    """The speaker stands before the cue: "X said …", `"…," X said`, "…, X said."."""
    text = sentence.text
    cue = match.group()
    before = text[: match.start()]
    if speaker_aside(text, match):
        return None  # the inverted form: "The key to the plan, says X, is …"
    if _INFINITIVE_BEFORE_RE.search(before):
        return None  # "declined to comment", "is expected to say", "goes without saying"
    if _CONDITION_BEFORE_RE.search(before):
        return None  # "only if the panel finds that …": a condition, not a report
    if _PASSIVE_BEFORE_RE.search(before) and not cue.casefold().endswith("ing"):
        return None  # "could not be confirmed"
    if _NOUN_BEFORE_RE.search(before):
        return None  # "the claim", "a statement of record": a noun, not a verb
    if _POSSESSIVE_BEFORE_RE.search(before) and is_noun_homograph(cue):
        return None  # "the council's report"
    if not particle_fits(text, match):
        return None
    left = _CONTRACTED_BE_RE.sub("", _ADVERBIAL_TAIL_RE.sub("", before.rstrip()))
    after = after_cue(text, match)
    if cue.casefold().endswith("ed") and _AGENT_AFTER_RE.match(text, match.end()):
        return None  # "records presented by the prosecution show …": the agent follows
    passive = cue.casefold().endswith("ed") and before.rstrip().endswith(",")
    if passive and _PASSIVE_MODIFIER_RE.match(text, match.end()):
        return None  # "Inspectors, asked to the site by the council, were …"
    if _REFLEXIVE_RE.match(text, match.end()):
        return None  # "explained himself", "showed itself": about oneself, not reported words
    tail_only = bool(_BARE_TAIL_RE.match(text[match.end() :]))
    if left.rstrip(" ,")[-1:] in QUOTE_CHARS or left.rstrip(" ,").endswith(("''", "’’")):
        return None  # `"…," said X`: the inverted form
    closing = last_closing_quote(left)
    content: tuple[int, int]
    form: Form
    if closing is not None:
        speaker_text, speaker_start = left[closing:], closing
        last_comma = speaker_text.rfind(", ")
        if last_comma >= 0 and _is_fragment_start(speaker_text):
            # `"…" of the proposals, Mr. Roe said`: the words after the quotation run on to the
            # last comma; the speaker follows it.
            speaker_text, speaker_start = speaker_text[last_comma + 2 :], closing + last_comma + 2
        opens_with_quote = left.lstrip()[:1] in QUOTE_CHARS or left.lstrip().startswith(
            ("''", "‘‘")
        )
        if not tail_only and after < len(text) and text[after:].lstrip()[:1] in QUOTE_CHARS:
            content, form = (0, len(text)), "direct"  # `"…," X said, "…"`
        elif _FURTHER_CUE_RE.match(text, match.end()):
            content, form = (0, len(text)), "direct"  # `"…," X said, adding that …`
        elif tail_only or opens_with_quote:
            content, form = (0, closing), "direct"
        else:
            content, form = (after, len(text)), form_of(text[after:])
    elif is_participle(cue) and left.rstrip().endswith(","):
        # "Trump defended his record, saying that …": the subject of the sentence says it.
        subject = sentence_subject(left.rstrip(" ,"), proper)
        if subject is None:
            return None
        speaker_text, speaker_start = subject, 0
        content, form = (after, len(text)), form_of(text[after:])
    elif _COORDINATED_RE.search(left):
        if is_noun_homograph(cue) and not text[match.end() :].lstrip().startswith("that"):
            return None  # "letters and reports", "plays and shows": nouns joined
        subject = sentence_subject(left, proper)
        if subject is None:
            return None
        speaker_text, speaker_start = subject, 0
        content, form = (after, len(text)), form_of(text[after:])
    else:
        if is_participle(cue) and _NOT_SPEAKING_BEFORE_RE.search(before):
            return None  # "coaxed into conceding", "known for saying"
        # "X unveiled the plan on Monday calling it …": the subject of the sentence speaks.
        own_clause = is_speech_participle(cue) and not any(
            not capitalised_inside(left, found) for found in _VERB_RE.finditer(left)
        )
        subject = sentence_subject(left, proper) if own_clause else None
        split = (
            (0, 0) if subject else split_speaker(left, proper, _is_plain(cue), is_participle(cue))
        )
        if split is None:
            return None
        speaker_start, lead_end = split
        speaker_text = subject or left[speaker_start:]
        parenthetical = text[match.end() :].lstrip(" ")[:1] == ","
        if lead_end and parenthetical:
            content, form = (0, len(text)), "indirect"  # "Acts of protest, X said, are …"
        elif lead_end and tail_only:
            content, form = (0, lead_end), form_of(text[:lead_end])
        else:
            content, form = (after, len(text)), form_of(text[after:])
    if content[0] == after and reports_only_the_act(cue, text[after:]):
        return None  # "X testified before the committee on Tuesday": no words reported
    if EVIDENCE_VERB_RE.fullmatch(cue) and not _VERB_RE.fullmatch(cue) and content[0] == after:
        form = "evidence"  # "X released videos that show …"
    return _build(sentence, speaker_text, speaker_start, cue, content, form, proper)


def _is_plain(cue: str) -> bool:
    """The plainest cues, in a finite form: "The bank said", not "The bank charging"."""
    return _PLAIN_CUE_RE.fullmatch(cue.strip()) is not None and not cue.casefold().endswith("ing")


def _is_fragment_start(speaker_text: str) -> bool:
    words = speaker_text.split()
    return bool(words) and words[0].casefold() in _FRAGMENT_OPENERS


def _inverted(
    sentence: Sentence, match: re.Match[str], proper: frozenset[str]
) -> Attribution | None:
    """`"…," said X, the …` and `…, says X.`"""
    text = sentence.text
    named = speaker_after(text, match)
    if named is None:
        return None
    before = text[: match.start()].rstrip()
    offset = match.end() + named.start(1)
    role = apposition(text, match.end() + named.end(1), proper)
    form: Form
    if speaker_aside(text, match):
        content, form = (0, len(text)), "indirect"
    else:
        content, form = (0, len(before.rstrip(","))), form_of(before)
    return _build(sentence, named.group(1), offset, match.group(), content, form, proper, role)


def _according(
    sentence: Sentence, match: re.Match[str], proper: frozenset[str]
) -> Attribution | None:
    text = sentence.text
    named = re.match(NAMED, text[match.end() :])
    if named is None:
        return None
    before = text[: match.start()].rstrip(" ,")
    if len(before.split()) >= 3:
        content = (0, len(before))
    else:
        start = match.end() + named.end(1)
        while start < len(text) and text[start] in ", ":
            start += 1
        content = (start, len(text))
    offset = match.end() + named.start(1)
    role = apposition(text, match.end() + named.end(1), proper)
    return _build(
        sentence, named.group(1), offset, "according to", content, "according", proper, role
    )


def _build(
    sentence: Sentence,
    speaker_text: str,
    offset: int,
    cue: str,
    content: tuple[int, int],
    form: Form,
    proper: frozenset[str],
    role: str | None = None,
) -> Attribution | None:
    speaker = subject_of_clause(clean_speaker(speaker_text))
    plain = _is_plain(cue)
    if speaker and "," in speaker and not plausible_speaker(speaker, proper, plain_cue=plain):
        # "Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said": an
        # apposition too long to be a speaker's name; the name before it speaks.
        speaker = clean_speaker(speaker.split(",")[0])
    if not speaker or not plausible_speaker(speaker, proper, plain_cue=plain):
        return None
    start, end = content
    if end - start < _MIN_CONTENT:
        return None
    kind = speaker_kind(speaker, proper)
    if _DATED_RE.search(speaker_text):
        kind = "document"
    context = sentence.text[max(0, offset - 2) : offset + len(speaker_text) + 160]
    if role is not None and speaker.casefold() not in PRONOUNS:
        speaker = f"{speaker}, {role}"
    return Attribution(
        sentence=sentence,
        speaker=speaker,
        mention=speaker,
        cue=cue.strip(),
        content_start=sentence.start + start,
        content_end=sentence.start + end,
        form=form,
        kind=kind,
        anonymous=is_anonymous(speaker, context, kind),
    )
