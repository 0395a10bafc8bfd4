"""The extraction eval set: gzipped pages and the article text a person marked in each."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bot.testing.halves import Split, in_split


def load_pages(data: Path, split: Split = "all") -> list[tuple[str, str, str, str]]:
    """(page id, html, url, true article body) for the pages of `ground-truth.json` in `split`."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        if not in_split(page_id, split):
            continue
        path = data / "html" / f"{page_id}.html.gz"
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
            pages.append((page_id, handle.read(), item.get("url"), item["articleBody"]))
    return pages
