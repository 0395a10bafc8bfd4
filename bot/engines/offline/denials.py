"""Whether a statement denies: the wording of rejecting, refuting and dismissing.

Why a module of its own: a denial is the one kind whose wording misleads most often. A refuting
word ("rubbish", "unsubstantiated") or a denying verb ("rejected the report") denies; a plain
negation ("we will never give up") only may, so it comes back as weak and `stance` keeps it a
denial only when it answers another party's claim; declining to comment denies nothing.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.engines.offline.cues import (
    CLAIM_NOUN_RE,
    CLAIM_NOUNS,
    DENYING_RE,
    HEDGING_RE,
    PREDICATIVE_REFUTING,
    REFUTING_RE,
    REFUTING_VERB_RE,
    SPEAKER_NOUNS,
    VERDICTS,
    WEAK_REFUTING,
    phrase_re,
)

_SELF_NEGATION_RE = re.compile(
    r"\b(?:we|i|he|she|they|it|his|her|its|their|our|my)\b[^.;]{0,50}?"
    r"(?:\bnever\b|\b(?:did|does|do|had|has|have|was|were|is|are)\s*(?:not|n[’']t)\b)",
    re.IGNORECASE,
)
# "No unit had fired", "nobody in this ministry has drafted": a flat denial of an act.
_NOBODY_RE = re.compile(
    r"\b(?:(?:no(?!\s+(?:doubt|longer|matter|wonder|question|surprise|sooner|less|more)\b)|"
    r"none\s+of\s+(?:the|our|its|their))\s+(?:[\w'’-]+\s+){0,2}?|"
    r"(?:nothing|nobody|no\s+one)\s+)(?:had|has|have|was|were|is|are|did|ever)\b",
    re.IGNORECASE,
)
# A view on what would help or be right, held back: "did not think a long sentence would be
# useful", "doesn't believe it is wise to". A judgement of a course, not a rejected claim.
NEGATED_VIEW_RE = re.compile(
    r"\b(?:do|does|did)\s*(?:not|n[’']t)\s+(?:think|believe|feel|expect|consider)\b[^.;]{0,80}?"
    r"\b(?:would|will|could|should|is|was|it's|it’s)\s+(?:be\s+)?(?:\w+ly\s+)?(?:a\s+)?"
    r"(?:helpful|useful|wise|appropriate|necessary|productive|constructive|sensible|prudent|"
    r"fair|right|good\s+idea|the\s+right|in\s+(?:the|anyone's|anyone’s)\s+(?:\w+\s+)?interest)",
    re.IGNORECASE,
)
# Declining to speak is not denying anything: "did not comment", "has not responded".
NO_COMMENT_RE = re.compile(
    r"\b(?:not|n[’']t|never|declin\w*\s+to|refus\w*\s+to)\s+(?:immediately\s+)?"
    r"(?:comment|respond|reply|return|answer|say|elaborate|confirm|discuss|speak|disclose|"
    r"specify|detail|give\s+details|provide\s+details)",
    re.IGNORECASE,
)
# A fact-checker's verdict on a line of its own: "FALSE", "Rating: mostly false".
VERDICT_RE = re.compile(
    rf"(?:verdict|rating|our\s+ruling|status)?\s*:?\s*(?:{phrase_re(VERDICTS).pattern})\s*[.!]?",
    re.IGNORECASE,
)
_REFUSED_THING_RE = re.compile(
    r"\s+(?:him|her|them|us|me|the\s+)?\s*(?:bail|entry|access|permission|a\s+visa|visas?|"
    r"asylum|parole|a\s+permit|permits?|the\s+application|the\s+appeal|the\s+bid|"
    r"the\s+offer|(?:(?:the|a|an|all|any|his|her|their|its|our|my|several|repeated|numerous|"
    r"many|multiple|further|earlier|\w+['’]s)\s+)*(?:requests?|demands?\s+for|invitations?|"
    r"applications?|pleas?\s+for))\b",
    re.IGNORECASE,
)
# Rejecting a party in a role is no denial: "rejected the envoy as a mediator".
_REJECTED_ROLE_RE = re.compile(
    r"\s+(?:(?!as\b)[\w'’-]+\s+){1,5}?as\s+(?:a|an|its|their|his|her|the)\s+(?:[\w-]+\s+)?"
    r"(?:mediators?|candidates?|partners?|leaders?|members?|representatives?|negotiators?|"
    r"allies|ally|nominees?|successors?|replacements?|hosts?|venues?|sites?|options?|"
    r"brokers?|envoys?|chairs?|chairman|chairwoman|head|coach|manager|captain)\b",
    re.IGNORECASE,
)
# What a clinician rules out: "dismissed her symptoms as stress", "dismissed the scan as
# normal". A reading of the body, not a claim rejected.
_CLINICAL_THING_RE = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their|its|my|our|these|those)\s+)?(?:[\w'’-]+\s+){0,2}?"
    r"(?:symptoms?|x-rays?|scans?|pains?|illness|rash|cough|lumps?|fevers?|headaches?|"
    r"mammograms?|ultrasounds?|blood\s+tests?)\b",
    re.IGNORECASE,
)
_AGENT_RE = re.compile(r"\s+by\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*){0,4})")
_DESCRIBED_AGENT_RE = re.compile(r"\s+by\s+((?:the|its|their|his|her)(?:\s+[a-z][\w'’-]*){1,3})\b")
_RELATIVE_RE = re.compile(
    r"((?:the\s+|a\s+|an\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,3}),\s+(?:who|which)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# Just before a refuting word, what makes it say what something is: "is", "proved to be"; a
# verb of naming has its object between ("called the neighbours' whole account false").
_PREDICATE_RE = re.compile(
    r"(?<!\bthere\s)(?<!\bthere)\b(?:(?:is|was|are|were|be|been|being|[’']s|[’']re|as|seems?|"
    r"appears?|looks?|proved?|proven|turned\s+out|turns\s+out)\b(?:\s+[\w’'-]+){0,3}|"
    r"(?:call(?:ed|s|ing)?|brand(?:ed|s)|label(?:l?ed|s)|dub(?:bed|s))\b"
    r"(?:\s+[“\"‘']?[\w’'-]+){0,6})[\s“\"‘']*$",  # 'called the story "mere propaganda"'
    re.IGNORECASE,
)
# A predicate right before it, with at most an article or an adverb between: "is a fake
# account", "was simply a hoax" say what something is, whatever noun follows.
_BY_AGENT_RE = re.compile(r"\s+by\b", re.IGNORECASE)
_PREDICATE_NEAR_RE = re.compile(
    r"(?<!\bthere\s)(?<!\bthere)\b(?:is|was|are|were|be|been|[’']s|[’']re|as|proved?|proven|"
    r"turned\s+out\s+to\s+be|turns\s+out\s+to\s+be)(?:[\s“\"‘']+(?:a|an|the|just|simply|"
    r"merely|all|also|another|only|nothing\s+but|\w+ly))?(?:[\s“\"‘']+(?:a|an|\w+ly))?"
    # "are absolutely, utterly and completely …", 'is "categorically …'
    r"(?:,?[\s“\"‘']+(?:and\s+)?\w+ly){0,3}[\s“\"‘']*$",
    re.IGNORECASE,
)
# What may follow a refuting word that says what something is ("it is fake, and ...", "a hoax
# made up by ..."); a noun after it ("a fake report", "fake accounts") makes it describe a thing.
_PREDICATIVE_END_RE = re.compile(
    r"\s*(?:$|[^\w\s'’-]|(?:by|and|or|but|that|which|who|from|to|as|in|on|for|with|since|after|"
    r"because|of|is|was|are|were|created|made|written|posted|started|spread|designed|meant|"
    r"intended|set|"
    r"perpetrated|\w+ed)\b)",
    re.IGNORECASE,
)
# The outlet taking back what it or others reported: "Update: ...", "it turned out ...".
_EDITORS_NOTE_RE = re.compile(
    r"^\W*(?:update[ds]?|correction|clarification|editor['’]?s\s+note)\b\s*(?:\d[^:]{0,20})?"
    r"[:\-–—]",
    re.IGNORECASE,
)
_RETRACTION_RE = re.compile(
    rf"{_EDITORS_NOTE_RE.pattern}|\b(?:it\s+)?turn(?:s|ed)\s+out\b|\bit\s+(?:has|had)\s+"
    r"(?:now\s+|since\s+)?(?:been\s+)?(?:emerged|revealed|discovered|established|confirmed)\b|"
    r"\blater\s+(?:emerged|proved|turned\s+out)\b",
    re.IGNORECASE,
)
# What a retraction takes back when it only negates: a report, a photo, a story it names.
_REPORTED_THING_RE = phrase_re(
    tuple(noun for noun in CLAIM_NOUNS if noun not in ("it", "this", "that"))
)
# A negation, not an idiom that only looks like one ("not only … but also", "no doubt").
PLAIN_NEGATION_RE = re.compile(
    r"\bnot\b(?!\s+(?:only|just|merely|simply|least|to\s+mention)\b)"
    r"|\bno\b(?!\s+(?:doubt|wonder|less|matter)\b)|\b(?:never|none|nothing|nobody)\b|n[’']t\b",
    re.I,
)
# Denials that need no claim named beside them: an event said not to have happened, a
# mistaken identity, a story called untrue as a whole, a plea of innocence.
_FLAT_DENIAL_RE = re.compile(
    r"(?<!\bif\s)(?<!\bunless\s)\b(?:never|did\s+not|didn[’']t|had\s+not|hadn[’']t)\s+"
    r"(?:actually\s+|really\s+)?(?:happen(?:ed)?|take\s+place|took\s+place|occur(?:red)?)\b"
    # not a result limited to some cases: "the rise didn't happen in mice without the gene"
    r"(?!\s+(?:in|among|with|for|when|if|unless|without)\s+(?:\w+\s+){0,2}?\w+\s+(?:with|without|that|who|which|whose|lacking)\b)|"
    r"\b(?:it|that|this)\s*(?:is|was|[’']s)\s*(?:not|n[’']t)\s+(?:him|her|them|me|us)\b|"
    r"\b(?:it|that|this)\s+(?:is|was)n[’']t\s+(?:him|her|them|me|us)\b|"
    r"\b(?:none\s+of|not\s+a\s+single|not\s+one\s+of|not\s+one)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:\w+ly\s+)?(?:true|real|accurate|correct|genuine|staged|scripted|faked|made\s+up|"
    r"invented)\b|"
    # "no scene was staged": nothing of it made up
    r"\bno\s+(?:[\w'’-]+\s+){1,2}?(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:\w+ly\s+)?(?:staged|scripted|faked|doctored|fabricated|photoshopped|made\s+up|"
    r"invented)\b|"
    r"\b(?:is|was|are|were|been|be)\s+(?:not|never)\s+(?:staged|scripted|faked|doctored|"
    r"fabricated|photoshopped|made\s+up|invented)\b|"
    r"\b(?:is|was|are|were|remains?|be)\s+(?:completely\s+|entirely\s+|totally\s+)?innocent\b|"
    # "there is no way she could have signed it": what was reported could not have happened
    r"\bno\s+way\s+(?:that\s+)?(?:[\w'’-]+\s+){1,4}?could\s+(?:possibly\s+|ever\s+)?have\b|"
    r"\bnot\s+guilty\b|\b(?:was|were|is|are|had\s+been)\s+not\s+involved\s+in\b|\b(?:protest|maintain|insist)(?:s|ed|ing)?\s+(?:on\s+)?"
    r"(?:his|her|their|its)\s+innocence\b|\bno\s+knowledge\s+of\b|\bno\s+records?\s+of\b|"
    # a report of a death answered: "she is not dead", "he isn't dead"
    r"\b(?:is|was|are|were|[’']s|[’']re)\s*(?:not|n[’']t)\s+(?:\w+ly\s+)?dead\b"
    r"(?!\s+(?:when|until|before|after|at\s+the\s+time|on\s+arrival))",
    re.IGNORECASE,
)
# "Reports that … have been denied by X": the rejecting verb inside what a cue introduced.
_PASSIVE_DENIAL_RE = re.compile(
    rf"\b(?:has|have|had|was|were|is|are)\s+(?:now\s+|since\s+|also\s+|been\s+)*"
    rf"(?:{DENYING_RE.pattern})\s+by\b",
    re.IGNORECASE,
)
_DOUBTING_RE = re.compile(r"call(?:ed|s|ing)?\s+into\s+question", re.IGNORECASE)
_AGENTLESS_RE = re.compile(
    r"\b(?:been|being|be|had|has|have|get|got)\s+(?:[\w'’-]+\s+){0,3}$", re.I
)
_INFINITIVE_RE = re.compile(r"\bto\s+$", re.IGNORECASE)
_SAID = r"(?:reports?|claims?|rumou?rs?|stor(?:y|ies)|allegations?)"
"""What was said, as the debunking wording below names it."""
# "moved to deny the reports", "took to Twitter to debunk the story": the infinitive was done.
_DONE_INFINITIVE_RE = re.compile(
    r"\b(?:moved|rushed|hastened|hurried|was\s+quick|were\s+quick|went\s+on(?:\s+[\w-]+)?|"
    r"took\s+to\s+(?:[\w-]+\s+){0,2}?[\w-]+|appeared\s+on\s+(?:[\w-]+\s+){0,2}?[\w-]+|"
    r"used\s+(?:[\w'’-]+\s+){0,4}?[\w-]+)(?:\s+\w+ly)?\s+to(?:\s+\w+ly)?\s+$",
    re.IGNORECASE,
)
_CLAIM_OBJECT_RE = re.compile(
    r"\s+(?:the|those|these|such|any|all|his|her|their|its|[\w-]+['’]s)?\s*(?:[\w-]+\s+){0,2}?"
    rf"(?:{_SAID}|accusations?|speculation|articles?|news|gossip|charges?)\b",
    re.IGNORECASE,
)
# An outlet or a party calling a report untrue in so many words, with no denying verb:
# "contrary to reports", "quashed the rumours", "nothing more than a prank", "the false
# report", "a satirical news site", "the story was incorrect".
_DEBUNKING_RE = re.compile(
    rf"\bcontrary\s+to\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_SAID}|speculation|accounts?)\b|"
    r"\b(?:quash|scotch|squash|dispel|put\s+to\s+rest|put\s+an\s+end\s+to|shoot\s+down|shot\s+down|"
    r"shooting\s+down|shoots\s+down|slap\w*\s+down)\w*\s+(?:the|those|these|such|any|all|"
    rf"[\w-]+['’]s)?\s*(?:[\w'’-]+\s+){{0,2}}?(?:{_SAID}|speculation|gossip)\b|"
    r"\bnothing\s+(?:more|other)\s+than\s+(?:a|an)\s+(?:[\w-]+\s+)?(?:prank|hoax|joke|stunt|"
    r"rumou?r|fabrication|fantasy|invention)\b|"
    # putting a report right: "to clear up the confusion", "set the record straight"
    r"\bclear(?:ed|s|ing)?\s+up\s+(?:the\s+|any\s+|some\s+)?(?:[\w-]+\s+)?(?:confusion|"
    rf"misunderstanding|{_SAID}|speculation)\b|"
    r"\bset(?:s|ting)?\s+the\s+record\s+straight\b|"
    r"\b(?:was|is|were|are)\s+(?:just|only|simply|merely)\s+(?:a|an)\s+(?:[\w-]+\s+)?"
    r"(?:prank|hoax|joke|stunt)\b|"
    # the one a hoax was played on, or those it fooled: "the victim of another death hoax"
    r"\b(?:victims?|targets?|subject)\s+of\s+(?:a|an|another|the\s+latest|the\s+newest|"
    r"yet\s+another|the\s+same|some)\s+(?:[\w-]+\s+){0,2}?(?:hoax(?:es)?|misinformation|"
    r"disinformation)\b|"
    r"\b(?:fell|fall|falls|falling|duped|fooled|tricked|taken\s+in)\s+(?:for|by)\s+"
    r"(?:a|an|the|this|that|another)\s+(?:[\w-]+\s+){0,2}?(?:hoax|prank|spoof|satire)\b|"
    r"\b(?:false|bogus|erroneous|fabricated|untrue|baseless|unfounded|phony|phoney)\s+"
    rf"(?:[\w-]+\s+)?(?:{_SAID}|articles?|headlines?)\b|"
    r"\b(?:on|from|by|at|in)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:satirical|satire|parody|spoof|"
    r"fake[\s-]news|hoax)\s+(?:news\s+)?(?:site|website|"
    r"outlet|publication|account|page|blog|newspaper|magazine)s?\b|"
    # the source named as what it is: "Fake news site The Daily Planet wrote …"
    r"(?:^|[.!?:]\s+)(?:the\s+)?(?:satirical|satire|parody|spoof|fake[\s-]news|hoax)\s+(?:news\s+)?"
    r"(?:site|website|outlet|source|blog|newspaper)\s+(?-i:[A-Z])|"
    rf"\b(?:{_SAID}|articles?|headlines?)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:is|was|are|were|proved|turned\s+out\s+to\s+be)\s+(?:\w+ly\s+)?"
    r"(?:incorrect|inaccurate|wrong|erroneous|mistaken|untrue|false)\b",
    re.IGNORECASE,
)
# A condition or a supposition still open where the verb stands: "if", "unless", "whether".
_CONDITION_RE = re.compile(
    r"\b(?:if|unless|whether|should\s+(?:the|a|an|they|he|she|it)|in\s+case)\b[^,;:.]*$", re.I
)
# A modal right before the verb: what someone will, would or could do, not what they did ("can",
# as in "we can categorically deny", says it now).
_DETERMINER_BEFORE_RE = re.compile(
    r"\b(?:the|a|an|this|that|these|those|its|their|his|her|our|whose)\s+$", re.IGNORECASE
)
_MODAL_RE = re.compile(
    r"\b(?:will|would|could|might|may|shall|should|won[’']t|wouldn[’']t)\s+"
    r"(?:(?:not|never|also|surely|likely|probably|\w+ly)\s+){0,2}$",
    re.IGNORECASE,
)
_OPEN_QUESTION_RE = re.compile(r"\b(?:confirm(?:ed|s)?|accept(?:ed|s)?)\s+or\s+den", re.I)
_PRONOUN_SUBJECTS = frozenset(("he", "she", "they", "it", "we", "i", "this", "that"))


def rejecting_verb(sentence: str) -> re.Match[str] | None:
    """A denying verb that rejects a statement, not one that refuses a request ("denied bail")
    nor one in a condition ("if the board rejected the plan, …")."""
    if sentence.rstrip(" ”\"'’)").endswith("?") or _OPEN_QUESTION_RE.search(sentence):
        return None
    for match in DENYING_RE.finditer(sentence):
        if _REFUSED_THING_RE.match(sentence, match.end()):
            continue
        if _REJECTED_ROLE_RE.match(sentence, match.end()):
            continue  # "has rejected the envoy as a mediator": a party turned down
        if _CLINICAL_THING_RE.match(sentence, match.end()):
            continue  # "dismissed the X-ray as normal": a clinician's reading
        if _CONDITION_RE.search(sentence, 0, match.start()):
            continue
        if _MODAL_RE.search(sentence, 0, match.start()):
            continue  # "it will dismiss any criticism": a forecast, not a denial made
        if match.group().casefold().endswith("ed") and _DETERMINER_BEFORE_RE.search(
            sentence, 0, match.start()
        ):
            continue  # "the disputed border", "a rejected bid": the word describes a thing
        if _INFINITIVE_RE.search(sentence, 0, match.start()) and not (
            _DONE_INFINITIVE_RE.search(sentence, 0, match.start())
            and _CLAIM_OBJECT_RE.match(sentence, match.end())
        ):
            continue  # "an attempt to deny them their rights", "told to reject": not done
        doubt = _DOUBTING_RE.fullmatch(match.group())
        passive = _AGENTLESS_RE.search(sentence, 0, match.start())
        if doubt and passive and not _AGENT_RE.match(sentence, match.end()):
            continue  # "its origin has been called into question": a doubt, nobody's denial
        return match
    return None


def denier(sentence: str, verb: re.Match[str]) -> str | None:
    """Who denies: the verb's subject, the agent of a passive ("denied by the ministry"), or
    the noun a relative clause hangs on ("the actor's agents, who denied …")."""
    agent = _AGENT_RE.match(sentence, verb.end())
    if agent is not None:
        return agent.group(1)
    described = _DESCRIBED_AGENT_RE.match(sentence, verb.end())
    if described is not None:
        # "denied by the city council on Monday"; not "by the end of the week"
        words = described.group(1).split()
        while len(words) > 1 and words[-1].casefold() not in SPEAKER_NOUNS:
            words.pop()
        if len(words) > 1:
            return " ".join(words)
    before = sentence[: verb.start()]
    relative = _RELATIVE_RE.search(before)
    if relative is not None:
        return relative.group(1)
    along = _WITH_AGENT_RE.search(before)
    if along is not None and verb.group().casefold().endswith("ing"):
        return along.group(1)  # "…, with a number of viewers dismissing it as a hoax"
    done = _DONE_INFINITIVE_RE.search(before) or _QUOTED_AS_RE.search(before)
    if done is not None:
        # "Her lawyer moved to deny …", "The president was quoted as denying …"
        return subject_before(sentence, done.start())
    return subject_before(sentence, verb.start())


_WITH_AGENT_RE = re.compile(r"\bwith\s+((?:[\w'’-]+\s+){0,5}?[\w'’-]+)\s+(?:\w+ly\s+)?$", re.I)
_QUOTED_AS_RE = re.compile(
    r"\s+(?:is|was|are|were|has\s+been|have\s+been)\s+(?:quoted|reported|heard|seen|cited)\s+"
    r"as\s+$",
    re.IGNORECASE,
)
# A name with its age or a description set off by commas.
_NAME_ASIDE_RE = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),\s*"
    r"(?P<aside>\d{1,3}|(?:a|an|the|his|her|its|their)\s[^,;:\"“”]{1,60})$"
)


def rejects_what_was_said(words: str) -> re.Match[str] | None:
    """A denying verb whose object is something said: "rejected the reports", "denied the
    charges"; its match, or None."""
    verb = rejecting_verb(words)
    if verb is None or _CLAIM_OBJECT_RE.match(words, verb.end()) is None:
        return None
    return verb


