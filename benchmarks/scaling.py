"""How the work grows with an article's length: cleaning, the offline brief, follow-up answers.

Builds pasted articles of about 1k, 10k and 100k words from distinct generated stories and
prints one JSON object: milliseconds per 1,000 words of cleaning pasted text (`article_from_text`)
and of the offline brief (`write_brief`) at each length (flat numbers mean linear work), and the
milliseconds of a follow-up answer (the offline engine's answer, grounded) on a 20k-word article:
the first question, and the median of the questions after it about the same article.

    python benchmarks/scaling.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import sys
import time
from collections.abc import Callable

from bot.engines.offline.engine import write_brief
from bot.grounding.checks import ground_answer
from bot.ingest.source import article_from_text
from bot.qa.extractive_answer import answer_extractively
from bot.testing.synthetic_articles import article_paragraphs

LENGTHS = (1_000, 10_000, 100_000)
ANSWER_WORDS = 20_000
QUESTIONS = (
    "Who denied the account?",
    "What do the internal documents show?",
    "What will the audit committee do?",
    "What did the residents ask for?",
    "Who raised concerns before the decision?",
)


_FILLER_TEXT = (
    "harbour council budget ferry school market river bridge contract audit report vote "
    "season museum railway hospital permit license factory landlord tenant mayor clerk "
    "inspector committee grant tender pension library stadium airport quarry forest "
    "village district province ministry agency tribunal court lawyer witness reporter"
)
_FILLER = _FILLER_TEXT.split()


def pasted_text(words: int) -> str:
    """A headline, then generated stories until the text has about `words` words; each
    paragraph ends in a sentence of its own, so no two read as repeats of each other."""
    rng = random.Random(7)
    paragraphs: list[str] = []
    count = 0
    index = 0
    while count < words:
        _, story = article_paragraphs(index, seed=7)
        for paragraph in story:
            extra = " ".join(rng.choice(_FILLER) for _ in range(14))
            paragraphs.append(f"{paragraph} Residents also mentioned the {extra}.")
            count += len(paragraphs[-1].split())
        index += 1
    return "A long pasted report\n\n" + "\n\n".join(paragraphs)


def best_ms(work: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs: on a shared machine the least disturbed one."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return 1000 * min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cleaning: dict[str, float] = {}
    briefing: dict[str, float] = {}
    for words in LENGTHS:
        text = pasted_text(words)
        article = article_from_text(text)
        real_words = len(article.text.split())
        clean_ms = best_ms(functools.partial(article_from_text, text), args.repeat)
        brief_ms = best_ms(functools.partial(write_brief, article), args.repeat)
        cleaning[f"{words // 1000}k"] = round(clean_ms * 1000 / real_words, 2)
        briefing[f"{words // 1000}k"] = round(brief_ms * 1000 / real_words, 2)
    article = article_from_text(pasted_text(ANSWER_WORDS))

    def answer(question: str) -> None:
        ground_answer(answer_extractively(article, question, ()), article)

    first = best_ms(functools.partial(answer, QUESTIONS[0]), 1)
    follow_ups = [best_ms(functools.partial(answer, question), 1) for question in QUESTIONS[1:]]
    print(
        json.dumps(
            {
                "command": "python benchmarks/scaling.py " + " ".join(sys.argv[1:]),
                "clean_ms_per_1k_words": cleaning,
                "offline_brief_ms_per_1k_words": briefing,
                "answer_words": len(article.text.split()),
                "first_answer_ms": round(first, 1),
                "follow_up_answer_ms_p50": round(statistics.median(follow_ups), 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
