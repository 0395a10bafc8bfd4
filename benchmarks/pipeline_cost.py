"""The pipeline's own cost per brief: everything but the language model.

Fetch from a loopback page server, extraction, cleaning, an instant engine, grounding, the store
writes and the Telegram rendering, one brief at a time, each on a different generated article (no
cache hits). Two views: the service path the bot runs (`BriefService.brief_url`, render, record
the delivery), and the same stages timed one by one to show where the time goes. Prints one JSON
object with p50/p95 milliseconds; the first `--warmup` briefs (imports, first connections) are
not counted. Targets: a p50 of at most 30 ms per brief (`meets_target`), and under 2 % of one
typical LLM call (`share_of_llm_call`, the p50 over `--llm-latency`), so the pipeline never
matters next to the model.

    python benchmarks/pipeline_cost.py --briefs 200 --llm-latency 1.0
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.grounding.checks import ground_brief
from bot.ingest.fetch import fetch_page
from bot.ingest.source import article_from_html
from bot.models import Answer, Article, Brief, Turn
from bot.service import BriefService
from bot.store.sqlite import SQLiteStore
from bot.telegram.render import render_brief_parts
from bot.testing.load_tracking import percentile
from bot.testing.openai_server import article_sentences, brief_quoting
from bot.testing.pages import Route, serve_pages
from bot.testing.synthetic_articles import article_html

REPO_ROOT = Path(__file__).resolve().parents[1]

CHAT = 4242
STAGES = ("fetch", "extract_clean", "engine_and_grounding", "store", "render")
TARGET_P50_MS = 30.0
TARGET_SHARE_OF_LLM_CALL = 0.02


class InstantEngine:
    """Answers at once with a brief quoting the article's own sentences (grounding keeps all)."""

    name = "instant"
    version = "instant-1"

    async def brief(self, article: Article) -> Brief:
        data = brief_quoting(article_sentences("\n\n".join(article.paragraphs)))
        return Brief.model_validate({**data, "engine": self.name})

    async def answer(self, article: Article, question: str, history: Sequence[Turn]) -> Answer:
        return Answer(answered=False, answer="The article does not say.", engine=self.name)

    async def aclose(self) -> None:
        return None


def summary(values: list[float]) -> dict[str, float | None]:
    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 2)

    return {
        "p50": ms(percentile(values, 0.5)),
        "p95": ms(percentile(values, 0.95)),
        "mean": ms(statistics.fmean(values)) if values else None,
    }


async def service_path(service: BriefService, url: str) -> float:
    started = time.perf_counter()
    result = await service.brief_url(CHAT, url)
    render_brief_parts(result.brief, result.article, stored=result.stored)
    await service.record_delivery(CHAT, result.brief_id, [1])
    return time.perf_counter() - started


async def staged(
    settings: Settings, store: SQLiteStore, engine: InstantEngine, url: str
) -> dict[str, float]:
    times: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        times[stage] = now - mark
        mark = now

    page = await fetch_page(url, settings)
    lap("fetch")
    article = await article_from_html(page.text, url=url, final_url=page.final_url)
    lap("extract_clean")
    brief = ground_brief(await engine.brief(article), article)
    lap("engine_and_grounding")
    article_id = await store.save_article(article)
    brief_id = await store.save_brief(article_id, brief, engine.name, "bench")
    await store.record_delivery(CHAT + 1, brief_id, [1])
    lap("store")
    render_brief_parts(brief, article)
    lap("render")
    return times


async def measure(briefs: int, warmup: int, workdir: Path) -> dict[str, Any]:
    total = 2 * (briefs + warmup)
    routes = {f"/page/{i}": Route(body=article_html(i, seed=7).encode()) for i in range(total)}
    with serve_pages(routes) as pages:
        settings = Settings.from_environ(
            {"BRIEFBOT_FETCH_ALLOW": "127.0.0.1", "BRIEFBOT_DB": str(workdir / "cost.sqlite3")}
        )
        store = await SQLiteStore.open(settings.db)
        try:
            engine = InstantEngine()
            service = BriefService(settings, engine, store, engine_version="instant-1")
            whole: list[float] = []
            stages: dict[str, list[float]] = {stage: [] for stage in STAGES}
            for index in range(briefs + warmup):
                took = await service_path(service, pages.url(f"/page/{2 * index}"))
                times = await staged(settings, store, engine, pages.url(f"/page/{2 * index + 1}"))
                if index >= warmup:
                    whole.append(took)
                    for stage, value in times.items():
                        stages[stage].append(value)
        finally:
            await store.close()
    return {
        "briefs": briefs,
        "warmup": warmup,
        "per_brief_ms": summary(whole),
        "stages_ms": {stage: summary(values) for stage, values in stages.items()},
    }


def against_targets(per_brief_p50_ms: float | None, llm_latency_s: float) -> dict[str, Any]:
    """The p50 against 30 ms, and as a share of one LLM call (target under 2 %)."""
    if per_brief_p50_ms is None:
        return {"target_p50_ms": TARGET_P50_MS, "meets_target": False}
    share = per_brief_p50_ms / (llm_latency_s * 1000)
    return {
        "target_p50_ms": TARGET_P50_MS,
        "meets_target": per_brief_p50_ms <= TARGET_P50_MS,
        "llm_latency_s": llm_latency_s,
        "share_of_llm_call": round(share, 4),
        "share_target": TARGET_SHARE_OF_LLM_CALL,
        "meets_share_target": share < TARGET_SHARE_OF_LLM_CALL,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--llm-latency", type=float, default=1.0, help="seconds of a typical LLM call"
    )
    args = parser.parse_args(argv)
    if args.llm_latency <= 0:
        parser.error("--llm-latency must be positive")
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    with tempfile.TemporaryDirectory(prefix="briefbot-cost-") as workdir:
        result = asyncio.run(measure(args.briefs, args.warmup, Path(workdir)))
    result.update(against_targets(result["per_brief_ms"]["p50"], args.llm_latency))
    result["command"] = "python benchmarks/pipeline_cost.py " + " ".join(sys.argv[1:])
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
