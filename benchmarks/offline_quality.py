"""Brief quality on the labelled articles: recall and precision per category, speakers, links.

Each `<name>.txt` of the labelled set goes through the same path as pasted text (intake,
cleaning, engine, grounding) and the brief is scored against `<name>.json` by
bot.testing.brief_scoring. Counts are summed over articles before dividing (micro-average).
Prints one JSON object.

    python benchmarks/offline_quality.py [--engine offline|llm] [--briefs DIR] [--details]

`--details` adds, per article, the labelled quotes no brief item matched and the brief items
that matched no label.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from bot.engines.base import Engine
from bot.ingest.source import article_from_text
from bot.models import Brief
from bot.service import brief_article
from bot.testing.brief_scoring import (
    CATEGORIES,
    brief_items,
    load_cases,
    micro_average,
    parse_expected,
    score_brief,
)

REPO_ROOT = Path(__file__).resolve().parents[1]

DEFAULT_BRIEFS = REPO_ROOT / "tests" / "fixtures" / "briefs"


def make_engine(name: str) -> Engine:
    if name == "offline":
        from bot.engines.offline.engine import OfflineEngine

        return OfflineEngine()
    from bot.config import Settings
    from bot.engines.select import build_engine

    return build_engine(Settings(), "llm")


def misses(labels: dict[str, Any], brief: Brief, score: dict[str, Any]) -> dict[str, Any]:
    expected, made = parse_expected(labels), brief_items(brief)
    missed: dict[str, list[str]] = {}
    extra: dict[str, list[str]] = {}
    for category in CATEGORIES:
        pairs = score["matches"][category]
        hit_expected = {pair[0] for pair in pairs}
        hit_made = {pair[1] for pair in pairs}
        missed[category] = [
            item.quotes[0]
            for index, item in enumerate(expected[category])
            if index not in hit_expected
        ]
        extra[category] = [
            item.quote for index, item in enumerate(made[category]) if index not in hit_made
        ]
    return {"missed": missed, "unmatched_items": extra}


async def run(folder: Path, engine_name: str, details: bool) -> dict[str, Any]:
    engine = make_engine(engine_name)
    scores: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    try:
        for name, text, labels in load_cases(folder):
            brief = await brief_article(article_from_text(text), engine)
            score = score_brief(labels, brief)
            scores.append(score)
            row: dict[str, Any] = {
                "article": name,
                **{
                    category: {
                        key: score["categories"][category][key]
                        for key in ("expected", "predicted", "matched")
                    }
                    for category in CATEGORIES
                },
                "speaker_correct": f"{score['speaker']['correct']}/{score['speaker']['checked']}",
            }
            if details:
                row.update(misses(labels, brief, score))
            rows.append(row)
    finally:
        close = getattr(engine, "aclose", None)
        if close is not None:
            await close()
    elapsed = time.perf_counter() - started
    return {
        "engine": engine.name,
        "articles": len(rows),
        "seconds": round(elapsed, 2),
        "micro": micro_average(scores),
        "per_article": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--engine", choices=("offline", "llm"), default="offline")
    parser.add_argument("--briefs", type=Path, default=DEFAULT_BRIEFS, help="labelled articles")
    parser.add_argument("--details", action="store_true", help="list missed and extra quotes")
    args = parser.parse_args(argv)
    if not any(args.briefs.glob("*.json")):
        print(f"no labelled articles in {args.briefs}", file=sys.stderr)
        return 2
    print(json.dumps(asyncio.run(run(args.briefs, args.engine, args.details)), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
