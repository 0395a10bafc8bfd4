"""How well the digest groups briefs into stories, over the labelled story sets.

Each article of `tests/fixtures/stories/` is briefed by the offline engine as if read from the
link its manifest gives, all of them are grouped together by
`bot.digest.grouping.group_stories`, and the groups are scored pairwise: a pair of articles is
predicted when they share a group and true when the manifest gives them the same story.
Prints one JSON object.

    python benchmarks/grouping.py [--stories DIR] [--threshold T]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from bot.digest.grouping import SAME_STORY_THRESHOLD, group_stories
from bot.engines.offline.engine import write_brief
from bot.ingest.source import article_from_text
from bot.models import Article, Brief

REPO_ROOT = Path(__file__).resolve().parents[1]

DEFAULT_STORIES = REPO_ROOT / "tests" / "fixtures" / "stories"
_RECEIVED = datetime(2025, 3, 20, 7, 30, tzinfo=UTC)


@dataclass(frozen=True)
class _Record:
    brief_id: int
    article: Article
    brief: Brief
    created_at: datetime


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for group in groups for pair in combinations(group, 2)}


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def run(stories_dir: Path, threshold: float) -> dict[str, Any]:
    manifest = json.loads((stories_dir / "manifest.json").read_text(encoding="utf-8"))
    names: list[str] = []
    records: list[_Record] = []
    truth: dict[str, list[str]] = {}
    for number, (name, entry) in enumerate(manifest["articles"].items(), 1):
        text = (stories_dir / name).read_text(encoding="utf-8")
        article = article_from_text(text, url=entry["url"])
        records.append(_Record(number, article, write_brief(article), _RECEIVED))
        names.append(name)
        truth.setdefault(entry["story"], []).append(name)
    found = [[names[i] for i in group] for group in group_stories(records, threshold)]
    true_pairs, found_pairs = _pairs(list(truth.values())), _pairs(found)
    correct = len(true_pairs & found_pairs)
    precision = _ratio(correct, len(found_pairs))
    recall = _ratio(correct, len(true_pairs))
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {
        "articles": len(names),
        "stories": len(truth),
        "stories_with_several_outlets": sum(len(group) > 1 for group in truth.values()),
        "groups": len(found),
        "threshold": threshold,
        "pairs": {"true": len(true_pairs), "grouped": len(found_pairs), "correct": correct},
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "wrongly_joined": sorted(sorted(pair) for pair in found_pairs - true_pairs),
        "wrongly_split": sorted(sorted(pair) for pair in true_pairs - found_pairs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--threshold", type=float, default=SAME_STORY_THRESHOLD)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.stories, args.threshold), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
