"""Grounding: every item a reader sees is backed by the article's own words.

Applied to the output of every engine. Each quote is looked up in the article text (see
`quote_match` for how forgiving the lookup is) and replaced by the exact article span; an item
whose quote is not found is dropped, a denial of a claim the brief lacks is dropped with it, and
evidence links to missing claims are cleared. Numbers and
capitalised names in an item's text or `by` that appear nowhere in the article are not proof of
an error (a paraphrase may say "seven" for "7"), so they are flagged rather than dropped.

Grounding twice is harmless: the counts of an earlier pass are carried over, so `dropped`
still counts what the first pass removed and `checked == verified + dropped` holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from bot.grounding.quote_match import normalise, quote_finder
from bot.models import Answer, Article, Brief, Claim, Denial, Evidence, Grounding, Unverified

_Item = TypeVar("_Item", Claim, Denial, Evidence, Unverified)
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_WORD_RE = re.compile(r"[^\W\d_][\w'-]*")
_SENTENCE_END = frozenset('.!?:;"(')
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
    "first": 1, "second": 2, "third": 3, "half": 2, "twice": 2, "once": 1, "single": 1,
}  # fmt: skip


class ArticleVocabulary:
    """The words and numbers of one article, to tell which names and figures it contains."""

    def __init__(self, text: str) -> None:
        plain = normalise(text, fold_case=True)
        self.words: set[str] = set()
        for match in _WORD_RE.finditer(plain):
            word = _strip_possessive(match.group())
            self.words.add(word)
            self.words.update(part for part in re.split(r"['-]", word) if part)
        self.numbers: set[str] = set()
        for match in _NUMBER_RE.finditer(plain):
            self.numbers.add(match.group().replace(",", ""))
            self.numbers.update(re.findall(r"\d+", match.group()))
        self.numbers.update(
            str(value) for word, value in _NUMBER_WORDS.items() if word in self.words
        )

    def unknown_numbers(self, text: str) -> list[str]:
        unknown = []
        for match in _NUMBER_RE.finditer(normalise(text)):
            raw = match.group()
            whole = raw.replace(",", "")
            if whole in self.numbers or whole.replace(".", ",") in self.numbers:
                continue
            if "," in raw and "." not in raw and raw.replace(",", ".") in self.numbers:
                continue
            unknown.append(raw)
        return unknown

    def unknown_names(self, text: str, *, skip_sentence_starts: bool) -> list[str]:
        plain = normalise(text)
        tokens = list(_WORD_RE.finditer(plain))
        unknown = []
        for index, token in enumerate(tokens):
            word = _strip_possessive(token.group())
            if len(word) < 2 or not word[0].isupper():
                continue
            if skip_sentence_starts and _starts_sentence(plain, token.start()):
                following = tokens[index + 1] if index + 1 < len(tokens) else None
                if following is None or not following.group()[0].isupper():
                    continue
            folded = word.casefold()
            parts = [part for part in re.split(r"['-]", folded) if part]
            if folded in self.words or (parts and all(part in self.words for part in parts)):
                continue
            unknown.append(word)
        return unknown


def ground_brief(brief: Brief, article: Article) -> Brief:
    """Fix every quote to the article's exact span, drop unquotable items, flag strange names."""
    finder = quote_finder(article.text)
    vocabulary = ArticleVocabulary(article.text)
    dropped = 0

    def grounded(items: list[_Item]) -> list[_Item]:
        nonlocal dropped
        kept = []
        for item in items:
            span = finder.find(item.quote) if item.quote.strip() else None
            if span is None:
                dropped += 1
            else:
                kept.append(item.model_copy(update={"quote": span}))
        return kept

    claims = grounded(brief.claims)
    claim_ids = {claim.id for claim in claims}
    # A denial names the claim it answers; when that claim is not in the brief (never written,
    # or dropped above) the denial answers nothing the reader can see, so it goes too. A denial
    # left unlinked (`responds_to` null: no reason to tie it to one claim) stays.
    answering = []
    for denial in brief.denials:
        if denial.responds_to is not None and denial.responds_to not in claim_ids:
            dropped += 1
        else:
            answering.append(denial)
    denials = grounded(answering)
    evidence = [
        item.model_copy(
            update={
                "supports": _linked(item.supports, claim_ids),
                "undercuts": _linked(item.undercuts, claim_ids),
            }
        )
        for item in grounded(brief.evidence)
    ]
    unverified = grounded(brief.unverified)
    verified = len(claims) + len(denials) + len(evidence) + len(unverified)

    flags: list[str] = []
    for label, text, by in _flaggable(brief, claims, denials, evidence, unverified):
        flags.extend(_flags(vocabulary, label, text, by))
    previous = brief.grounding
    total_dropped = previous.dropped + dropped
    grounding = Grounding(
        checked=verified + total_dropped,
        verified=verified,
        dropped=total_dropped,
        flagged=list(dict.fromkeys([*previous.flagged, *flags])),
    )
    return brief.model_copy(
        update={
            "claims": claims,
            "denials": denials,
            "evidence": evidence,
            "unverified": unverified,
            "grounding": grounding,
        }
    )


def ground_answer(answer: Answer, article: Article) -> Answer:
    """Keep only quotes found in the article; an answer left without support is withdrawn."""
    finder = quote_finder(article.text)
    quotes: list[str] = []
    missing = 0
    for quote in answer.quotes:
        span = finder.find(quote) if quote.strip() else None
        if span is None:
            missing += 1
        elif span not in quotes:
            quotes.append(span)
    notes = list(answer.notes)
    if missing:
        notes.append(f"{missing} quote(s) not found in the article were left out.")
    if answer.answered and not quotes:
        notes.append("The answer was withheld because no quote in the article supports it.")
        return answer.model_copy(
            update={
                "answered": False,
                "answer": "The article does not say.",
                "quotes": [],
                "notes": notes,
            }
        )
    return answer.model_copy(update={"quotes": quotes, "notes": notes})


def _linked(ids: list[str], known: set[str]) -> list[str]:
    return [claim_id for claim_id in dict.fromkeys(ids) if claim_id in known]


def _flaggable(
    brief: Brief,
    claims: list[Claim],
    denials: list[Denial],
    evidence: list[Evidence],
    unverified: list[Unverified],
) -> Iterable[tuple[str, str, str | None]]:
    yield "summary", brief.summary, None
    if brief.bottom_line:
        yield "bottom line", brief.bottom_line, None
    items: list[Claim | Denial | Evidence] = [*claims, *denials, *evidence]
    for item in items:
        yield item.id, item.text, item.by
    for number, entry in enumerate(unverified, start=1):
        yield f"u{number}", entry.text, None


def _flags(vocabulary: ArticleVocabulary, label: str, text: str, by: str | None) -> list[str]:
    found = vocabulary.unknown_numbers(text) + vocabulary.unknown_names(
        text, skip_sentence_starts=True
    )
    if by:
        found += vocabulary.unknown_numbers(by) + vocabulary.unknown_names(
            by, skip_sentence_starts=False
        )
    return [f"{label}: '{value}' not in article" for value in dict.fromkeys(found)]


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "'"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def _starts_sentence(text: str, position: int) -> bool:
    before = text[:position].rstrip()
    return not before or before[-1] in _SENTENCE_END
