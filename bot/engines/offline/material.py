"""Evidence in an article's words: material that shows something ("emails released by X
show …"), what can be seen in it, and what a search turned up ("police recovered two rifles").

Why apart from `classify`: these are the wording of evidence, read both in attributed words and
in the outlet's own; `classify` decides an item's kind from them and the other signals.
"""

from __future__ import annotations

import re

from bot.engines.offline.attributed import Attribution
from bot.engines.offline.cues import (
    EVIDENCE_RE,
    FINDING_RE,
    OBSERVATION_RE,
    SHOWING_BASES,
    SHOWING_RE,
)
from bot.engines.offline.speakers import cannot_speak, clean_speaker

# Where the material comes from, up to its showing verb: "figures from the port's register".
_SOURCE_WORDS = 9
_SOURCE_OF_MATERIAL_RE = re.compile(r"\s+(?:from|of)\s+[^,;:\"“”]{1,60}\s+")
_OFFERED_BY_RE = re.compile(
    r"\b(?:released|presented|provided|published|sent|shared|obtained|filed|shown|produced|"
    r"posted|circulated|taken|gathered|collected|compiled|commissioned)\s+by\s+"
    r"((?:the\s+|a\s+|an\s+)?[\w'’.-]+(?:\s+[A-Z\w'’.-][\w'’.-]*){0,7}?)(?=[,;]|\s+(?:show|"
    r"showed|shows|shown|indicate|indicated|suggest|suggested|found|find|reveal|revealed|"
    r"confirm|confirmed|prove|proved|record|recorded|list|listed)\b)",
)
# Material that shows something: "emails released under ... show", "tests found".
_MATERIAL_SHOWS_RE = re.compile(
    rf"(?P<noun>{EVIDENCE_RE.pattern}),?(?P<between>(?:\s+[\w'’,-]+){{0,10}}?)\s+"
    rf"(?P<verb>{SHOWING_RE.pattern})",
    re.IGNORECASE,
)
# A showing verb in its base form needs a plural subject: after a singular noun it is a noun
# itself, the two one compound ("an email list", "a test match", "a video record").
_BASE_SHOWING_VERBS = frozenset(entry.partition(":")[0] for entry in SHOWING_BASES)
_PLURAL_WITHOUT_S = frozenset({"data", "media"})
_FIRST_MATCHES = 4
# "In the footage, men can be seen …", "on the recording, a voice is heard …".
_SEEN_IN_MATERIAL_RE = re.compile(
    rf"\b(?:in|on)\s+(?:the|a|an|one|this|that|these|those)\s+(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?:{EVIDENCE_RE.pattern})\b[^.]{{0,80}}?\b(?:can|could|may)?\s*(?:be|is|are|was|were)\s+"
    rf"(?:seen|heard|visible|audible|shown)\b",
    re.IGNORECASE,
)
# What a search turns up: remains, weapons, drugs, material.
_SEARCHED_THINGS = (
    r"(?:dozens|hundreds|thousands|remains|bodies|body|weapons?|rifles|guns|firearms|"
    r"explosives|drugs|cash|bullets?|traces?|ammunition|graves?|documents|evidence|"
    r"salmonella|bacteria|toxins?|residues?|samples?|crates?|stacks)"
)
# "The bodies of 12 people were recovered", "weapons had been found in the house".
_FOUND_PASSIVE_RE = re.compile(
    rf"\b(?:\d[\d,]*|{_SEARCHED_THINGS})\b[^.,;]{{0,60}}?\b"
    rf"(?:was|were|have\s+been|has\s+been|had\s+been)\s+(?:{FINDING_RE.pattern})\b",
    re.IGNORECASE,
)
# "fragments recovered at the scene carried …", "the rifles seized in the raid": material
# named with the search that turned it up.
_RECOVERED_MATERIAL_RE = re.compile(
    rf"\b(?:{_SEARCHED_THINGS}|{EVIDENCE_RE.pattern})\s+(?:[\w'’-]+ly\s+)?"
    rf"(?:found|recovered|seized|retrieved|unearthed|exhumed|collected)\s+(?:at|in|on|from|near|"
    rf"inside|during|by|after)\b",
    re.IGNORECASE,
)
# What a finding names: a count or such a thing ("found the remains of 12").
_FOUND_THINGS_RE = re.compile(
    rf"\d|\b{_SEARCHED_THINGS}\b|{EVIDENCE_RE.pattern}",
    re.IGNORECASE,
)
# "Investigators found …", "police recovered …": the searchers' finding, as evidence.
FOUND_RE = re.compile(
    rf"\b(?:investigators|police|officers|inspectors|auditors|researchers|scientists|"
    rf"divers|rescuers|searchers|prosecutors|experts|troops|soldiers|agents|officials|"
    rf"authority|authorities|agency|inspectorate|laboratory|lab|regulator|watchdog|"
    rf"reporters|journalists)\s+"
    rf"(?:[\w'’-]+\s+){{0,2}}?(?:{FINDING_RE.pattern})\s+(?:[\w'’-]+\s+){{0,6}}?"
    rf"(?:\d|two|three|four|five|six|seven|eight|nine|ten|{_SEARCHED_THINGS})",
    re.IGNORECASE,
)
# "Reporters who visited the site saw …", "officers photographed the crates": those on the spot
# recording what they saw, as the outlet tells it.
_SEEN_ON_THE_SPOT_RE = re.compile(
    r"\b(?:reporters|journalists|witnesses|residents|visitors|officers|inspectors|investigators)"
    r"(?:\s+[\w'’-]+){0,10}?\s+(?:saw|watched|counted|photographed|filmed|videotaped)\s+"
    r"(?!(?:(?:it|this|that)\s+)?as\b)",
    re.IGNORECASE,
)
# Identifying marks taken off items: "serial numbers had been ground off", "stripped of markings".
_MARKS = r"(?:serial\s+numbers?|markings?|identifying\s+marks|insignia)"
_ALTERED_MARKS_RE = re.compile(
    rf"\b{_MARKS}\b[^.;]{{0,40}}?\b(?:(?:ground|filed|scratched|scraped|sanded|burned|painted)\s+"
    rf"(?:off|away|over|out)|removed|erased|obliterated|defaced)\b"
    rf"|\bstripped\s+of\s+(?:[\w'’-]+\s+){{0,2}}?{_MARKS}",
    re.IGNORECASE,
)
# "Police said they recovered three rifles": the searchers' own finding, in their words.
_OWN_FINDING_RE = re.compile(
    rf"^[\s\"“‘']*(?:[^,;\"“”]{{0,80}},\s*)?(?:we|they)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{FINDING_RE.pattern})\s+"
    rf"(?:[\w'’-]+\s+){{0,6}}?"
    rf"(?:\d|two|three|four|five|six|seven|eight|nine|ten|{_SEARCHED_THINGS})",
    re.IGNORECASE,
)
# "confirmed that the letters were genuine": the material's holder vouching for the material.
_AUTHENTICATED_RE = re.compile(
    r"^[\s\"“‘']*(?:the|these|those|its|their|our|his|her)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:were|was|are|is)\s+(?:(?:all|both)\s+)?(?:genuine|authentic)\b",
    re.IGNORECASE,
)

