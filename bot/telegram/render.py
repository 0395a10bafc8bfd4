"""Telegram HTML for briefs and answers: escaped, split on item boundaries, <= 4096 characters.

A brief shows first as its overview (one phone screen); its sections (claims, denials, evidence
with the unverified points) open behind buttons, each item once: speaker, verbatim quote, and
what it answers or bears on.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

from bot.models import Answer, Article, Brief
from bot.render.overview import (
    Overview,
    build_overview,
    clip,
    grounding_line,
    item_numbers,
    quoted,
    relation,
    removed_summary,
    speaker,
    unverified_line,
)
from bot.text.display import display_safe

MAX_VISIBLE = 4096
OVERVIEW_BUDGET = 1000
_QUOTE_MAX = 1200

Section = Literal["claims", "denials", "evidence"]
SECTIONS: tuple[Section, ...] = ("claims", "denials", "evidence")


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

    @property
    def visible(self) -> int:
        return visible_length(self.plain)


def visible_length(text: str) -> int:
    """Telegram counts UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def esc(text: str) -> str:
    return html.escape(display_safe(text), quote=False)


_clip = clip


def removed_line(article: Article | None) -> str | None:
    return None if article is None else removed_summary(article)


# ----------------------------------------------------------------- the overview


def _head(overview: Overview) -> Block:
    lines_html, lines_plain = [], []
    if overview.title:
        lines_html.append(f"<b>{esc(overview.title)}</b>")
        lines_plain.append(overview.title)
    meta_plain = " · ".join(x for x in (overview.outlet, overview.date) if x)
    outlet_html = esc(overview.outlet) if overview.outlet else ""
    if overview.url:
        label = overview.outlet or "Source"
        outlet_html = f'<a href="{html.escape(overview.url, quote=True)}">{esc(label)}</a>'
        if not overview.outlet:
            meta_plain = " · ".join(x for x in (label, overview.date) if x)
    meta_html = " · ".join(x for x in (outlet_html, esc(overview.date or "")) if x)
    if meta_plain:
        lines_html.append(f"<i>{meta_html}</i>")
        lines_plain.append(meta_plain)
    return Block("\n".join(lines_html), "\n".join(lines_plain))


def _overview_block(overview: Overview, note: str | None) -> Block:
    parts_html, parts_plain = [], []
    head = _head(overview)
    if head.plain:
        parts_html.append(head.html)
        parts_plain.append(head.plain)
    if note:
        parts_html.append(f"<i>{esc(note)}</i>")
        parts_plain.append(note)
    rows_html, rows_plain = [], []
    for line in overview.lines:
        who = f"{line.by}: " if line.by else ""
        who_html = f"{esc(line.by)}: " if line.by else ""
        rows_html.append(f"<b>{line.kind}</b> · {who_html}{esc(quoted(line.quote))}")
        rows_plain.append(f"{line.kind} · {who}{quoted(line.quote)}")
    unverified = unverified_line(overview.unverified, "listed under Evidence")
    if unverified:
        rows_html.append(f"<b>Unverified</b> · {esc(unverified)}")
        rows_plain.append(f"Unverified · {unverified}")
    if not rows_plain:
        empty = "No attributed claims, denials or evidence were found in this article."
        rows_html.append(f"<i>{empty}</i>")
        rows_plain.append(empty)
    parts_html.append("\n".join(rows_html))
    parts_plain.append("\n".join(rows_plain))
    for text in overview.notes:
        parts_html.append(f"<i>{esc(text)}</i>")
        parts_plain.append(text)
    return Block("\n\n".join(parts_html), "\n\n".join(parts_plain))


def render_overview_part(brief: Brief, *, note: str | None = None) -> Part:
    """The first message: one screen, shorter quotes when the longer ones do not fit."""
    block = _overview_block(build_overview(brief), note)
    for limit in (110, 70):
        if block.visible <= OVERVIEW_BUDGET:
            break
        block = _overview_block(build_overview(brief, quote_limit=limit), note)
    return Part(block.html, block.plain)


# ----------------------------------------------------------------- the sections


def _item(label: str, by: str | None, quote: str, extra: str = "") -> Block:
    quote = clip(quote, _QUOTE_MAX)
    if not label:
        return Block(f"<blockquote>{esc(quote)}</blockquote>", f"{quoted(quote)}")
    who = speaker(by) or "unattributed"
    tail = [x for x in (who, extra) if x]
    tail_html = [f"<i>{esc(who)}</i>"] if who else []
    if extra:
        tail_html.append(esc(extra))
    head_html = " · ".join([f"<b>{esc(label)}</b>", *tail_html])
    head_plain = " · ".join([label, *tail])
    return Block(
        f"{head_html}\n<blockquote>{esc(quote)}</blockquote>",
        f"{head_plain}\n{quoted(quote)}",
    )


