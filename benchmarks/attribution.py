"""Who-said-what quality of the offline engine against PolNeAR's annotated attributions.

PolNeAR (Newell et al., LREC 2018) marks every attribution in political news: its Source, Cue
and Content spans. Two layers are measured:

- `brief`: the brief's items (capped, ranked). Recall is the share of annotated attributions
  whose Content a brief item quotes (the item's span covers at least half the Content) with
  the right speaker (`by` shares a word with the Source); it is bounded by the caps, since an
  article has far more attributions than a brief has items. Precision is the share of items
  that overlap some annotated Content.
- `attribution`: every sentence the attribution rules attribute, before classification and caps.

The brief's precision is also given over the items that name a speaker by kind (claims, denials,
evidence: `precision_speaking_items`): unverified items carry no speaker at all, being the
article's own hedges, which PolNeAR does not annotate as attributions.

Speaker accuracy counts, among matched items that name a speaker, those whose speaker shares a
word with the annotated Source. A pronoun Source ("he said") matches any named speaker, since
the rules resolve pronouns to the last speaker named. Prints one JSON object.

    python benchmarks/attribution.py --data ../shared/eval/attribution [--split report] [--details]

`--split tune|report` keeps one fixed half of the files (see `halves`): tune rules on one,
report the other. `--intake` first cleans the text as the bot's intake does (bylines, credits,
promo lines go), as a pasted or fetched article would be; items are then found in the original
text by their words, whatever the spacing.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.engines.offline.engine import read_article, write_brief
from bot.ingest.clean import clean_paragraphs
from bot.models import Article
from bot.testing.halves import SPLITS, Split, in_split

REPO_ROOT = Path(__file__).resolve().parents[1]

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "eval" / "attribution"
_TOKEN = re.compile(r"\w+")
_PRONOUNS = frozenset(("he", "she", "they", "it", "i", "we", "you", "who", "which"))
_STOP = frozenset(("the", "a", "an", "of", "s", "for", "and", "in", "at", "to", "on"))
_COVER = 0.5
_ITEM_OVERLAP = 0.3


@dataclass(frozen=True)
class Annotated:
    content: frozenset[int]
    source: str | None


@dataclass
class Tally:
    annotated: int = 0
    found: int = 0
    found_with_speaker: int = 0
    items: int = 0
    items_on_content: int = 0
    speaker_checked: int = 0
    speaker_right: int = 0
    speaking_items: int = 0
    speaking_on_content: int = 0

    def as_json(self) -> dict[str, float | int]:
        return {
            "annotated_attributions": self.annotated,
            "recall_content": _ratio(self.found, self.annotated),
            "recall_content_and_speaker": _ratio(self.found_with_speaker, self.annotated),
            "items": self.items,
            "precision_items_on_annotated_content": _ratio(self.items_on_content, self.items),
            "speaker_accuracy": _ratio(self.speaker_right, self.speaker_checked),
            "speaker_checked": self.speaker_checked,
            "precision_speaking_items": _ratio(self.speaking_on_content, self.speaking_items),
        }


@dataclass
class Item:
    span: frozenset[int]
    by: str | None
    speaking: bool = True
    """Of a kind that names a speaker (a claim, denial or evidence; not an unverified point)."""


@dataclass
class Report:
    brief: Tally = field(default_factory=Tally)
    attribution: Tally = field(default_factory=Tally)
    per_file: dict[str, dict[str, int]] = field(default_factory=dict)


def load_annotations(path: Path) -> list[Annotated]:
    spans: dict[str, list[tuple[int, int]]] = {}
    texts: dict[str, str] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label_and_offsets = parts[1].split(" ", 1)
            if len(label_and_offsets) < 2:
                continue
            fragments = []
            for fragment in label_and_offsets[1].split(";"):
                start, end = fragment.split()
                fragments.append((int(start), int(end)))
            spans[parts[0]] = fragments
            texts[parts[0]] = parts[2] if len(parts) > 2 else ""
        elif line.startswith("E") and len(parts) >= 2:
            roles = {}
            for pair in parts[1].split():
                role, _, target = pair.partition(":")
                roles[re.sub(r"\d+$", "", role)] = target
            events.append(roles)
    found = []
    for roles in events:
        content = roles.get("Content")
        if content not in spans:
            continue
        chars = frozenset(i for start, end in spans[content] for i in range(start, end))
        source = roles.get("Source")
        found.append(Annotated(chars, texts.get(source) if source else None))
    return found


def load_article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    return Article(
        title=lines[0] if lines else None,
        paragraphs=lines,
        text=text,
        content_hash=path.stem,
    )


def cleaned(article: Article) -> Article:
    """The article as intake would hand it over: boilerplate paragraphs dropped."""
    kept = clean_paragraphs(article.paragraphs, title=article.title).paragraphs
    text = "\n\n".join(kept)
    return Article(title=article.title, paragraphs=kept, text=text, content_hash="c")


def locate(quote: str, raw: str) -> int:
    """Where `quote` starts in `raw`, with any run of spaces matching any other."""
    start = raw.find(quote)
    if start >= 0:
        return start
    words = quote.split()
    if not words:
        return -1
    found = re.search(r"\s+".join(re.escape(word) for word in words), raw)
    return found.start() if found else -1


def brief_items(article: Article, raw: str | None = None) -> list[Item]:
    brief = write_brief(article)
    raw = article.text if raw is None else raw
    items = []
    entries: list[tuple[str, str | None, bool]] = [
        *((item.quote, item.by, True) for item in [*brief.claims, *brief.denials, *brief.evidence]),
        *((item.quote, None, False) for item in brief.unverified),
    ]
    for quote, by, speaking in entries:
        start = locate(quote, raw)
        if start >= 0:
            items.append(Item(frozenset(range(start, start + len(quote))), by, speaking))
    return items


def attribution_items(article: Article) -> list[Item]:
    reading = read_article(article)
    return [
        Item(frozenset(range(found.content_start, found.content_end)), found.speaker)
        for found in reading.attributions
        if found is not None
    ]


def speaker_matches(by: str | None, source: str | None) -> bool:
    if by is None or source is None:
        return False
    source_tokens = {token.casefold() for token in _TOKEN.findall(source)} - _STOP
    if source_tokens and source_tokens <= _PRONOUNS:
        return True
    by_tokens = {token.casefold() for token in _TOKEN.findall(by)} - _STOP
    return bool(source_tokens & by_tokens - _PRONOUNS)


def score(tally: Tally, items: list[Item], annotations: list[Annotated]) -> None:
    tally.annotated += len(annotations)
    for annotated in annotations:
        covering = [
            item
            for item in items
            if len(item.span & annotated.content) >= _COVER * len(annotated.content)
        ]
        if covering:
            tally.found += 1
            if any(speaker_matches(item.by, annotated.source) for item in covering):
                tally.found_with_speaker += 1
    for item in items:
        tally.items += 1
        tally.speaking_items += item.speaking
        touching = [
            annotated
            for annotated in annotations
            if len(item.span & annotated.content)
            >= min(_ITEM_OVERLAP * len(item.span), _COVER * len(annotated.content))
        ]
        if not touching:
            continue
        tally.items_on_content += 1
        tally.speaking_on_content += item.speaking
        sourced = [annotated for annotated in touching if annotated.source]
        if item.by is not None and sourced:
            tally.speaker_checked += 1
            if any(speaker_matches(item.by, annotated.source) for annotated in sourced):
                tally.speaker_right += 1


def run(data: Path, split: Split = "all", intake: bool = False) -> Report:
    report = Report()
    for ann in sorted((data / "dev" / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        if not in_split(stem, split):
            continue
        text_path = data / "dev" / "text" / f"{stem}.txt"
        if not text_path.exists():
            continue
        article = load_article(text_path)
        annotations = load_annotations(ann)
        items = brief_items(cleaned(article) if intake else article, raw=article.text)
        found = attribution_items(article)
        score(report.brief, items, annotations)
        score(report.attribution, found, annotations)
        report.per_file[ann.stem] = {"annotated": len(annotations), "items": len(items)}
    return report


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--intake", action="store_true", help="clean the text as intake does")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    report = run(args.data, args.split, args.intake)
    result: dict[str, object] = {
        "split": args.split,
        "intake": args.intake,
        "files": len(report.per_file),
        "brief": report.brief.as_json(),
        "attribution": report.attribution.as_json(),
    }
    if args.details:
        result["per_file"] = report.per_file
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
