"""Recognise boilerplate: calls to action, credits and page furniture.

Boilerplate is recognised by families of vocabulary rather than by exact wording: a paragraph
goes when it is short, most of its content words belong to a call-to-action family
(subscriptions, log-in, comments, newsletters, cookies, sharing, "read more", trial offers,
advertising) and it speaks to the reader ("you", "our", an imperative). Reported speech and
longer paragraphs are never dropped on vocabulary alone, so an article that mentions
subscriptions or comments in passing keeps those sentences. Credits, tag lines and copyright
notices are recognised by their shape (a short line starting "Photo:" or ending "/AP").
"""

from __future__ import annotations

import re

from bot.ingest.boilerplate_families import FAMILIES as _FAMILIES
from bot.ingest.boilerplate_families import vocabulary as _vocabulary
from bot.models import RemovedText

_ALL_WORDS = frozenset().union(*(family.words for family in _FAMILIES))
_STOPWORDS = _vocabulary(
    "a an the and or but of to in on at for by with from as is are was were be been it its this"
    " that these those i me my we us our you your yours he she they them his her their not no"
    " so if up out get got has have had do does will can could would should just than then there"
    " here's it's you're you've you'll we're we've let's what which who whom when where why how"
    " all any each per via into about over after before now also very der die das und zu mit"
    " von den ist ein eine sie sind im am auf für oder и в на с по для не что это вы вам вас ваш"
    " чтобы уже или как"
)
_IMPERATIVES = _vocabulary(
    "subscribe sign log join click tap share follow read try get register download continue"
    " start create enter support become watch listen see view like comment tweet email print"
    " save learn discover explore unlock accept manage don't already"
)
_READER = re.compile(
    r"\b(?:you|your|you're|you've|you'll|yours|our|us|we|we're|we've|sie|ihr|ihre|вы|вас|вам|ваш\w*|наш\w*|unser\w*)\b",
    re.I,
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|according to|stated|announced|reported|added|explained|argued)\b", re.I
)
_REPORTING_CJK = re.compile(r"と(?:述べ|語っ|話し|発表し|明らかにし)|によると")
# An address starts where a run of non-space begins: tried at every position of one long run,
# its `\S+` would make the search quadratic in the run's length.
_URL = re.compile(r"https?://\S+|www\.\S+|(?<!\S)[^\s@]+@\S+\.\w+")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_CJK_CALLS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paywall", re.compile(r"有料会員|購読|無料で読|会員限定|残り\d+本")),
    ("login", re.compile(r"ログイン|会員登録|登録(?:する|して|が必要)")),
    ("read_more", re.compile(r"続きを読む|続きは|全文を読む|関連記事")),
    ("share", re.compile(r"シェア|ツイート")),
    ("comments", re.compile(r"コメント(?:する|を書く|を見る)")),
    ("newsletter", re.compile(r"ニュースレター|メールマガジン")),
    ("advertisement", re.compile(r"^\W*(?:広告|PR|スポンサー)\W*$")),
)
_CJK_CALL_MAX_CHARS = 80

