"""Telegram HTML for briefs and answers: escaped, split on item boundaries, <= 4096 characters."""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass

from bot.models import Answer, Article, Brief
from bot.text.display import display_safe

MAX_VISIBLE = 4096
_QUOTE_MAX = 1200
_TEXT_MAX = 600


@dataclass(frozen=True)
class Block:
    """One unit that is never split across messages: an item, a heading with its first item..."""

    html: str
    plain: str

    @property
    def visible(self) -> int:
        return visible_length(self.plain)


@dataclass(frozen=True)
class Part:
    html: str
    plain: str


def visible_length(text: str) -> int:
    """Telegram counts UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def esc(text: str) -> str:
    return html.escape(display_safe(text), quote=False)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def removed_line(article: Article | None) -> str | None:
    if article is None:
        return None
    if not article.removed:
        return "Cleaning removed nothing from the page."
    counts = Counter(item.reason for item in article.removed)
    detail = ", ".join(f"{reason} {count}" for reason, count in counts.most_common())
    return f"Cleaning removed {len(article.removed)} paragraph(s): {detail}."


def _item_block(label: str, text: str, by: str | None, quote: str, extra: str = "") -> Block:
    text, quote = _clip(text, _TEXT_MAX), _clip(quote, _QUOTE_MAX)
    who_html = f" — <i>{esc(by)}</i>" if by else ""
    who_plain = f" — {by}" if by else ""
    extra_html = f" <i>({esc(extra)})</i>" if extra else ""
    extra_plain = f" ({extra})" if extra else ""
    return Block(
        html=f"<b>{esc(label)}</b> {esc(text)}{who_html}{extra_html}\n"
        f"<blockquote>{esc(quote)}</blockquote>",
        plain=f"{label} {text}{who_plain}{extra_plain}\n“{quote}”",
    )


def brief_blocks(
    brief: Brief, article: Article | None = None, *, stored: bool = False
) -> list[Block]:
    blocks: list[Block] = []
    head_html, head_plain = [], []
    if brief.title:
        head_html.append(f"<b>{esc(_clip(brief.title, 300))}</b>")
        head_plain.append(_clip(brief.title, 300))
    if stored:
        head_html.append("<i>Stored brief — press Refresh for a new one.</i>")
        head_plain.append("Stored brief — press Refresh for a new one.")
    if brief.bottom_line:
        line = _clip(brief.bottom_line, 800)
        head_html.append(f"<b>Bottom line:</b> {esc(line)}")
        head_plain.append(f"Bottom line: {line}")
    if brief.summary:
        summary = _clip(brief.summary, 1500)
        head_html.append(esc(summary))
        head_plain.append(summary)
    blocks.append(Block("\n".join(head_html), "\n".join(head_plain)))

    claim_numbers = {claim.id: f"C{index}" for index, claim in enumerate(brief.claims, 1)}
    sections: list[tuple[str, list[Block]]] = [
        (
            "Claims",
            [_item_block(f"{claim_numbers[c.id]}.", c.text, c.by, c.quote) for c in brief.claims],
        ),
        (
            "Denials",
            [
                _item_block(
                    f"D{i}.",
                    d.text,
                    d.by,
                    d.quote,
                    f"answers {claim_numbers[d.responds_to]}"
                    if d.responds_to in claim_numbers
                    else "",
                )
                for i, d in enumerate(brief.denials, 1)
            ],
        ),
        (
            "Evidence",
            [
                _item_block(
                    f"E{i}.",
                    e.text,
                    e.by,
                    e.quote,
                    _bears_on(e.supports, e.undercuts, claim_numbers),
                )
                for i, e in enumerate(brief.evidence, 1)
            ],
        ),
        (
            "Unverified",
            [
                _item_block(f"U{i}.", u.text, None, u.quote)
                for i, u in enumerate(brief.unverified, 1)
            ],
        ),
    ]
    for title, items in sections:
        if not items:
            continue
        first = items[0]
        blocks.append(Block(f"<b>{title}</b>\n{first.html}", f"{title.upper()}\n{first.plain}"))
        blocks.extend(items[1:])
    if len(blocks) == 1:
        blocks.append(
            Block(
                "<i>No attributed claims, denials or evidence were found in this article.</i>",
                "No attributed claims, denials or evidence were found in this article.",
            )
        )

    footer_html, footer_plain = [], []
    if brief.url:
        label = brief.site or "Source"
        footer_html.append(f'<a href="{html.escape(brief.url, quote=True)}">{esc(label)}</a>')
        footer_plain.append(f"{label}: {brief.url}")
    removed = removed_line(article)
    if removed:
        footer_html.append(f"<i>{esc(removed)}</i>")
        footer_plain.append(removed)
    for note in brief.notes:
        footer_html.append(f"<i>{esc(_clip(note, 400))}</i>")
        footer_plain.append(_clip(note, 400))
    g = brief.grounding
    grounding = f"Quotes checked against the article: {g.verified}/{g.checked} verified"
    grounding += f", {g.dropped} dropped." if g.dropped else "."
    footer_html.append(f"<i>{esc(grounding)}</i>")
    footer_plain.append(grounding)
    blocks.append(Block("\n".join(footer_html), "\n".join(footer_plain)))
    return blocks


def _bears_on(supports: list[str], undercuts: list[str], numbers: dict[str, str]) -> str:
    parts = []
    backed = [numbers[c] for c in supports if c in numbers]
    against = [numbers[c] for c in undercuts if c in numbers]
    if backed:
        parts.append("supports " + ", ".join(backed))
    if against:
        parts.append("undercuts " + ", ".join(against))
    return "; ".join(parts)


def pack_blocks(blocks: list[Block], limit: int = MAX_VISIBLE) -> list[Part]:
    """Greedy packing on block boundaries; a block is never cut, so no tag is ever cut."""
    parts: list[Part] = []
    html_buf: list[str] = []
    plain_buf: list[str] = []
    size = 0
    for block in blocks:
        extra = block.visible + (2 if plain_buf else 0)
        if plain_buf and size + extra > limit:
            parts.append(Part("\n\n".join(html_buf), "\n\n".join(plain_buf)))
            html_buf, plain_buf, size = [], [], 0
            extra = block.visible
        html_buf.append(block.html)
        plain_buf.append(block.plain)
        size += extra
    if plain_buf:
        parts.append(Part("\n\n".join(html_buf), "\n\n".join(plain_buf)))
    return parts


def render_brief_parts(
    brief: Brief, article: Article | None = None, *, stored: bool = False
) -> list[Part]:
    return pack_blocks(brief_blocks(brief, article, stored=stored))


def render_answer_parts(answer: Answer, title: str | None = None) -> list[Part]:
    blocks: list[Block] = []
    head_html = f"<i>About: {esc(_clip(title, 200))}</i>\n" if title else ""
    head_plain = f"About: {_clip(title, 200)}\n" if title else ""
    text = _clip(answer.answer, 2000)
    blocks.append(Block(head_html + esc(text), head_plain + text))
    for quote in answer.quotes:
        clipped = _clip(quote, _QUOTE_MAX)
        blocks.append(Block(f"<blockquote>{esc(clipped)}</blockquote>", f"“{clipped}”"))
    for note in answer.notes:
        blocks.append(Block(f"<i>{esc(_clip(note, 400))}</i>", _clip(note, 400)))
    return pack_blocks(blocks)


def render_removed_parts(article: Article) -> list[Part]:
    line = removed_line(article) or ""
    blocks = [Block(f"<b>{esc(line)}</b>", line)]
    for item in article.removed:
        text = _clip(item.text, 800)
        blocks.append(Block(f"<i>{esc(item.reason)}</i>: {esc(text)}", f"{item.reason}: {text}"))
    return pack_blocks(blocks)