# "heard it on the radio", "saw the clip online": a broadcast or the web, not one's own eyes.
_THROUGH_MEDIUM_RE = re.compile(
    r"(?:\s+[\w'’]+){0,3}?\s+(?:on|in|over|via|through)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:radio|television|tv|news|internet|web|podcast|social\s+media|youtube|newspapers?|"
    r"papers?|broadcast|livestream|stream)\b|(?:\s+[\w'’]+){0,3}?\s+online\b",
    re.IGNORECASE,
)

# "In its annual report, …", "Through its lawyers' letter, …": the material as the medium of the
# sentence's subject, named in a phrase before it.
_MEDIUM_OPENER_RE = re.compile(
    r"^\s*(?:in|on|through|via|with|from)\s+(?:[\w'’$-]+\s+){0,3}$", re.IGNORECASE
)


def material_shows(text: str) -> re.Match[str] | None:
    """Where material shows something in `text` ("the logs show"), if it does."""
    position = 0
    for _ in range(_FIRST_MATCHES):
        found = _MATERIAL_SHOWS_RE.search(text, position)
        if found is None or not (_compound_noun(found) or _far_participle(found)):
            return found
        position = found.start("verb")
    return None


def _far_participle(found: re.Match[str]) -> bool:
    """ "messages from the systems, such as suggesting …": a participle past a comma after the
    noun describes something else; "videos showing …" is the material's own."""
    verb, between = found.group("verb").casefold(), found.group("between")
    return verb.endswith("ing") and "," in between  # not "a video on the web containing …"


def _compound_noun(found: re.Match[str]) -> bool:
    noun = found.group("noun").split()[-1].casefold()
    return (
        not found.group("between").strip()
        and found.group("verb").casefold() in _BASE_SHOWING_VERBS
        and not noun.endswith("s")
        and noun not in _PLURAL_WITHOUT_S
    )


def shows_material(text: str) -> bool:
    return material_shows(text) is not None