_CREDIT_START = re.compile(
    r"^\W*(?:photo(?:graph)?s?|image|picture|video|graphic|illustration|credit|source"
    r"|foto|bild|фото)(?: credit)?\s*(?:[:|/–—-]|by\b|courtesy\b)",
    re.I,
)
_CREDIT_AGENCY = (
    r"(?:AP|AFP|Reuters|Getty(?: Images)?|EPA(?:-EFE)?|Shutterstock|iStock(?:photo)?|Bloomberg"
    r"|Xinhua|Alamy|dpa|ANP|TASS|ZUMA(?: Press)?|Sipa(?: USA)?|Pool|NurPhoto)"
)
_CREDIT_END = re.compile(
    rf"(?:/\s*{_CREDIT_AGENCY}|\b{_CREDIT_AGENCY} (?:Photo|Images)(?:/[^)]*)?"
    rf"|\bGetty Images|\bcourtesy of [^.]+|\bvia {_CREDIT_AGENCY})\W*$",
    re.I,
)
_CREDIT_ONLY = re.compile(rf"^\W*{_CREDIT_AGENCY}(?:\s*/\s*[\w ]{{1,30}})*\W*$", re.I)
_CREDIT_MAX_WORDS = 30
_FURNITURE_MAX_WORDS = 25
_NAME = r"(?:[A-Z][\w.'’-]*\.?)(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|da|del|la|le))*"
# "By Ana Ruiz and Tom Hale, Associated Press"; "Ana Ruiz reported from Aden, Yemen.";
# "Ana Ruiz contributed reporting."
_BYLINE = re.compile(
    rf"^\W*(?:[Bb]y|BY)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
    r"(?:\s*[,|–—-]\s*(?:[A-Z][\w.'’&-]*\s*){1,6})?\.?$"
    rf"|^\W*(?:[\w’'-]+\s+){{0,3}}?{_NAME}\s+(?:reported|was reporting)\s+from\s+"
    r"[A-Z][\w.'’-]*(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*)*\.?$"
    rf"|^\W*{_NAME}(?:\s*(?:,|and)\s*{_NAME})*\s+contributed\s+(?:reporting|to\s+this\s+"
    r"(?:report|article|story))\b[^.!?\"“”]{0,60}\.?$",
)
# "RelatedSome Headline": a related-story link glued to its label.
_RELATED_GLUED = re.compile(
    r"^\W*(?:[Rr]elated|RELATED|[Rr]ead [Mm]ore|READ MORE|[Ss]ee [Aa]lso|[Aa]lso [Rr]ead)(?=[A-Z])"
)
# A headline tagged with what it links to: "Storm hits the coast [VIDEO]".
_TAGGED_HEADLINE = re.compile(r"\[(?:[A-Z]{3,}|[A-Z][a-z]+)\]\W*$")
# A label over a list of links: "DON'T MISS", "Also:", "More on this story".
_LABEL = re.compile(
    r"^\W*(?:don[’']?t miss|also|more on (?:this|that)(?: story| topic)?|latest|most read|"
    r"in other news|elsewhere|top stories|what to read next|more from [\w ]{1,30})\W*$",
    re.I,
)
# Captions that open on the picture itself or close on its kind: "In this file photo, …",
# "… (File photo)".
_CAPTION = re.compile(
    r"^\W*(?:file\s*[-–—:]\s*)?in this (?:[\w.,]+ )*?(?:photo(?:graph)?|image|picture|still"
    r"|screengrab|screenshot|frame grab)\b"
    r"|\((?:file )?(?:photo|image|picture|video)s?\b[^)]*\)\W*$"
    r"|^\W*(?:file|pictured)\s*(?:photo)?\s*[:|—–-]\s",
    re.I,
)
_FURNITURE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "credit",
        re.compile(
            r"^\W*(?:(?:additional|with|further) )?(?:reporting|editing|writing) (?:by|from)\b"
            r"|^\W*(?:written|edited|compiled|produced) by\b",
            re.I,
        ),
    ),
    ("byline", _BYLINE),
    (
        "tags",
        re.compile(
            r"^\W*(?:filed under|tags?|tagged(?: with)?|topics?|categories|category|schlagwörter"
            r"|themen|теги)\s*:",
            re.I,
        ),
    ),
    (
        "credit",
        re.compile(
            r"^\W*this (?:article|story|piece|report) (?:was )?(?:first |originally )?"
            r"(?:appeared|published|ran)\b",
            re.I,
        ),
    ),
    ("copyright", re.compile(r"^\W*(?:copyright\b|©|\(c\)\s)|\ball rights reserved\b", re.I)),
    (
        "metadata",
        re.compile(
            r"^\W*(?:reading time|read time|lesezeit|tempo de leitura|время чтения)\b"
            r"|^\W*\d+\s*min(?:ute)?s?\.? read\W*$"
            r"|^\W*(?:last )?(?:updated|published|posted)(?: at| on)?\b[^.!?]{0,30}\.?$"
            r"|^\W*(?:last )?(?:updated|published|posted)(?: at| on)?\s+\d[\d:. ]*[ap]\.?m\.?\W*$",
            re.I,
        ),
    ),
    (
        "read_more",
        re.compile(
            r"^\W*(?:related|see (?:also|more)|read (?:more|also|next)|also read|more|watch|listen"
            r"|recommended|trending|lies auch|mehr zum thema|читайте также)\s*[:|»>]",
            re.I,
        ),
    ),
    ("read_more", _RELATED_GLUED),
    ("read_more", _TAGGED_HEADLINE),
    ("read_more", _LABEL),
    ("photo_caption", _CAPTION),
)
_PHOTO_WORDS = re.compile(
    r"\b(?:photos?|photograph\w*|images?|pictures?|getty|shutterstock|istock\w*|foto|bild|фото)\b",
    re.I,
)

# A paragraph of at most _TINY_WORDS words made only of call-to-action words ("Read more").
_TINY_WORDS = 4
# A call phrase ("subscribe now") in a paragraph whose content words are this dense in the
# vocabulary, not longer than _PHRASE_MAX_WORDS, speaking to the reader or short.
_PHRASE_DENSITY = 0.35
_PHRASE_MAX_WORDS = 60
_SHORT_WORDS = 12
# No phrase, but a short address to the reader made mostly of call-to-action vocabulary.
_MIN_VOCABULARY = 3
_VOCABULARY_DENSITY = 0.45
_VOCABULARY_MAX_WORDS = 40
# An imperative alone ("Sign up for X for $5 a month") is weaker than "you"/"our": denser still.
_IMPERATIVE_DENSITY = 0.7
# A paragraph that opens with a call and points at the outlet's own channel or list
# ("Subscribe to our channel..."), not at a product the article is about.
_OURS = re.compile(r"\b(?:our|us|we|наш\w*|нас|unser\w*|uns)\b", re.I)
_OPENING_MAX_WORDS = 30
_CALL_OPENING = re.compile(
    r"^\W*(?:subscribe|sign up|follow us|join us|register|download our|подпи(?:шитесь|сывайтесь)"
    r"|присоединяйтесь|jetzt abonnieren|abonnieren sie|folgen sie uns)\b",
    re.I,
)