_QUOTED_ADVERB_RE = re.compile(r"[\s“\"‘']*(?:\w+ly[\s“\"‘']*)?$")


def reported_denier(content: str) -> str | None:
    """Who denies inside reported words: "the ministry" of "(X said) the ministry rejected the
    reports"; None unless a named subject rejects something said."""
    verb = rejects_what_was_said(content)
    if verb is None:
        return None
    found = denier(content, verb)
    if found is not None:
        return found
    # the words quoted from the verb on: 'the chief "flatly rejected the reports"'
    before = _QUOTED_ADVERB_RE.sub("", content[: verb.start()])
    return subject_before(before, len(before))


def subject_before(sentence: str, end: int) -> str | None:
    """The short named subject of a sentence's verb: "The club's owner" of "The club's owner
    rejected …"; None when the verb has no such subject (a clause, a pronoun, a long phrase)."""
    subject = sentence[:end].strip(" ,")
    aside = _NAME_ASIDE_RE.match(subject)
    if aside is not None:
        # "Hale, 58, pleaded …", "Jo Roe, the port's director, denied …": the name speaks
        age_only = aside.group("aside")[:1].isdigit()
        return aside.group("name") if age_only else subject
    words = subject.split()
    if not words or len(words) > 8 or any(mark in subject for mark in ',;:"“”'):
        return None
    named = any(word[:1].isupper() for word in words[1:]) or any(
        word.casefold().strip("'’s") in SPEAKER_NOUNS for word in words
    )
    if not named and not words[0][:1].isupper():
        return None
    if len(words) == 1 and words[0].casefold() in _PRONOUN_SUBJECTS:
        return None
    return subject if named or len(words) <= 3 else None