def observed_or_recovered(text: str) -> bool:
    """ "In the footage, men can be seen …", "12 bodies were recovered": evidence the outlet
    states in its own words."""
    return bool(
        _SEEN_IN_MATERIAL_RE.search(text)
        or _FOUND_PASSIVE_RE.search(text)
        or _SEEN_ON_THE_SPOT_RE.search(text)
    )


# Seeing one thing as another is a view ("saw the vote as the turning point", "seen as a
# threat"), and so is seeing a need or a change ("saw a need to act", "have seen a rise").
_ABSTRACT = (
    r"(?:need|needs|chance|chances|opportunity|opportunities|way|reason|reasons|value|point|"
    r"benefit|benefits|potential|sense|impact|impacts|rise|increase|increases|decline|drop|"
    r"growth|surge|jump|change|changes|improvement|progress|success|future|merit)\b"
)
_SEEN_AS_RE = re.compile(
    r"(?:\s+[\w'’-]+){0,6}?\s+as\s+(?:a|an|the\s+(?:most|least|best|worst|biggest|only|first|"
    r"key|main|real|last|next)|more|less|very|too|something|someone|proof|evidence)\b"
    # seeing a need or a chance, seeing a rise: no sight of anything
    rf"|\s+(?:a|an|no|some|any|little|its|their|our)\s+(?:[\w'’-]+\s+)?{_ABSTRACT}"
    rf"|\s+(?:the\s+)?{_ABSTRACT}",
    re.IGNORECASE,
)


def witnessed(content: str) -> bool:
    """What someone saw or heard themselves; not what they saw or heard on the news, which is
    how they learned of it ("I saw it on television"), nor what they see something as."""
    return any(
        _THROUGH_MEDIUM_RE.match(content, found.end()) is None
        and _SEEN_AS_RE.match(content, found.end()) is None
        for found in OBSERVATION_RE.finditer(content)
    )


def is_evidence(attribution: Attribution, content: str, caveat: bool) -> bool:
    if attribution.form == "evidence" or attribution.kind == "document":
        return True
    if material_shows(attribution.sentence.text):
        return True
    if witnessed(content) and attribution.kind != "organisation":
        return True
    if FINDING_RE.fullmatch(attribution.cue) and _FOUND_THINGS_RE.search(content):
        return True
    if FOUND_RE.search(content):
        return True  # "Police recovered two rifles …, the chief said": what a search turned up
    if _OWN_FINDING_RE.match(content):
        return True
    if _ALTERED_MARKS_RE.search(content):
        return True  # "their serial numbers had been ground off": what the items show
    if _RECOVERED_MATERIAL_RE.search(content):
        return True  # "fragments recovered at the scene carried …, she said"
    if _AUTHENTICATED_RE.match(content):
        return True  # "the entries were genuine, the operator confirmed"
    return bool(EVIDENCE_RE.search(content) and (SHOWING_RE.search(content) or caveat))


def shown_before_words(attribution: Attribution) -> bool:
    """ "Videos released by X show …, though officials said …": the material is the item, and
    what is said after it is its caveat."""
    text = attribution.sentence.text
    shows = material_shows(text)
    if shows is None or _MEDIUM_OPENER_RE.match(text[: shows.start()]):
        return False  # "In a memo, the agency suggested …": the agency speaks through it
    return shows.end() <= attribution.content_start - attribution.sentence.start


def material_source(sentence: str) -> str | None:
    """Who offers the material of "records presented by the prosecution show …", or the
    material itself when it opens the sentence ("The company's accounts show …")."""
    shows = material_shows(sentence)
    if shows is None:
        return None
    offered = _OFFERED_BY_RE.search(sentence, shows.start(), shows.end())
    if offered is not None:
        offerer = clean_speaker(offered.group(1))  # "researchers … on Sunday": no time
        return None if cannot_speak(offerer) else offerer
    if len(sentence[: shows.start()].split()) <= 4:
        end = shows.start()
        for noun in EVIDENCE_RE.finditer(sentence, shows.start(), shows.end()):
            if sentence[end : noun.start()].strip():
                break
            end = noun.end()  # "satellite images": the nouns run together
        source = _SOURCE_OF_MATERIAL_RE.fullmatch(sentence, end, shows.start("verb"))
        if source is not None:
            end = source.end()  # "figures from the ministry's tracking system show …"
        phrase = clean_speaker(sentence[:end])  # "For example, one study": the study
        speaks = 0 < len(phrase.split()) <= _SOURCE_WORDS and not cannot_speak(phrase)
        return phrase if speaks else None
    return None
