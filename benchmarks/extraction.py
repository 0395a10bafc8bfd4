"""Article-body extraction quality and speed: briefbot's intake against plain trafilatura.

Metric of the article-extraction-benchmark: lower-cased word tokens, the multiset of
overlapping 4-token shingles of prediction and truth, precision and recall micro-averaged over
pages (counts summed first). Prints one JSON object, with the intake's CPU time over plain
trafilatura's (`trafilatura.extract` with its defaults) on the same pages in the same process.

    python benchmarks/extraction.py --data ../shared/eval/extraction [--split report] [--details]

`--split tune|report` keeps one fixed half of the pages (see `halves`).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from bot.errors import ExtractionError
from bot.ingest.clean import clean_paragraphs
from bot.ingest.extract import extract_page
from bot.ingest.language import load_model
from bot.testing.extraction_eval import load_pages
from bot.testing.halves import SPLITS, Split

REPO_ROOT = Path(__file__).resolve().parents[1]

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "eval" / "extraction"
_TOKEN = re.compile(r"\w+")
_SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower())
    return Counter(
        tuple(tokens[i : i + _SHINGLE]) for i in range(max(0, len(tokens) - _SHINGLE + 1))
    )


@dataclass
class Score:
    shared: int = 0
    predicted: int = 0
    true: int = 0
    per_page: dict[str, dict[str, float]] = field(default_factory=dict)

    def add(self, page_id: str, prediction: str, truth: str) -> None:
        predicted, true = shingles(prediction), shingles(truth)
        shared = sum((predicted & true).values())
        self.shared += shared
        self.predicted += sum(predicted.values())
        self.true += sum(true.values())
        self.per_page[page_id] = {
            "shared": shared,
            "predicted": sum(predicted.values()),
            "true": sum(true.values()),
        }

    def summary(self) -> dict[str, float]:
        precision = self.shared / self.predicted if self.predicted else 0.0
        recall = self.shared / self.true if self.true else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def intake_text(html: str, url: str | None) -> str:
    try:
        page = extract_page(html, url)
    except ExtractionError:
        return ""
    return "\n\n".join(clean_paragraphs(page.paragraphs, title=page.title).paragraphs)


def run(data: Path, details: bool, split: Split = "all") -> dict[str, Any]:
    pages = load_pages(data, split)
    intake, plain = Score(), Score()
    timings: list[float] = []
    # Warm-up: trafilatura's resources and the language model are loaded once per process (the
    # bot's extraction workers start with the model loaded: see bot.ingest.preload_language).
    intake_text(pages[0][1], pages[0][2])
    load_model()
    started = time.perf_counter()
    intake_cpu = plain_cpu = 0.0
    for page_id, html, url, truth in pages:
        begin, begin_cpu = time.perf_counter(), time.process_time()
        prediction = intake_text(html, url)
        timings.append((time.perf_counter() - begin) * 1000)
        intake_cpu += time.process_time() - begin_cpu
        intake.add(page_id, prediction, truth)
        # Page by page, right after the intake: both see the same machine load.
        begin_cpu = time.process_time()
        plain_text = trafilatura.extract(html) or ""
        plain_cpu += time.process_time() - begin_cpu
        plain.add(page_id, plain_text, truth)
    elapsed = time.perf_counter() - started
    timings.sort()
    result: dict[str, Any] = {
        "split": split,
        "pages": len(pages),
        "intake": {
            **intake.summary(),
            "pages_per_second": round(len(pages) / (elapsed - plain_cpu), 2),
            "cpu_s": round(intake_cpu, 2),
            "cpu_over_trafilatura": round(intake_cpu / plain_cpu, 3) if plain_cpu else None,
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[min(len(timings) - 1, int(0.95 * len(timings)))], 1),
        },
        "trafilatura_default": {**plain.summary(), "cpu_s": round(plain_cpu, 2)},
    }
    if details:
        result["intake_pages"] = intake.per_page
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction eval folder")
    parser.add_argument("--split", choices=SPLITS, default="all", help="half of the pages")
    parser.add_argument("--details", action="store_true", help="include per-page counts")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"no ground-truth.json in {args.data}", file=sys.stderr)
        return 2
    print(json.dumps(run(args.data, args.details, args.split), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
