"""A floor under the offline engine's quality on the labelled articles.

The figures are a regression guard, set a little below what the engine measures today
(`benchmarks/offline_quality.py` prints the current ones); they fail if a change to the rules
loses items across the whole set, not if one article changes.
"""

import asyncio
from pathlib import Path
from typing import Any

from bot.engines.offline.engine import OfflineEngine
from bot.ingest.source import article_from_text
from bot.service import brief_article
from bot.testing.brief_scoring import load_cases, micro_average, score_brief

BRIEFS = Path(__file__).resolve().parents[1] / "fixtures" / "briefs"


def test_the_offline_engine_keeps_its_measured_quality() -> None:
    async def score_all() -> dict[str, Any]:
        engine = OfflineEngine()
        scores = []
        for _name, text, labels in load_cases(BRIEFS):
            brief = await brief_article(article_from_text(text), engine)
            scores.append(score_brief(labels, brief))
        return micro_average(scores)

    micro = asyncio.run(score_all())
    assert micro["all"]["recall"] >= 0.58
    assert micro["all"]["precision"] >= 0.50
    assert micro["denials"]["recall"] >= 0.60
    assert micro["claims"]["recall"] >= 0.58
    assert micro["evidence"]["recall"] >= 0.47
    assert micro["found_in_any_category"]["recall"] >= 0.84
    assert micro["speaker"]["accuracy"] >= 0.75