def refutes_report(sentence: str) -> bool:
    """A strong refuting word about something said ("the report is false", "a hoax"), a flat
    denial ("the attack never happened"), or the outlet retracting a report ("Update: the man
    in the video is not ...")."""
    if NO_COMMENT_RE.search(sentence) or sentence.rstrip(" ”\"'’)").endswith("?"):
        return False
    if flat_denial(sentence) or retracts(sentence) or _DEBUNKING_RE.search(sentence):
        return True
    return _refutes(sentence) and bool(CLAIM_NOUN_RE.search(sentence))


# Words one of the flat denials needs: a cheap test before the long pattern.
_FLAT_WORDS_RE = re.compile(
    r"happen|no\s+way|place|occur|\b(?:him|her|them|me|us)\b|none|staged|scripted|faked|doctored|"
    r"fabricated|photoshopped|made\s+up|invented|innocen|guilty|knowledge|record|involved|dead",
    re.IGNORECASE,
)


def flat_denial(text: str) -> bool:
    return bool(_FLAT_WORDS_RE.search(text) and _FLAT_DENIAL_RE.search(text))


# What an update or a correction says was wrong; an insult under an editor's note ("a serial
# liar", "propaganda") takes nothing back.
_CORRECTING_RE = phrase_re(
    (
        "incorrect", "incorrectly", "inaccurate", "inaccurately", "wrong", "wrongly",
        "erroneous", "erroneously", "mistaken", "mistakenly", "misstated", "misidentified",
        "misattributed", "false", "falsely", "untrue", "hoax", "a hoax", "fake", "fabricated",
        "satire", "satirical", "spoof", "prank", "doctored", "photoshopped", "staged",
        "debunked", "made up",
    )
)  # fmt: skip


