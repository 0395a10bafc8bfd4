"""Speed and memory of the offline engine's brief, per article.

Runs `write_brief` over every PolNeAR text (real political news, any length) and over a
synthetic article of about 1,000 words built from attributed, denied, evidenced and hedged
sentences, and prints one JSON object: p50/p95 milliseconds, articles per second, and peak
memory (tracemalloc's peak of Python allocations during one pass, and the process's ru_maxrss).
`synthetic_1000_words.p95_under_500_ms` is the speed the tests used to hold the engine to; the
exit status is 1 when it is false.

    python benchmarks/offline_speed.py --data ../shared/eval/attribution [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from bot.engines.offline.engine import write_brief
from bot.models import Article

REPO_ROOT = Path(__file__).resolve().parents[1]

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "eval" / "attribution"

_PARAGRAPHS = (
    "The council of Marrow Bay on Monday accused the Tellis Shipping Company of dumping "
    'ballast water in the harbour, the third such complaint since March. "We have samples '
    'from four sites and every one of them fails the standard," Mayor Ines Carrow told '
    "reporters at the town hall.",
    'Tellis Shipping rejected the accusation. "These claims are baseless and we will show '
    'that in court," said Paul Okafor, a spokesman for the company, adding that its vessels '
    "had passed every inspection this year.",
    "As evidence, the council released laboratory tests that it said show oil residue at "
    "levels six times the permitted limit near the company's berth. The samples were taken "
    "on Jan. 5 and Feb. 12 by the U.S.-trained team of Dr. A. M. Ruiz.",
    "An engineer at the port, who spoke on condition of anonymity because he was not "
    "allowed to talk to the press, said the company had repaired a leaking pump in secret. "
    'He said the repair log was "not proof" that anything had been dumped.',
    "The results could not be independently verified. Fishermen reportedly saw a dark "
    "slick on two mornings last week, according to a local cooperative.",
    'Environmental officials said they would review the data. "We take every report '
    'seriously. We will publish our findings when the review is complete," said Lt. Col. '
    "Maren Osk of the regional agency.",
)


def synthetic_article(words: int = 1000) -> Article:
    paragraphs: list[str] = []
    while sum(len(p.split()) for p in paragraphs) < words:
        paragraphs.extend(_PARAGRAPHS)
    text = "\n\n".join(paragraphs)
    return Article(title="Harbour dispute", paragraphs=paragraphs, text=text, content_hash="s")


def polnear_articles(data: Path) -> list[Article]:
    articles = []
    for path in sorted((data / "dev" / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line.strip()]
        articles.append(
            Article(title=lines[0] if lines else None, paragraphs=lines, text=text,
                    content_hash=path.stem)
        )  # fmt: skip
    return articles


def timings(articles: list[Article], repeat: int) -> list[float]:
    found = []
    for _ in range(repeat):
        for article in articles:
            started = time.perf_counter()
            write_brief(article)
            found.append((time.perf_counter() - started) * 1000)
    return found


def summarise(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ordered[-1], 2),
        "articles_per_s": round(1000 * len(ordered) / sum(ordered), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    real = polnear_articles(args.data) if args.data.exists() else []
    synthetic = synthetic_article()
    write_brief(synthetic)  # warm the compiled patterns
    tracemalloc.start()
    for article in [*real, synthetic]:
        write_brief(article)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    speed = summarise(timings([synthetic], max(20, args.repeat * 4)))
    result: dict[str, object] = {
        "polnear": {
            "articles": len(real),
            "mean_words": round(statistics.mean(len(a.text.split()) for a in real), 1)
            if real
            else 0,
            **(summarise(timings(real, args.repeat)) if real else {}),
        },
        "synthetic_1000_words": {
            "words": len(synthetic.text.split()),
            **speed,
            "p95_under_500_ms": speed["p95_ms"] < 500,
        },
        "tracemalloc_peak_kib": round(peak / 1024, 1),
        "ru_maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2))
    return 0 if speed["p95_ms"] < 500 else 1


if __name__ == "__main__":
    sys.exit(main())
