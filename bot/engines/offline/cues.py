"""The words that signal who is speaking and what kind of statement it is, kept as data.

Why data: the rules in `attribution` and `classify` stay general only if the vocabulary they
rely on is broad and visible in one place; extending the engine to a new kind of wording is a
matter of adding words here, never of matching one article's phrasing in code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def _inflect(verbs: Iterable[str]) -> list[str]:
    """Regular past, present and -ing forms of base verbs given as "say:said" or "claim"."""
    forms: list[str] = []
    for entry in verbs:
        base, _, irregular = entry.partition(":")
        forms.append(base)
        if irregular:
            forms.extend(irregular.split("|"))
        else:
            stem = base[:-1] if base.endswith("e") else base
            forms.append(stem + "ed")
            forms.append(stem + "ing")
        if base.endswith(("s", "sh", "ch", "x")):
            forms.append(base + "es")
        elif base.endswith("y") and base[-2:-1] not in "aeiou":
            forms.append(base[:-1] + "ies")
        else:
            forms.append(base + "s")
    return forms


def _alternation(words: Iterable[str]) -> str:
    """The words as one pattern shaped like a trie ("deni(?:ed|es)" rather than "denied|denies").

    Why: Python's regular expressions try the branches of an alternation one by one at every
    position, so a flat list of hundreds of phrases is slow; sharing prefixes makes each position
    cost one branch per letter. The longest phrase still wins, as greedy optional tails prefer
    going on; a space stands for any run of whitespace.
    """
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if ends else "")


def phrase_re(words: Iterable[str]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of the words or phrases as whole words."""
    return re.compile(rf"(?<![\w-])(?:{_alternation(words)})(?![\w-])", re.IGNORECASE)


NEUTRAL_VERBS = _inflect(
    (
        "say:said|saying", "tell:told|telling", "add", "state", "explain", "note", "write:wrote|"
        "written|writing", "report", "announce", "declare", "confirm", "acknowledge", "admit:"
        "admitted|admitting", "describe", "recall", "argue", "insist", "maintain", "assert",
        "contend", "believe", "estimate", "predict", "suggest", "stress", "emphasise",
        "emphasize", "reiterate", "respond", "reply:replied|replying", "testify:testified|"
        "testifying", "conclude", "observe", "disclose", "reveal",
        "concede", "tweet:tweeted|tweeting", "comment", "remark", "recount",
        "agree", "call", "explain", "caution", "promise", "pledge", "vow:vowed|"
        "vowing", "think:thought|thinking", "find:found|finding", "show:showed|shown|showing",
        "cite", "ask", "assure", "echo:echoed|echoing", "propose",
    )
)  # fmt: skip
ACCUSING_VERBS = _inflect(
    (
        "claim", "accuse", "allege", "charge", "blame", "warn", "condemn", "criticise",
        "criticize", "attack", "fault", "assert", "complain", "suspect", "implicate",
    )
)  # fmt: skip
REFUTING_VERBS = _inflect(
    (
        "deny:denied|denying|denies", "reject", "dismiss", "refute", "dispute", "rebut:"
        "rebutted|rebutting", "contradict", "counter", "disavow", "repudiate", "decry",
        "challenge", "brush:brushed|brushing", "scoff", "push:pushed|pushing",
    )
)  # fmt: skip
EVIDENCE_VERBS = _inflect(
    (
        "release", "publish:published|publishing", "present", "produce", "provide", "share:"
        "shared|sharing", "circulate", "cite", "show:showed|shown|showing", "submit:submitted|"
        "submitting", "display", "unveil", "document", "record", "obtain", "review", "analyse",
        "analyze", "verify:verified|verifying", "confirm", "find:found|finding", "point",
        "reveal", "leak", "distribute",
    )
)  # fmt: skip
# Verbs of a state of mind a speaker makes known ("officials fear …", "she hopes …"): news
# reports them as attributed as much as what was said.
BELIEF_VERBS = _inflect(
    (
        "fear", "hope", "expect", "worry:worried|worrying|worries", "doubt", "feel:felt|feeling",
        "wonder", "question", "recognise", "recognize", "conclude", "anticipate", "urge",
        "demand", "mention", "want", "intend", "know:knew|known|knowing",
    )
)  # fmt: skip
REPORTING_VERBS = NEUTRAL_VERBS + ACCUSING_VERBS + REFUTING_VERBS + BELIEF_VERBS
REPORTING_VERB_RE = phrase_re(REPORTING_VERBS)