def retracts(sentence: str) -> bool:
    """A retraction: an update, a correction or "it turned out", with a negation or a refuting
    word in the same sentence ("it turns out the photo was a hoax")."""
    if _RETRACTION_RE.search(sentence) is None:
        return False
    if _CORRECTING_RE.search(sentence):
        return True
    # "it turns out you need no office": a negation takes nothing back unless it is an editor's
    # note or names what was reported
    return bool(
        PLAIN_NEGATION_RE.search(sentence)
        and (_EDITORS_NOTE_RE.match(sentence) or _REPORTED_THING_RE.search(sentence))
    )


# "a lie" with the words that qualify it: "a spiteful lie", "an outright lie"; not the verb.
_A_LIE_RE = re.compile(
    r"\b(?:a|an)\s+(?:[\w-]+\s+){1,2}?lie\b(?!\s+(?:in|on|down|low|detector))", re.I
)


# Words that refute only right after "is" or "are": "are lies", "is a myth"; with more between
# ("lies in", "were named after a myth") they are a verb or tell a story.
_NEAR_PREDICATE_ONLY = frozenset(
    ("lies", "myth", "a myth", "urban legend", "an urban legend", "fairy tale", "a fairy tale")
)


_ACT_JUDGED_RE = re.compile(r"\s+for\s+(?:[\w'’-]+\s+){1,6}?to\s+\w+", re.IGNORECASE)


