"""Follow-up answers of the offline engine: right passage, honest "does not say", speed.

Reads a question set (`questions.json`: `[{"article": name, "question": str, "answerable": bool,
"answer_quote": str | null, "history": [...]}]`) whose articles are `<briefs>/<name>.txt`
(title on the first line). A history entry is either `{"question", "answer"}` or a bare earlier
question, which is then answered by the engine first, as in a chat. Prints one JSON object:

- `right_passage`: answerable questions answered with a quote overlapping `answer_quote`;
- `correct_not_said`: unanswerable questions answered "the article does not say";
- `false_not_said`: answerable questions wrongly answered "the article does not say";
- `p50_ms`, `p95_ms`: time per answer, grounding included.

    python benchmarks/qa.py [--questions tests/fixtures/qa/questions.json]
                            [--articles tests/fixtures/briefs] [--split tune|report|all]
                            [--details]

`--split` keeps the questions of one half of the articles (`bot.testing.halves`): change the
retrieval rules while reading the `tune` half's failures, and report the `report` half.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from bot.grounding.checks import ground_answer
from bot.grounding.quote_match import QuoteFinder
from bot.ingest.source import article_from_text
from bot.models import Answer, Article, Turn
from bot.qa.extractive_answer import answer_extractively
from bot.testing.halves import SPLITS, Split, in_split

REPO_ROOT = Path(__file__).resolve().parents[1]

DEFAULT_QUESTIONS = REPO_ROOT / "tests" / "fixtures" / "qa" / "questions.json"
DEFAULT_ARTICLES = REPO_ROOT / "tests" / "fixtures" / "briefs"


def answer(article: Article, question: str, history: list[Turn]) -> tuple[Answer, float]:
    started = time.perf_counter()
    made = ground_answer(answer_extractively(article, question, history), article)
    return made, (time.perf_counter() - started) * 1000


def spans(article: Article, finder: QuoteFinder, quote: str) -> list[tuple[int, int]]:
    """Every place the quote sits in the article (a short quote may sit in several)."""
    found = finder.find(quote)
    if found is None:
        return []
    places = []
    start = article.text.find(found)
    while start != -1:
        places.append((start, start + len(found)))
        start = article.text.find(found, start + 1)
    return places


def overlaps(article: Article, quotes: list[str], expected: str) -> bool:
    finder = QuoteFinder(article.text)
    wanted = spans(article, finder, expected)
    if not wanted:
        raise SystemExit(f"answer_quote not in the article: {expected[:80]!r}")
    for quote in quotes:
        for start, end in spans(article, finder, quote):
            if any(start < other_end and other_start < end for other_start, other_end in wanted):
                return True
    return False


def history_of(article: Article, entries: list[Any]) -> list[Turn]:
    turns: list[Turn] = []
    for entry in entries:
        if isinstance(entry, str):
            made, _ = answer(article, entry, turns)
            turns.append(Turn(question=entry, answer=made.answer))
        else:
            turns.append(Turn(question=entry["question"], answer=entry.get("answer", "")))
    return turns


def run(questions: list[dict[str, Any]], articles: Path) -> dict[str, Any]:
    loaded: dict[str, Article] = {}
    timings: list[float] = []
    answerable = right = false_not_said = unanswerable = correct_not_said = 0
    details = []
    for item in questions:
        name = item["article"]
        if name not in loaded:
            loaded[name] = article_from_text((articles / f"{name}.txt").read_text("utf-8"))
        article = loaded[name]
        turns = history_of(article, item.get("history") or [])
        made, elapsed = answer(article, item["question"], turns)
        timings.append(elapsed)
        if item["answerable"]:
            answerable += 1
            hit = made.answered and overlaps(article, made.quotes, item["answer_quote"])
            right += hit
            false_not_said += not made.answered
            ok = hit
        else:
            unanswerable += 1
            correct_not_said += not made.answered
            ok = not made.answered
        details.append(
            {
                "article": name,
                "question": item["question"],
                "answerable": item["answerable"],
                "ok": ok,
                "answered": made.answered,
                "answer": made.answer,
            }
        )
    timings.sort()
    return {
        "questions": len(questions),
        "answerable": answerable,
        "unanswerable": unanswerable,
        "right_passage": round(right / answerable, 3) if answerable else None,
        "correct_not_said": round(correct_not_said / unanswerable, 3) if unanswerable else None,
        "false_not_said": round(false_not_said / answerable, 3) if answerable else None,
        "p50_ms": round(statistics.median(timings), 2) if timings else None,
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2) if timings else None,
        "details": details,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--details", action="store_true", help="list every question's result")
    args = parser.parse_args()
    split: Split = args.split
    questions = [
        item
        for item in json.loads(args.questions.read_text("utf-8"))
        if in_split(item["article"], split)
    ]
    result = {"split": split, **run(questions, args.articles)}
    if not args.details:
        result["failures"] = [item for item in result["details"] if not item["ok"]]
        del result["details"]
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