REFUTING_PHRASES = (
    "false", "falsely", "untrue", "not true", "baseless", "groundless", "unfounded",
    "fabricated", "fabrication", "fabrications", "made up", "invented", "fake", "fiction",
    "no evidence", "no proof", "no basis", "without basis", "categorically", "never",
    "lie", "lies", "lying", "a lie", "nonsense", "absurd", "ridiculous", "slander",
    "smear", "propaganda", "misinformation", "disinformation", "hoax", "no truth",
    "not a shred", "nothing to do with", "had no role", "has no role", "no involvement",
    "not involved", "was not involved", "were not involved", "did not", "has not", "have not",
    "had not", "no such", "wrong", "misleading", "distortion", "distorted", "no knowledge",
    "no wrongdoing", "did nothing wrong", "no indication", "nobody", "no one", "not a single",
)  # fmt: skip
# Negations that turn a statement into a denial only when they sit next to a reporting verb.
WEAK_REFUTING = frozenset(
    ("did not", "has not", "have not", "had not", "never", "wrong", "nobody", "no one")
)
REFUTING_RE = phrase_re(REFUTING_PHRASES)

_NOT_QUITE_PROOF = tuple(
    f"not {adjective} proof"
    for adjective in ("positive", "conclusive", "definitive", "hard", "firm", "clear")
)
HEDGING_PHRASES = (
    "reportedly", "allegedly", "purportedly", "supposedly", "apparently", "unconfirmed",
    "unverified", "could not be verified", "could not be independently verified",
    "cannot be verified", "can not be verified", "could not immediately be verified",
    "could not be confirmed", "could not be independently confirmed", "cannot be confirmed",
    "could not immediately be confirmed", "has not been verified", "have not been verified",
    "has not been confirmed", "have not been confirmed", "not been independently verified",
    "not independently verified", "not independently confirmed", "it is unclear",
    "it was unclear", "it is not clear", "it was not clear", "it remains unclear",
    "remains unclear", "was not clear", "is not known", "it is not known", "not proof",
    *_NOT_QUITE_PROOF, "no proof", "not conclusive", "inconclusive", "not definitive",
    "did not provide evidence", "did not offer evidence", "without providing evidence",
    "without offering evidence", "provided no evidence", "offered no evidence",
    "no independent confirmation", "unsubstantiated",
    "could not independently", "not be verified", "not be confirmed", "unclear whether",
    "unclear how", "unclear if", "it is impossible to verify", "impossible to verify",
)  # fmt: skip
# What the article says is missing or unknown: a gap in the record rather than a doubt.
GAP_PHRASES = (
    "did not say", "does not say", "would not say", "declined to say", "did not specify",
    "did not name", "did not identify", "did not describe", "did not explain", "did not know",
    "does not know", "do not know", "has not published", "have not published",
    "has not released", "have not released", "not yet published", "not yet released",
    "not been released", "not been published", "has not produced", "have not produced",
    "not yet produced", "has not provided", "have not provided", "could not be established",
    "could not establish", "unable to confirm", "unable to establish", "unable to verify",
    "was unable to", "were unable to", "not able to", "could not confirm", "could not verify",
    "could not tell", "could not be traced", "could not be determined", "cannot prove",
    "can not prove", "could not prove", "could not show", "does not show", "did not show",
    "did not establish", "does not establish", "too early to say", "too early to tell",
    "still being investigated", "still under investigation", "not independently checked",
    "not been independently", "is unknown", "remain unknown", "remains unknown",
)  # fmt: skip
GAP_RE = phrase_re(GAP_PHRASES)
HEDGING_RE = phrase_re((*HEDGING_PHRASES, *GAP_PHRASES))
# Caveats that weaken a piece of evidence rather than make a new statement doubtful.
CAVEAT_PHRASES = (
    "not proof",
    *_NOT_QUITE_PROOF, "no proof", "not conclusive", "inconclusive",
    "not definitive", "could not be verified", "could not be independently verified",
    "not independently verified", "could not be confirmed", "cannot be verified",
    "does not prove", "did not prove", "do not prove", "does not show", "did not show",
    "not enough to", "could have", "may have been", "might have been", "doctored",
    "manipulated", "altered", "unreliable", "not clear", "unclear", "questioned",
)  # fmt: skip
CAVEAT_RE = phrase_re(CAVEAT_PHRASES)