def _refutes(text: str) -> bool:
    """A refuting word used to refute: not a plain negation, and "fake" or "hoax" said of
    something ("it is fake") rather than describing a thing ("the fake accounts")."""
    if _A_LIE_RE.search(text):
        return True
    for match in REFUTING_RE.finditer(text):
        word = match.group().casefold()
        if word in WEAK_REFUTING:
            continue
        if word in PREDICATIVE_REFUTING:
            near = _PREDICATE_NEAR_RE.search(text, 0, match.start())
            if near and near.group().strip() == "as" and _BY_AGENT_RE.match(text, match.end()):
                continue  # "reality as distorted by a misconception": a description
            if _ACT_JUDGED_RE.match(text, match.end()):
                continue  # "it is misleading for a party to behave so": an act judged
            if word in _NEAR_PREDICATE_ONLY and not near:
                continue  # "its future lies in …", "named after a myth": only "is a myth" says
            if not (
                near
                or (
                    _PREDICATE_RE.search(text, 0, match.start())
                    and _PREDICATIVE_END_RE.match(text, match.end())
                )
            ):
                continue
        return True
    return False


DenialStrength = Literal["strong", "weak"] | None

_NEGATED_WORDS = 6
"""How many words after a negation make up what it negates ("never blasted at night")."""


