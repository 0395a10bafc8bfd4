"""Screenshots of briefs as a phone shows them: the first message and each section, 400 px wide.

    python -m tools.phone_screens OUT_DIR ARTICLE [ARTICLE ...]   (from the repository root)

ARTICLE is an .html, .txt or .html.gz file. The offline engine briefs each one; the bot's own
renderers make the messages, which become chat bubbles in one HTML page per screen, shot by
headless Chromium (Debian's `chromium` package). Prints the visible length of every message.
The PNGs are for looking at, not for the repository.
"""

from __future__ import annotations

import asyncio
import gzip
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from telegram import InlineKeyboardMarkup

from bot.config import Settings
from bot.engines.select import build_engine, close_engine
from bot.ingest.source import load_source
from bot.models import Article, Brief
from bot.service import brief_article
from bot.telegram.keyboards import brief_keyboard, section_keyboard
from bot.telegram.render import (
    SECTIONS,
    Part,
    render_overview_part,
    render_removed_parts,
    render_section_parts,
)

WIDTH = 400
HEIGHT = 860
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]

_STYLE = """
body { margin: 0; background: #dfe6d8; font: 15px/1.35 -apple-system, "Noto Sans",
       "DejaVu Sans", sans-serif; color: #111; }
.bar { background: #517da2; color: #fff; padding: 12px 14px; font-weight: 600; }
.chat { padding: 10px 8px 16px; }
.bubble { background: #fff; border-radius: 12px; padding: 7px 10px 8px; margin: 6px 40px 2px 0;
          white-space: pre-wrap; overflow-wrap: anywhere; box-shadow: 0 1px 1px #0002; }
.mine { background: #effdde; margin: 6px 0 6px 60px; }
.bubble blockquote { margin: 4px 0; padding: 2px 8px; border-left: 3px solid #517da2;
                     background: #eef3f8; border-radius: 4px; white-space: pre-wrap; }
.bubble a { color: #2678b6; text-decoration: none; }
.keys { margin: 2px 40px 6px 0; }
.row { display: flex; gap: 3px; margin-top: 3px; }
.key { flex: 1; background: #0000002a; color: #fff; text-align: center; border-radius: 8px;
       padding: 7px 4px; font-size: 13px; font-weight: 600; white-space: nowrap;
       overflow: hidden; text-overflow: ellipsis; }
.len { color: #8a8a8a; font-size: 11px; text-align: right; }
"""


def _bubble(part: Part, markup: InlineKeyboardMarkup | None) -> str:
    keys = ""
    if markup is not None:
        rows = [
            '<div class="row">'
            + "".join(f'<div class="key">{html.escape(b.text)}</div>' for b in row)
            + "</div>"
            for row in markup.inline_keyboard
        ]
        keys = f'<div class="keys">{"".join(rows)}</div>'
    # Telegram's HTML subset (b, i, a, blockquote) is also a browser's; newlines stay newlines.
    body = part.html.replace("</blockquote>\n", "</blockquote>")
    return (
        f'<div class="bubble">{body}<div class="len">{part.visible} characters</div></div>' + keys
    )


def page(title: str, user_text: str, bubbles: list[str]) -> str:
    return (
        f"<!doctype html><meta charset=utf-8><style>{_STYLE}</style>"
        f'<div class="bar">{html.escape(title)}</div><div class="chat">'
        f'<div class="bubble mine">{html.escape(user_text)}</div>{"".join(bubbles)}</div>'
    )


def screens(brief: Brief, article: Article, name: str) -> dict[str, str]:
    """One page per screen: the first message, then each section opened in its place."""
    found: dict[str, str] = {}
    first = render_overview_part(brief)
    found["1-overview"] = page(
        "briefbot", name, [_bubble(first, brief_keyboard(1, brief, article))]
    )
    for index, section in enumerate(SECTIONS, 2):
        parts = render_section_parts(brief, section)
        keyboard = section_keyboard(1, brief, section)
        bubbles = [
            _bubble(part, keyboard if n == len(parts) - 1 else None) for n, part in enumerate(parts)
        ]
        found[f"{index}-{section}"] = page("briefbot", f"[{section.title()}]", bubbles)
    if article.removed:
        removed = render_removed_parts(article)
        found["5-removed"] = page("briefbot", "[Removed text]", [_bubble(p, None) for p in removed])
    return found


def shoot(chromium: str, source: Path, target: Path, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{height}",
                f"--screenshot={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def plain_copy(path: Path) -> Path:
    """The eval pages are gzipped; the CLI's loader reads .html files."""
    if path.suffix != ".gz":
        return path
    with tempfile.NamedTemporaryFile(suffix=".html", delete=False) as plain:
        plain.write(gzip.decompress(path.read_bytes()))
    return Path(plain.name)


async def brief_file(path: Path, settings: Settings) -> tuple[Brief, Article]:
    engine = build_engine(settings, "offline")
    try:
        article = await load_source(str(path), settings)
        return await brief_article(article, engine), article
    finally:
        await close_engine(engine)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    for number, name in enumerate(argv[1:], 1):
        brief, article = asyncio.run(brief_file(plain_copy(Path(name)), settings))
        print(f"{name}: article {len(article.text)} characters")
        print(f"  first message: {render_overview_part(brief).visible} visible characters")
        for section in SECTIONS:
            sizes = [part.visible for part in render_section_parts(brief, section)]
            print(f"  {section}: {sizes}")
        for key, markup in screens(brief, article, Path(name).name).items():
            html_path = out / f"a{number}-{key}.html"
            html_path.write_text(markup, encoding="utf-8")
            if chromium is not None:
                height = HEIGHT if key == "1-overview" else 2400
                shoot(chromium, html_path.resolve(), out / f"a{number}-{key}.png", height)
    if chromium is None:
        print("no chromium found: wrote the HTML pages only", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