EVIDENCE_NOUNS = (
    "video", "videos", "footage", "image", "images", "photo", "photos", "photograph",
    "photographs", "picture", "pictures", "satellite", "document", "documents", "documentation",
    "records", "data", "serial number", "serial numbers", "test", "tests",
    "testing", "lab", "laboratory", "findings", "finding", "report", "reports", "analysis",
    "analyses", "markings", "marking", "receipts", "receipt", "emails", "email", "e-mails",
    "intercepted", "intercepts", "recording", "recordings", "audio", "transcript",
    "transcripts", "forensic", "forensics", "samples", "sample", "evidence", "logs", "log",
    "invoices", "invoice", "files", "leaked", "survey", "poll",
    "polls", "study", "studies", "statistics", "figures", "dna", "autopsy", "investigation",
    "inquiry", "audit", "memo", "memos", "letter", "letters", "messages", "texts",
    "screenshots", "radar", "tracking", "manifest", "manifests", "bank statements",
    "fingerprints", "ballistic", "witness", "witnesses", "testimony", "affidavit",
    "paperwork", "filing", "filings", "register", "registry", "ledger", "spreadsheet",
    "spreadsheets", "accounts", "minutes", "label", "labels", "craters", "crater", "fragments",
    "debris", "wreckage", "residue", "traces", "casings", "shrapnel", "measurements",
    "court documents", "cables", "photographic",
)  # fmt: skip
EVIDENCE_RE = phrase_re(EVIDENCE_NOUNS)
# Verbs that say evidence points somewhere: "the records show", "tests found".
SHOWING_VERBS = _inflect(
    (
        "show:showed|shown|showing", "indicate", "suggest", "match", "confirm", "prove",
        "reveal", "demonstrate", "link", "trace", "find:found|finding", "establish", "list",
        "record", "document", "contain",
    )
)  # fmt: skip
SHOWING_PHRASES = (
    *SHOWING_VERBS, "consistent with", "traced to", "according to", "tested positive",
    "tested negative", "detected", "measured", "logged", "registered",
)  # fmt: skip
SHOWING_RE = phrase_re(SHOWING_PHRASES)
EVIDENCE_VERB_RE = phrase_re(EVIDENCE_VERBS)

# A witness's own senses: what someone saw, heard or counted is offered as evidence.
OBSERVATION_RE = phrase_re(
    (
        "saw", "seen", "heard", "witnessed", "watched", "counted", "photographed", "filmed",
        "noticed", "observed", "smelled", "spotted",
    )
)  # fmt: skip

