"""Denial detection on real news bodies: does a body that disputes a claim get a denial?

Reads the Fake News Challenge stage 1 training data (`bodies.csv`, `stances.csv`, see
`../shared/eval/README.md`). A body disputes a claim when it has at least one `disagree`
headline and no more `agree` than `disagree` ones; it agrees when it has `agree` headlines and
no `disagree` one. Each such body goes through the same path as pasted text (intake, cleaning,
offline engine, grounding), and the benchmark counts the bodies whose brief lists a denial.

The bodies are split in two halves by a hash of their id, so the split never changes: tune the
rules on `tune`, report on `report`. Prints one JSON object with the rate of each group per
half (`--split` limits it to one half), and under `by_headline` the same rates with each group
split by whether the headlines behind it refute something themselves: a body agreeing with "the
death report was a hoax" is a debunk, so its denial is right although the measure counts it
against the engine.

    python benchmarks/stance.py --data ../shared/eval/stance [--split tune|report|both]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import hashlib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.engines.offline.engine import OfflineEngine
from bot.errors import BriefError
from bot.ingest.source import article_from_text
from bot.service import brief_article

REPO_ROOT = Path(__file__).resolve().parents[1]

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "eval" / "stance"
Half = Literal["tune", "report"]
Group = Literal["disputes", "agrees"]


# A headline that itself refutes something: negation, or the refuting word families.
REFUTING_HEADLINE_RE = re.compile(
    r"\b(?:not|no|nope|never|\w+n[’']t|hoax\w*|fakes?|false\w*|untrue|bogus|myths?|"
    r"rumou?rs?|den(?:y|ies|ied|ials?)|debunk\w*|dismiss\w*|refut\w*|reject\w*|rebuff\w*|"
    r"shoots? down)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Body:
    body_id: str
    text: str
    group: Group
    # Whether at least half of the headlines behind the group refute something themselves.
    headline_refutes: bool = False

    @property
    def half(self) -> Half:
        return half_of(self.body_id)


def half_of(body_id: str) -> Half:
    digest = hashlib.sha256(f"stance-split:{body_id}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "report"


def load_bodies(data: Path) -> list[Body]:
    csv.field_size_limit(10_000_000)
    stances: dict[str, Counter[str]] = {}
    refuting: dict[str, Counter[str]] = {}
    with (data / "stances.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            stances.setdefault(row["Body ID"], Counter())[row["Stance"]] += 1
            if REFUTING_HEADLINE_RE.search(row["Headline"]):
                refuting.setdefault(row["Body ID"], Counter())[row["Stance"]] += 1
    bodies: list[Body] = []
    with (data / "bodies.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            counts = stances.get(row["Body ID"], Counter())
            group: Group | None = None
            if counts["disagree"] and counts["agree"] <= counts["disagree"]:
                group = "disputes"
            elif counts["agree"] and not counts["disagree"]:
                group = "agrees"
            if group is not None:
                stance = "disagree" if group == "disputes" else "agree"
                refutes = 2 * refuting.get(row["Body ID"], Counter())[stance] >= counts[stance]
                bodies.append(Body(row["Body ID"], row["articleBody"], group, refutes))
    return bodies


async def denied(bodies: list[Body]) -> dict[str, bool]:
    engine = OfflineEngine()
    found: dict[str, bool] = {}
    for body in bodies:
        try:
            brief = await brief_article(article_from_text(body.text), engine)
        except BriefError:
            found[body.body_id] = False
            continue
        found[body.body_id] = bool(brief.denials)
    return found


def rates(bodies: list[Body], found: dict[str, bool]) -> dict[str, object]:
    result: dict[str, object] = {}
    for group in ("disputes", "agrees"):
        members = [body for body in bodies if body.group == group]
        hits = sum(found[body.body_id] for body in members)
        result[group] = {
            "bodies": len(members),
            "with_denial": hits,
            "rate": round(hits / len(members), 4) if members else None,
        }
    return result


def headline_rates(bodies: list[Body], found: dict[str, bool]) -> dict[str, object]:
    """The same rates with each group split by whether its headlines refute something.

    A body that agrees with a refuting headline ("the death report was a hoax") refutes a claim
    itself, so a denial in its brief is right; one that disputes such a headline asserts the
    claim. The plain-headline groups are the ones the issue's definition describes.
    """
    cells: dict[str, object] = {}
    for group in ("disputes", "agrees"):
        for refutes, name in ((False, "plain_headline"), (True, "refuting_headline")):
            members = [b for b in bodies if b.group == group and b.headline_refutes == refutes]
            hits = sum(found[b.body_id] for b in members)
            cells[f"{group}_{name}"] = {
                "bodies": len(members),
                "with_denial": hits,
                "rate": round(hits / len(members), 4) if members else None,
            }
    return cells


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("tune", "report", "both"), default="both")
    parser.add_argument("--list", choices=("hits", "misses"), help="print body ids, for reading")
    args = parser.parse_args(argv)
    if not (args.data / "bodies.csv").is_file():
        print(f"no bodies.csv in {args.data}", file=sys.stderr)
        return 2
    halves: tuple[Half, ...] = ("tune", "report") if args.split == "both" else (args.split,)
    bodies = [body for body in load_bodies(args.data) if body.half in halves]
    started = time.perf_counter()
    found = asyncio.run(denied(bodies))
    result: dict[str, object] = {
        half: rates([body for body in bodies if body.half == half], found) for half in halves
    }
    result["by_headline"] = {
        half: headline_rates([body for body in bodies if body.half == half], found)
        for half in halves
    }
    result["seconds"] = round(time.perf_counter() - started, 1)
    if args.list:
        wanted = args.list == "hits"
        result["bodies"] = {
            group: [b.body_id for b in bodies if b.group == group and found[b.body_id] == wanted]
            for group in ("disputes", "agrees")
        }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