_LONGEST_CALL_WORDS = max(_TINY_WORDS, _PHRASE_MAX_WORDS, _VOCABULARY_MAX_WORDS, _OPENING_MAX_WORDS)
"""No test below passes a longer paragraph: such a paragraph is article text."""

_GLUED_CALL = re.compile(r"\s*\b(?:(?:click|tap) to (?:tweet|share)|tweet this)\W*$", re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+(?=[\"“'(\[A-ZА-ЯÄÖÜ0-9])")


def boilerplate_reason(text: str) -> str | None:
    """The family a paragraph of boilerplate belongs to, or None for article text."""
    words = [word.lower() for word in _WORDS.findall(_URL.sub(" ", text))]
    if not words:
        return None
    if len(words) <= _CREDIT_MAX_WORDS and (
        _CREDIT_START.search(text) or _CREDIT_END.search(text) or _CREDIT_ONLY.match(text)
    ):
        return "photo_credit" if _PHOTO_WORDS.search(text) else "credit"
    if len(words) <= _FURNITURE_MAX_WORDS:
        for reason, pattern in _FURNITURE:
            if pattern.search(text):
                return reason
    if not text.isascii() and len(_CJK.findall(text)) * 2 > len(text.replace(" ", "")):
        return _cjk_call_reason(text)
    if len(words) > _LONGEST_CALL_WORDS or (len(words) > 10 and _REPORTING.search(text)):
        return None
    content = [word for word in words if word not in _STOPWORDS] or words
    vocabulary = sum(1 for word in content if word in _ALL_WORDS)
    density = vocabulary / len(content)
    addresses_reader = bool(_READER.search(text))
    speaks_to_reader = addresses_reader or words[0] in _IMPERATIVES
    # The phrase searches are the dear part: only where a phrase would decide.
    phrase_hits: dict[str, int] | None = None
    if (
        density >= _PHRASE_DENSITY
        and len(words) <= _PHRASE_MAX_WORDS
        and (speaks_to_reader or len(words) <= _SHORT_WORDS)
    ):
        phrase_hits = _phrase_hits(text)
    is_call = (
        (len(words) <= _TINY_WORDS and vocabulary == len(content))
        or (phrase_hits is not None and sum(phrase_hits.values()) > 0)
        or (
            vocabulary >= _MIN_VOCABULARY
            and density >= _VOCABULARY_DENSITY
            and len(words) <= _VOCABULARY_MAX_WORDS
            and (addresses_reader or (speaks_to_reader and density >= _IMPERATIVE_DENSITY))
        )
        or (
            len(words) <= _OPENING_MAX_WORDS
            and _CALL_OPENING.search(text) is not None
            and _OURS.search(text) is not None
        )
    )
    if not is_call:
        return None
    if phrase_hits is None:
        phrase_hits = _phrase_hits(text)
    hits = {
        family.reason: sum(1 for word in content if word in family.words) for family in _FAMILIES
    }
    found = phrase_hits
    return max(_FAMILIES, key=lambda f: found[f.reason] * 2 + hits[f.reason]).reason


def _phrase_hits(text: str) -> dict[str, int]:
    return {family.reason: len(family.phrases.findall(text)) for family in _FAMILIES}


def _cjk_call_reason(text: str) -> str | None:
    """Without spaces there are no words to count: short lines with a call phrase go."""
    if len(text) > _CJK_CALL_MAX_CHARS or _REPORTING_CJK.search(text):
        return None
    for reason, pattern in _CJK_CALLS:
        if pattern.search(text):
            return reason
    return None


def split_trailing_calls(text: str) -> tuple[str, list[RemovedText]]:
    """Cut calls to action appended to a real paragraph ("... Click here to read more.")."""
    trimmed: list[RemovedText] = []
    folded = text.casefold()
    # Every glued call names a tweet or a share: most paragraphs are spared the search.
    glued = _GLUED_CALL.search(text) if "tweet" in folded or "share" in folded else None
    if glued and glued.start() > 0:
        trimmed.append(RemovedText(reason="share", text=glued.group(0).strip()))
        text = text[: glued.start()].rstrip()
    sentences = _SENTENCE_BREAK.split(text)
    while len(sentences) > 1:
        last = sentences[-1]
        # Both must hold; the phrase search is the dearer test, so it comes second.
        reason = boilerplate_reason(last)
        if reason is None or not any(family.phrases.search(last) for family in _FAMILIES):
            break
        trimmed.insert(0, RemovedText(reason=reason, text=last))
        sentences.pop()
    return " ".join(sentences), trimmed


def words_of(text: str) -> list[str]:
    return _WORDS.findall(text)


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))