OPINION_PHRASES = (
    "urge", "urged", "urges", "urging", "call on", "called on", "calls on", "call for",
    "called for", "calls for", "hope", "hoped", "hopes", "hoping", "welcome", "welcomed",
    "welcomes", "following the situation", "following closely", "closely", "concerned",
    "concern", "deeply", "regret", "regrets", "regretted", "appeal", "appealed", "appeals",
    "restraint", "should", "must", "would like", "wish", "wished", "praise", "praised",
    "thank", "thanked", "congratulate", "congratulated", "look forward", "believe in",
    "it is important", "it's important", "committed to", "remain committed", "calm",
    "de-escalate", "dialogue", "refrain from", "great", "terrible", "wonderful", "proud",
)  # fmt: skip
OPINION_RE = phrase_re(OPINION_PHRASES)
# Statements about what someone will do next, not about what happened.
_NEXT_STEP_VERBS = (
    "ask", "refer", "review", "study", "appeal", "consider", "examine", "investigate",
    "decide", "respond", "meet", "publish", "release", "report", "seek", "request", "file",
)  # fmt: skip
PROCEDURAL_PHRASES = (
    *(f"{aux} {verb}" for aux in ("would", "will", "plans to", "intends to") for verb in
      _NEXT_STEP_VERBS),
    "is investigating", "was investigating", "are investigating", "were investigating",
    "opened an investigation", "launched an investigation", "cooperating", "cooperate",
    "co-operating", "pending", "assessing", "looking into", "would not comment",
    "will not comment", "could not comment", "did not comment", "does not comment",
    "declined to comment", "no comment", "next week", "next month", "in the coming days",
    "in the coming weeks", "informed the police", "notified the police", "alerted the police",
    "contacted the police", "informed the authorities", "notified the authorities",
)  # fmt: skip
PROCEDURAL_RE = phrase_re(PROCEDURAL_PHRASES)

# Words that make a bare noun phrase a plausible speaker even when nothing in it is capitalised.
SPEAKER_NOUNS = frozenset(
    (
        "official", "officials", "spokesman", "spokeswoman", "spokesperson", "spokespeople",
        "minister", "ministers", "ministry", "government", "governments", "source", "sources",
        "diplomat", "diplomats", "analyst", "analysts", "expert", "experts", "police",
        "officer", "officers", "investigator", "investigators", "prosecutor", "prosecutors",
        "lawyer", "lawyers", "attorney", "attorneys", "witness", "witnesses", "resident",
        "residents", "researcher", "researchers", "scientist", "scientists", "leader",
        "leaders", "president", "chief", "director", "commander", "commanders", "military",
        "army", "aide", "aides", "adviser", "advisers", "advisor", "advisors",
        "report", "study", "survey", "poll", "company", "firm", "group", "agency", "office",
        "department", "council", "committee", "board", "campaign", "party", "union",
        "authorities", "authority", "observers", "observer", "critics", "critic", "supporters",
        "activists", "activist", "workers", "worker", "doctors", "doctor", "people", "voters",
        "members", "member", "staff", "employees", "executive", "executives", "secretary",
        "senator", "senators", "representative", "lawmakers", "lawmaker", "legislators",
        "judge", "judges", "court", "mayor", "governor", "candidate", "nominee", "manager",
        "economist", "economists", "historian", "professor", "organisers", "organizers",
        "officials'", "administration", "white", "house", "spokesmen", "envoy", "ambassador",
        "negotiators", "rebels", "militants", "insurgents", "protesters", "demonstrators",
        "families", "relatives", "victims", "survivors", "journalists", "reporters", "media",
        "newspaper", "documents", "records", "data", "figures", "polls", "surveys",
        "studies", "reports", "findings", "tests", "analysis", "intelligence", "embassy",
        "commission", "coalition", "alliance", "federation", "association", "institute",
        "team", "staffers", "staffer", "strategist", "strategists", "pollster", "pollsters",
        "supporter", "opponents", "opponent", "chairman", "chairwoman", "chair", "head",
        "founder", "ceo", "owner", "operator", "organization", "organisation", "agencies",
    )
)  # fmt: skip
ANONYMOUS_RE = phrase_re(
    (
        "on condition of anonymity", "on the condition of anonymity", "declined to be named",
        "asked not to be named", "requested anonymity", "not authorised to", "not authorized to",
        "who did not want to be named", "speaking anonymously", "unnamed", "anonymous",
        "a source", "sources", "people familiar", "person familiar", "familiar with",
    )
)  # fmt: skip
PRONOUNS = frozenset(("he", "she", "they", "it", "we", "i"))
