"""The words that signal who is speaking and what kind of statement it is, kept as data.

Why data: the rules in `attribution` and `classify` stay general only if the vocabulary they
rely on is broad and visible in one place; extending the engine to a new kind of wording is a
matter of adding words here, never of matching one article's phrasing in code.
"""

from __future__ import annotations

import re

from bot.text.phrases import inflect as _inflect
from bot.text.phrases import phrase_re as phrase_re
from bot.text.refuting import (
    PREDICATIVE_REFUTING as PREDICATIVE_REFUTING,
)
from bot.text.refuting import REFUTING_PHRASES as REFUTING_PHRASES
from bot.text.refuting import REFUTING_VERBS as REFUTING_VERBS
from bot.text.refuting import WEAK_REFUTING as WEAK_REFUTING

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

# Verbs that reject what someone else said: the cue alone makes a denial. Looser refuting
# verbs ("counter", "challenge", "push") deny only with their particle or a refuting word.
# "disputed" and "disputing" only: "a dispute over pay" is a noun.
DENYING_VERBS = [
    *_inflect(
        (
            "deny:denied|denying|denies", "reject", "dismiss", "refute", "rebut:rebutted|"
            "rebutting", "disavow", "repudiate", "debunk", "disprove",
        )
    ),
    "disputed", "disputing", "rubbished", "rubbishing", "rubbishes",
]  # fmt: skip
DENYING_PHRASES = (
    *DENYING_VERBS,
    *(f"{verb} back {against}" for verb in _inflect(("push:pushed|pushing", "hit", "fire:fired|"
      "firing", "strike:struck|striking")) for against in ("against", "on", "at")),
    *(f"{verb} {particle}" for verb in _inflect(("brush:brushed|brushing", "shrug:shrugged|"
      "shrugging", "laugh:laughed|laughing", "wave:waved|waving")) for particle in
      ("off", "aside", "away")),
    "poured cold water on", "pours cold water on", "pouring cold water on", "set the record "
    "straight", "sets the record straight", "setting the record straight", "called into question",
    *(f"{verb} {doubt} on" for verb in ("cast", "casts", "casting", "threw", "throws",
      "throwing") for doubt in ("doubt", "doubts", "cold water")),
    "questioned whether", "questions whether", "questioning whether",
    *(f"{verb} up {the}{matter}" for verb in ("clear", "cleared", "clears", "clearing")
      for the in ("", "the ", "any ") for matter in ("confusion", "rumor", "rumors", "rumour",
      "rumours", "misunderstanding", "speculation")),
    *(f"{verb} {doubt} {about}" for verb in ("raise", "raised", "raises", "raising")
      for doubt in ("doubt", "doubts", "questions") for about in ("about", "over", "on")),
    # answering a charge in court: "pleaded not guilty", "denies the charges"
    *(f"{verb} not guilty" for verb in ("plead", "pleads", "pleaded", "pled", "pleading")),
)  # fmt: skip
# A fact-checker's verdict printed on a line of its own.
VERDICTS = (
    "false", "mostly false", "probably false", "untrue", "fake", "hoax", "a hoax", "debunked",
    "pants on fire", "fiction", "not true", "misleading", "unproven", "fabricated", "wrong",
)  # fmt: skip
DENYING_RE = phrase_re(DENYING_PHRASES)
# What a denial answers: "the reports", "the allegations", "the rumour" it calls baseless.
CLAIM_NOUNS = (
    "report", "reports", "claim", "claims", "allegation", "allegations", "accusation",
    "accusations", "charge", "charges", "rumor", "rumors", "rumour", "rumours", "story",
    "stories", "article", "articles", "suggestion", "suggestions", "assertion", "assertions",
    "speculation", "gossip", "post", "posts", "tweet", "tweets", "headline", "headlines",
    "picture", "pictures", "photo", "photos", "image", "images", "video", "videos", "news",
    "account", "accounts", "version", "theory", "theories", "assertion", "notion", "idea",
    "rumored", "rumoured", "purported", "supposed", "alleged", "so-called",
    "it", "this", "that",
)  # fmt: skip
CLAIM_NOUN_RE = phrase_re(CLAIM_NOUNS)
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
    # the same in a contraction: "it isn't clear", "it's unclear", "it wasn’t known"
    *(f"it{be} {what}" for be in ("’s", "'s") for what in ("unclear", "not clear", "not known")),
    *(f"it {be} {what}" for be in ("isn’t", "isn't", "wasn’t", "wasn't")
      for what in ("clear", "known")),
    "it is still unclear", "it is still not clear", "it is not yet clear", "not yet known",
)  # fmt: skip
# What the article says is missing or unknown: a gap in the record rather than a doubt.
GAP_PHRASES = (
    "did not say", "does not say", "would not say", "declined to say", "did not specify",
    "did not disclose", "would not disclose", "declined to disclose", "did not give details",
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
    "court documents", "cables", "photographic", "inspection", "inspections", "inspectorate",
)  # fmt: skip
EVIDENCE_RE = phrase_re(EVIDENCE_NOUNS)
# Verbs that say evidence points somewhere: "the records show", "tests found".
SHOWING_BASES = (
    "show:showed|shown|showing", "indicate", "suggest", "match", "confirm", "prove",
    "reveal", "demonstrate", "link", "trace", "find:found|finding", "establish", "list",
    "record", "document", "contain",
)  # fmt: skip
SHOWING_VERBS = _inflect(SHOWING_BASES)
SHOWING_PHRASES = (
    *SHOWING_VERBS, "consistent with", "traced to", "according to", "tested positive",
    "tested negative", "detected", "measured", "logged", "registered", "came back positive",
    "came back negative", "positive for", "negative for",
)  # fmt: skip
SHOWING_RE = phrase_re(SHOWING_PHRASES)
EVIDENCE_VERB_RE = phrase_re(EVIDENCE_VERBS)
ACCUSING_RE = phrase_re(ACCUSING_VERBS)
REFUTING_VERB_RE = phrase_re(REFUTING_VERBS)
# Turning something up in a search: the finding of an investigation is evidence.
FINDING_RE = phrase_re(
    _inflect(
        (
            "find:found|finding", "discover", "recover", "uncover", "unearth", "exhume",
            "seize", "locate", "retrieve", "identify:identified|identifying",
        )
    )
)  # fmt: skip

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
    "welcomes", "monitor", "monitors", "monitored", "monitoring", "closely", "concerned",
    "concern", "deeply", "regret", "regrets", "regretted", "appeal", "appealed", "appeals",
    "restraint", "should", "must", "would like", "wish", "wished", "praise", "praised",
    "thank", "thanked", "congratulate", "congratulated", "look forward", "believe in",
    "it is important", "it's important", "committed to", "remain committed", "calm",
    "de-escalate", "dialogue", "refrain from", "great", "terrible", "wonderful", "proud",
    "no tolerance", "zero tolerance", "not tolerate", "never tolerate", "won't tolerate",
)  # fmt: skip
OPINION_RE = phrase_re(OPINION_PHRASES)
# Statements about what someone will do next, not about what happened.
_NEXT_STEP_VERBS = (
    "ask", "refer", "review", "study", "appeal", "consider", "examine", "investigate",
    "decide", "respond", "meet", "publish", "release", "report", "seek", "request", "file",
    "present", "look", "hold", "launch", "open", "pursue", "contest", "submit", "commission",
    "audit", "test", "take legal", "sue", "press", "raise", "set up", "carry out", "conduct",
    "give", "hand", "pass", "share", "send", "forward",
)  # fmt: skip
# Passing a matter to those who act on it: "alerted the regulator", "contacted prosecutors".
_TOLD_AUTHORITIES = tuple(
    f"{verb} {article}{authority}"
    for verb in _inflect(("inform", "notify:notified|notifying|notifies", "alert", "contact"))
    for article in ("", "the ")
    for authority in ("police", "authorities", "regulator", "regulators", "prosecutors")
)
# Passing the questions on: "referred questions to the ministry" is no comment of one's own.
_REFERRED_QUESTIONS = tuple(
    f"{verb} {asked}"
    for verb in ("referred", "refers", "referring", "redirected", "directed")
    for asked in ("questions", "all questions", "further questions", "inquiries", "enquiries",
                  "requests for comment", "reporters", "journalists")
)  # fmt: skip
# A measure a party has already taken about the matter: "had suspended the three players",
# "has been handed to the inspectors", "asked residents to stay indoors". What was done in
# response, not an assertion about what happened.
_MEASURES_TAKEN = (
    *(f"{aux} {measure}" for aux in ("had", "has", "have", "had been", "has been", "have been")
      for measure in ("suspended", "banned", "halted", "recalled", "sealed off", "cordoned off",
                      "shut down", "handed to", "handed over to", "passed to", "passed on to")),
    *(f"{verb} {public}" for verb in ("asked", "urged", "advised", "told", "warned")
      for public in ("residents", "the public", "people living", "consumers", "customers not")),
)  # fmt: skip
PROCEDURAL_PHRASES = (
    *(f"{aux} {verb}" for aux in ("would", "will", "could", "plans to", "planned to",
      "intends to", "intended to", "is going to", "was going to", "aims to", "wants to")
      for verb in _NEXT_STEP_VERBS),
    "planned a", "plans a", "planning a", "asked for an explanation", "asked for clarification",
    "contacted",
    "is investigating", "was investigating", "are investigating", "were investigating",
    "opened an investigation", "launched an investigation", "cooperating", "cooperate",
    "co-operating", "pending", "assessing", "looking into", "would not comment",
    "will not comment", "could not comment", "did not comment", "does not comment",
    "declined to comment", "no comment", "next week", "next month", "in the coming days",
    "in the coming weeks", *_TOLD_AUTHORITIES, *_REFERRED_QUESTIONS,
    "closely monitoring", "monitoring the situation", "keeping a close eye", *_MEASURES_TAKEN,
)  # fmt: skip
# Watching a matter: "following the reports closely", "will watch developments closely".
WATCHING_RE = re.compile(
    r"\b(?:follow|following|watch|watching|monitor|monitoring)\s+(?:[\w'’-]+\s+){0,3}?closely\b",
    re.IGNORECASE,
)
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
        "general", "generals",
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
# The double quotation marks outlets print, straight and curly, and guillemets.
QUOTE_CHARS = '"“”«»„'
PRONOUNS = frozenset(("he", "she", "they", "it", "we", "i"))

# A party saying it kept to the rules: "had all the necessary licences", "met every safety
# standard", "acted within the law", "complied with the regulations". Said by a party another
# party accuses, it is that party's answer.
COMPLIANCE_RE = re.compile(
    r"\b(?:(?:all|every|each)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?|(?:fully\s+|strictly\s+)?"
    r"(?:within|in\s+line\s+with|in\s+accordance\s+with|in\s+compliance\s+with|complied\s+with|"
    r"complies\s+with|comply\s+with|met|meets|followed|follows|obeyed|respected)\s+(?:the\s+|all\s+"
    r"|every\s+|its\s+|our\s+|their\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}?)"
    r"(?:permits?|licen[cs]es?|standards?|regulations?|rules|the\s+law|laws?|procedures?|"
    r"requirements?|guidelines?)\b"
    # limits a rule sets, not those of a method ("within the limits of our detection method")
    r"|\b(?:within|under|below)\s+(?:the\s+|all\s+|its\s+|our\s+)?(?:legal|permitted|allowed|safe|"
    r"set|agreed|statutory|emission|discharge)\s+limits?\b|\blimits\s+(?:set|allowed)\s+by\b",
    re.IGNORECASE,
)