def negated_words(text: str) -> str:
    """What a plain negation negates: the few words after its first negating word, or ""."""
    found = [
        match
        for pattern in (REFUTING_RE, _SELF_NEGATION_RE, _NOBODY_RE)
        if (match := pattern.search(text)) is not None
    ]
    if not found:
        return ""
    end = min(match.end() for match in found)
    return " ".join(text[end:].split()[:_NEGATED_WORDS])


def denial_strength(cue: str, content: str, sentence: str) -> DenialStrength:
    """Strong for a denying cue or refuting wording; weak for a plain negation, which denies
    only when it answers a claim (decided once all the article's claims are known)."""
    if DENYING_RE.fullmatch(cue) and _CLINICAL_THING_RE.match(f" {content}"):
        return None  # "dismissed her symptoms as": a clinician's reading
    rejecting = rejecting_verb(sentence)
    if rejecting is not None and (
        DENYING_RE.fullmatch(cue)
        or REFUTING_VERB_RE.fullmatch(cue)
        or rejecting.group() not in content
        or _PASSIVE_DENIAL_RE.search(content)  # "Reports that … have been denied by X"
        or rejects_what_was_said(content) is not None  # "X said Y rejected the reports"
    ):
        return "strong"
    if NO_COMMENT_RE.search(content) or NEGATED_VIEW_RE.search(sentence):
        return None
    if _refutes(f"{cue} {content}") or flat_denial(content) or retracts(sentence):
        return "strong"
    if _DEBUNKING_RE.search(sentence):
        return "strong"
    negations = [
        found
        for pattern in (REFUTING_RE, _SELF_NEGATION_RE, _NOBODY_RE)
        for found in pattern.finditer(content)
        if not _ACT_JUDGED_RE.match(content, found.end())  # "misleading for X to …"
    ]
    hedges = [(hedge.start(), hedge.end()) for hedge in HEDGING_RE.finditer(content)]
    if any(
        not _CONCEDED_RE.search(content, 0, found.start())
        and not _RELATIVE_OPEN_RE.search(content, 0, found.start())
        # "it isn't clear whether …", "could not be verified": a doubt, not a denial
        and not any(start <= found.start() < end for start, end in hedges)
        for found in negations
    ):
        return "weak"
    return None


# A relative clause open before a negation: "in the lungs, where they are not always found"
# describes a thing; it denies nothing.
_RELATIVE_OPEN_RE = re.compile(r",\s+(?:where|which|whose|who|whom|when)\b[^,;:.]*$", re.I)
# A clause of concession open before a negation: "…, though the sale was not signed" qualifies
# the speaker's own report. Not "while", which as often tells when, or answers ("while the
# board was never consulted, …").
_CONCEDED_RE = re.compile(r"\b(?:though|although|albeit)\b[^,;:.]*$", re.IGNORECASE)