def section_blocks(brief: Brief, section: Section) -> list[Block]:
    numbers = item_numbers(brief)
    items: list[tuple[str, list[Block]]] = []
    if section == "claims":
        answered: dict[str, list[str]] = {}
        for index, denial in enumerate(brief.denials, 1):
            if denial.responds_to:
                answered.setdefault(denial.responds_to, []).append(f"D{index}")
        claims = [
            _item(
                numbers[c.id],
                c.by,
                c.quote,
                f"denied in {', '.join(answered[c.id])}" if c.id in answered else "",
            )
            for c in brief.claims
        ]
        items.append(("Claims", claims))
    elif section == "denials":
        denials = [
            _item(
                f"D{i}",
                d.by,
                d.quote,
                f"answers {numbers[d.responds_to]}" if d.responds_to in numbers else "",
            )
            for i, d in enumerate(brief.denials, 1)
        ]
        items.append(("Denials", denials))
    else:
        evidence = [
            _item(f"E{i}", e.by, e.quote, relation(e, numbers))
            for i, e in enumerate(brief.evidence, 1)
        ]
        # Nothing points at an unverified point: no label, only its words.
        unverified = [_item("", None, u.quote) for u in brief.unverified]
        items += [("Evidence", evidence), ("Unverified", unverified)]
    blocks: list[Block] = []
    for title, found in items:
        if not found:
            continue
        first = found[0]
        blocks.append(Block(f"<b>{title}</b>\n{first.html}", f"{title.upper()}\n{first.plain}"))
        blocks.extend(found[1:])
    return blocks


def _title_block(brief: Brief) -> list[Block]:
    if not brief.title:
        return []
    title = clip(brief.title, 120)
    return [Block(f"<i>{esc(title)}</i>", title)]


def _quiet_footer(brief: Brief) -> Block:
    line = grounding_line(brief)
    return Block(f"<i>{esc(line)}</i>", line)


def render_section_parts(brief: Brief, section: Section) -> list[Part]:
    blocks = section_blocks(brief, section)
    if not blocks:
        empty = f"No {section} in this brief."
        blocks = [Block(f"<i>{empty}</i>", empty)]
    return pack_blocks([*_title_block(brief), *blocks, _quiet_footer(brief)])


def brief_blocks(brief: Brief, article: Article | None = None) -> list[Block]:
    """Everything once: the heading, every section, the notes, the quote check and what cleaning
    removed."""
    overview = build_overview(brief)
    blocks = [_head(overview)] if _head(overview).plain else []
    for section in SECTIONS:
        blocks += section_blocks(brief, section)
    if not (brief.claims or brief.denials or brief.evidence or brief.unverified):
        empty = "No attributed claims, denials or evidence were found in this article."
        blocks.append(Block(f"<i>{empty}</i>", empty))
    blocks += [Block(f"<i>{esc(note)}</i>", note) for note in overview.notes]
    blocks.append(_quiet_footer(brief))
    removed = removed_line(article)
    if removed:
        blocks.append(Block(f"<i>{esc(removed)}</i>", removed))
    return blocks


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


def render_brief_parts(brief: Brief, article: Article | None = None) -> list[Part]:
    return pack_blocks(brief_blocks(brief, article))


def _words(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())


def render_answer_parts(answer: Answer, title: str | None = None) -> list[Part]:
    """The answer's words, then only the quotes that say more than the answer already does."""
    blocks: list[Block] = []
    head_html = f"<i>About: {esc(clip(title, 200))}</i>\n" if title else ""
    head_plain = f"About: {clip(title, 200)}\n" if title else ""
    text = clip(answer.answer, 2000)
    blocks.append(Block(head_html + esc(text), head_plain + text))
    said = _words(answer.answer)
    for quote in answer.quotes:
        if _words(quote) and _words(quote) in said:
            continue
        clipped = clip(quote, _QUOTE_MAX)
        blocks.append(Block(f"<blockquote>{esc(clipped)}</blockquote>", quoted(clipped)))
    for note in answer.notes:
        blocks.append(Block(f"<i>{esc(clip(note, 400))}</i>", clip(note, 400)))
    return pack_blocks(blocks)


def render_removed_parts(article: Article) -> list[Part]:
    line = removed_line(article) or ""
    blocks = [Block(f"<b>{esc(line)}</b>", line)]
    for item in article.removed:
        text = clip(item.text, 800)
        reason = item.reason.replace("_", " ")
        blocks.append(Block(f"<i>{esc(reason)}</i>: {esc(text)}", f"{reason}: {text}"))
    return pack_blocks(blocks)
