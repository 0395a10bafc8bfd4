"""The stance benchmark on a tiny data set of its own: groups, refuting headlines, the JSON."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

BODIES = {
    "1": "The harbour board said on Monday that the new ferry line opens in May.",
    "2": (
        "A spokeswoman for the harbour board said the report of a closed port was false.\n"
        '"There is no truth to it," she said.'
    ),
    "3": "Fishermen said the catch this season was the largest in ten years.",
}
STANCES = [
    ("Harbour board opens ferry line in May", "1", "agree"),
    ("No, the port is not closed", "2", "agree"),
    ("Port closed for a month", "2", "unrelated"),
    ("Record catch reported by fishermen", "3", "disagree"),
]


def write_data(folder: Path) -> None:
    with (folder / "bodies.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerows(BODIES.items())
    with (folder / "stances.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows(STANCES)


def test_each_body_lands_in_the_cell_its_headlines_give(tmp_path: Path) -> None:
    write_data(tmp_path)
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / "stance.py"), "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=REPO_ROOT,
    )
    data = json.loads(result.stdout)
    cells = {
        name: cell["bodies"]
        for half in ("tune", "report")
        for name, cell in data["by_headline"][half].items()
    }
    totals = {
        name: sum(data["by_headline"][half][name]["bodies"] for half in ("tune", "report"))
        for name in cells
    }
    assert totals == {
        "disputes_plain_headline": 1,
        "disputes_refuting_headline": 0,
        "agrees_plain_headline": 1,
        "agrees_refuting_headline": 1,
    }
    refuting = [
        data["by_headline"][half]["agrees_refuting_headline"]
        for half in ("tune", "report")
        if data["by_headline"][half]["agrees_refuting_headline"]["bodies"]
    ]
    assert refuting[0]["with_denial"] == 1
