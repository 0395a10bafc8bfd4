"""Tokens the bot sends to a language model per article, against two simpler inputs.

For each page of the extraction set: (1) the brief requests the LLM engine would send (system and
user messages of every part, after extraction and cleaning), (2) the page's whole visible text
(everything a browser shows: scripts, styles and markup dropped), (3) plain trafilatura's text.
Tokens are estimated at four characters per token, the same estimate the engine budgets with
(no tokenizer download). Prints one JSON object.

    python benchmarks/tokens.py --data ../shared/eval/extraction
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura

from bot.config import Settings
from bot.engines.llm.chunking import estimate_tokens, split_into_chunks
from bot.engines.llm.engine import brief_messages
from bot.engines.llm.prompts import load_prompt
from bot.errors import BriefError
from bot.ingest.source import article_from_html
from bot.testing.extraction_eval import load_pages

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "eval" / "extraction"


def visible_text(html: str) -> str:
    root = lxml.html.fromstring(html)
    for element in root.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    return " ".join(root.text_content().split())


def request_tokens(html: str, url: str | None, budget: int) -> tuple[int, int]:
    """(tokens of every request, tokens of the cleaned article text alone)."""
    try:
        article = asyncio.run(article_from_html(html, url=url))
    except BriefError:
        return 0, 0
    prompt = load_prompt("brief")
    chunks = split_into_chunks(article.paragraphs or [article.text], budget)
    total = 0
    for number, chunk in enumerate(chunks, start=1):
        for message in brief_messages(prompt, article, chunk, number, len(chunks), ""):
            total += estimate_tokens(message["content"])
    return total, estimate_tokens(article.text)


def run(data: Path) -> dict[str, Any]:
    budget = Settings.from_environ({}).llm_token_budget
    sent, text, visible, plain = [], [], [], []
    for _page_id, html, url, _truth in load_pages(data):
        request, article = request_tokens(html, url, budget)
        sent.append(request)
        text.append(article)
        visible.append(estimate_tokens(visible_text(html)))
        plain.append(estimate_tokens(trafilatura.extract(html) or ""))
    return {
        "pages": len(sent),
        "token_estimate": "4 characters per token",
        "bot_requests": {"total": sum(sent), "median": statistics.median(sent)},
        "bot_article_text": {"total": sum(text), "median": statistics.median(text)},
        "prompt_overhead_per_article": round((sum(sent) - sum(text)) / len(sent), 1),
        "whole_visible_text": {"total": sum(visible), "median": statistics.median(visible)},
        "plain_trafilatura": {"total": sum(plain), "median": statistics.median(plain)},
        "ratio_bot_to_visible": round(sum(sent) / sum(visible), 3),
        "ratio_bot_to_trafilatura": round(sum(sent) / sum(plain), 3),
        "ratio_article_text_to_visible": round(sum(text) / sum(visible), 3),
        "ratio_article_text_to_trafilatura": round(sum(text) / sum(plain), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="tokens per article sent to the LLM")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction eval folder")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"no ground-truth.json in {args.data}", file=sys.stderr)
        return 2
    print(json.dumps(run(args.data), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
