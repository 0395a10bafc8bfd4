"""The extraction eval set: gzipped pages and the article text a person marked in each."""

from __future__ import annotations

import gzip
import json
from pathlib import Path


def load_pages(data: Path) -> list[tuple[str, str, str, str]]:
    """(page id, html, url, true article body) for every page in `ground-truth.json`."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        path = data / "html" / f"{page_id}.html.gz"
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
            pages.append((page_id, handle.read(), item.get("url"), item["articleBody"]))
    return pages
