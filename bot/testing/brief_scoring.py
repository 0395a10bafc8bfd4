"""Score a Brief against the items a careful reader listed for the same article.

Labels (`tests/fixtures/briefs/<name>.json`) hold four lists:

    {"claims":     [{"quote": str, "by": str, "also": [str, ...]?}],
     "denials":    [{"quote": str, "by": str, "responds_to": int | null, "also": [...]?}],
     "evidence":   [{"quote": str, "by": str | null, "also": [...]?}],
     "unverified": [{"quote": str, "also": [...]?}]}

`quote` is a verbatim span of the article (a sentence or its key clause); `also` lists other
spans that state the same item (the headline-style lede and the direct quotation behind it), so
a brief that quotes either one is credited once. `responds_to` is the index of the claim a
denial answers. Links are scored two ways: `accuracy`, the labelled links the brief got right,
and `precision`, the brief's links (of matched denials) that are right: a wrong link is worse
than none.

Why token overlap rather than equal strings: two readers rarely cut a quote at the same words.
Quotes are compared as lower-cased word sequences; the words they share in runs of at least two
(difflib's matching blocks, so scattered "the"/"of" do not count) divided by the length of the
shorter quote must reach 0.5. Each brief item is matched to at most one expected item and the
other way round, best overlaps first, so one long quote cannot collect several labels.

Precision counts a brief item as wrong whenever no label matches it; labels try to be complete,
but a sensible item the labels lack also costs precision, so read it with the per-article rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Literal

from bot.models import Brief

Category = Literal["claims", "denials", "evidence", "unverified"]
CATEGORIES: tuple[Category, ...] = ("claims", "denials", "evidence", "unverified")
MATCH_THRESHOLD = 0.5
MIN_RUN = 2

_WORD = re.compile(r"\w+")
_FILLER_WORDS = (
    "the a an of for at in on its his her their s and to from who by with one "
    "dr prof mr mrs ms sir said says according"
)
_SPEAKER_FILLER = frozenset(_FILLER_WORDS.split())


@dataclass(frozen=True)
class ExpectedItem:
    quotes: tuple[str, ...]
    by: str | None = None
    responds_to: int | None = None


@dataclass(frozen=True)
class PredictedItem:
    quote: str
    by: str | None = None
    item_id: str | None = None
    responds_to: str | None = None


@dataclass(frozen=True)
class Match:
    expected: int
    predicted: int
    overlap: float


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shared_words(left: Sequence[str], right: Sequence[str]) -> int:
    """Words the two sequences share in order, counting only runs of MIN_RUN words or more."""
    shortest = min(len(left), len(right))
    if shortest == 0:
        return 0
    least = min(MIN_RUN, shortest)
    blocks = SequenceMatcher(None, left, right, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks if block.size >= least)


def quote_overlap(expected: str, predicted: str) -> float:
    """Shared words over the length of the shorter quote, 0.0 to 1.0."""
    left, right = words(expected), words(predicted)
    if not left or not right:
        return 0.0
    return shared_words(left, right) / min(len(left), len(right))


def item_overlap(expected: ExpectedItem, predicted: str) -> float:
    return max(quote_overlap(quote, predicted) for quote in expected.quotes)


def match_items(
    expected: Sequence[ExpectedItem],
    predicted: Sequence[str],
    threshold: float = MATCH_THRESHOLD,
) -> list[Match]:
    """One-to-one matching, greedy on overlap (ties: earlier items first)."""
    candidates = [
        Match(e_index, p_index, overlap)
        for e_index, item in enumerate(expected)
        for p_index, quote in enumerate(predicted)
        if (overlap := item_overlap(item, quote)) >= threshold
    ]
    candidates.sort(key=lambda match: (-match.overlap, match.expected, match.predicted))
    used_expected: set[int] = set()
    used_predicted: set[int] = set()
    matches: list[Match] = []
    for match in candidates:
        if match.expected in used_expected or match.predicted in used_predicted:
            continue
        used_expected.add(match.expected)
        used_predicted.add(match.predicted)
        matches.append(match)
    return sorted(matches, key=lambda match: match.expected)


def same_speaker(expected: str, predicted: str | None) -> bool:
    """Half the distinctive words of the shorter name shared: "Ilse Varga" = "Minister Varga"."""
    if not predicted:
        return False
    left = set(words(expected)) - _SPEAKER_FILLER
    right = set(words(predicted)) - _SPEAKER_FILLER
    if not left or not right:
        return False
    return len(left & right) / min(len(left), len(right)) >= 0.5


def parse_expected(expected: Mapping[str, Any]) -> dict[Category, list[ExpectedItem]]:
    parsed: dict[Category, list[ExpectedItem]] = {}
    for category in CATEGORIES:
        parsed[category] = [
            ExpectedItem(
                quotes=(item["quote"], *item.get("also", ())),
                by=item.get("by"),
                responds_to=item.get("responds_to"),
            )
            for item in expected.get(category, ())
        ]
    return parsed


def brief_items(brief: Brief) -> dict[Category, list[PredictedItem]]:
    return {
        "claims": [PredictedItem(c.quote, c.by, c.id) for c in brief.claims],
        "denials": [PredictedItem(d.quote, d.by, d.id, d.responds_to) for d in brief.denials],
        "evidence": [PredictedItem(e.quote, e.by, e.id) for e in brief.evidence],
        "unverified": [PredictedItem(u.quote) for u in brief.unverified],
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def score_brief(expected: Mapping[str, Any], brief: Brief) -> dict[str, Any]:
    """Counts, recall and precision per category, speaker and denial-link accuracy.

    Recall or precision is None when there is nothing to divide by (no labels, no items).
    """
    labels = parse_expected(expected)
    made = brief_items(brief)
    categories: dict[str, dict[str, Any]] = {}
    matches: dict[Category, list[Match]] = {}
    for category in CATEGORIES:
        found = match_items(labels[category], [item.quote for item in made[category]])
        matches[category] = found
        total, predicted = len(labels[category]), len(made[category])
        categories[category] = {
            "expected": total,
            "predicted": predicted,
            "matched": len(found),
            "recall": _ratio(len(found), total),
            "precision": _ratio(len(found), predicted),
        }

    speaker_checked = speaker_correct = 0
    for category in ("claims", "denials", "evidence"):
        for match in matches[category]:
            wanted = labels[category][match.expected].by
            if wanted is None:
                continue
            speaker_checked += 1
            speaker_correct += same_speaker(wanted, made[category][match.predicted].by)

    claim_of_id = {
        made["claims"][match.predicted].item_id: match.expected for match in matches["claims"]
    }
    link_checked = link_correct = linked = 0
    for match in matches["denials"]:
        wanted_claim = labels["denials"][match.expected].responds_to
        target = made["denials"][match.predicted].responds_to
        linked += target is not None  # a link where the label has none is a wrong link
        if wanted_claim is None:
            continue
        link_checked += 1
        link_correct += target is not None and claim_of_id.get(target) == wanted_claim

    every_quote = [item.quote for category in CATEGORIES for item in made[category]]
    located = sum(
        1
        for category in CATEGORIES
        for item in labels[category]
        if any(item_overlap(item, quote) >= MATCH_THRESHOLD for quote in every_quote)
    )
    return {
        "categories": categories,
        "speaker": {
            "checked": speaker_checked,
            "correct": speaker_correct,
            "accuracy": _ratio(speaker_correct, speaker_checked),
        },
        "responds_to": {
            "checked": link_checked,
            "correct": link_correct,
            "accuracy": _ratio(link_correct, link_checked),
            "linked": linked,
            "precision": _ratio(link_correct, linked),
        },
        "found_in_any_category": {
            "expected": sum(len(items) for items in labels.values()),
            "found": located,
        },
        "matches": {
            category: [[m.expected, m.predicted, round(m.overlap, 3)] for m in found]
            for category, found in matches.items()
        },
    }


def _f1(recall: float | None, precision: float | None) -> float | None:
    if recall is None or precision is None:
        return None
    return round(2 * recall * precision / (recall + precision), 4) if recall + precision else 0.0


def _summary(expected: int, predicted: int, matched: int) -> dict[str, Any]:
    recall, precision = _ratio(matched, expected), _ratio(matched, predicted)
    return {
        "expected": expected,
        "predicted": predicted,
        "matched": matched,
        "recall": recall,
        "precision": precision,
        "f1": _f1(recall, precision),
    }


def micro_average(scores: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Sum the counts of several articles first, then divide: big articles weigh more."""
    totals = {category: [0, 0, 0] for category in CATEGORIES}
    speaker = [0, 0]
    links = [0, 0, 0]
    located = [0, 0]
    for score in scores:
        for category in CATEGORIES:
            row = score["categories"][category]
            totals[category][0] += row["expected"]
            totals[category][1] += row["predicted"]
            totals[category][2] += row["matched"]
        speaker[0] += score["speaker"]["checked"]
        speaker[1] += score["speaker"]["correct"]
        links[0] += score["responds_to"]["checked"]
        links[1] += score["responds_to"]["correct"]
        links[2] += score["responds_to"]["linked"]
        located[0] += score["found_in_any_category"]["expected"]
        located[1] += score["found_in_any_category"]["found"]
    result: dict[str, Any] = {category: _summary(*totals[category]) for category in CATEGORIES}
    result["all"] = _summary(*(sum(column) for column in zip(*totals.values(), strict=True)))
    result["speaker"] = {
        "checked": speaker[0],
        "correct": speaker[1],
        "accuracy": _ratio(speaker[1], speaker[0]),
    }
    result["responds_to"] = {
        "checked": links[0],
        "correct": links[1],
        "accuracy": _ratio(links[1], links[0]),
        "linked": links[2],
        "precision": _ratio(links[1], links[2]),
    }
    result["found_in_any_category"] = {
        "expected": located[0],
        "found": located[1],
        "recall": _ratio(located[1], located[0]),
    }
    return result


def load_cases(folder: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, article text, labels) for every `<name>.txt` with a `<name>.json` beside it."""
    cases = []
    for text_path in sorted(folder.glob("*.txt")):
        labels_path = text_path.with_suffix(".json")
        if not labels_path.is_file():
            continue
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        cases.append((text_path.stem, text_path.read_text(encoding="utf-8"), labels))
    return cases
