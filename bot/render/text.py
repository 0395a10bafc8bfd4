"""Plain-text renderings for a person at a terminal (the bot renders Telegram HTML elsewhere)."""

from __future__ import annotations

import textwrap
from collections import Counter

from bot.models import Answer, Article, Brief

_WIDTH = 88


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(
        " ".join(text.split()), width=_WIDTH, initial_indent=indent, subsequent_indent=indent
    )


def removed_summary(article: Article) -> str:
    if not article.removed:
        return "Cleaning removed nothing."
    counts = Counter(item.reason for item in article.removed)
    parts = ", ".join(f"{count} {reason}" for reason, count in counts.most_common())
    return f"Cleaning removed {len(article.removed)} paragraph(s): {parts}."


def render_article_text(article: Article) -> str:
    lines: list[str] = []
    if article.title:
        lines += [article.title, "=" * min(len(article.title), _WIDTH)]
    meta = [
        ("Source", article.final_url or article.url),
        ("Site", article.site),
        ("Author", article.author),
        ("Published", article.published),
        ("Language", article.language),
    ]
    lines += [f"{label}: {value}" for label, value in meta if value]
    lines.append("")
    for paragraph in article.paragraphs:
        lines += [_wrap(paragraph), ""]
    lines.append(removed_summary(article))
    for item in article.removed:
        lines.append(_wrap(f"- [{item.reason}] {item.text}", "  ").lstrip())
    return "\n".join(lines).rstrip() + "\n"


def render_brief_text(brief: Brief, article: Article | None = None) -> str:
    lines: list[str] = []
    if brief.title:
        lines += [brief.title, "=" * min(len(brief.title), _WIDTH)]
    if brief.bottom_line:
        lines += [_wrap(f"Bottom line: {brief.bottom_line}"), ""]
    lines += [_wrap(brief.summary), ""]
    claim_ids = {claim.id: claim for claim in brief.claims}

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.append(f"{title}:")
            lines.extend(rows)
            lines.append("")

    section(
        "Claims",
        [_item(c.id, c.text, c.by, c.quote) for c in brief.claims],
    )
    section(
        "Denials",
        [
            _item(d.id, d.text, d.by, d.quote)
            + (f"\n      answers {d.responds_to}" if d.responds_to in claim_ids else "")
            for d in brief.denials
        ],
    )
    section(
        "Evidence",
        [
            _item(e.id, e.text, e.by, e.quote)
            + (
                f"\n      bears on {', '.join(e.supports + e.undercuts)}"
                if e.supports or e.undercuts
                else ""
            )
            for e in brief.evidence
        ],
    )
    section("Unverified", [_item("?", u.text, None, u.quote) for u in brief.unverified])
    if not (brief.claims or brief.denials or brief.evidence or brief.unverified):
        lines += ["No attributed claims, denials or evidence were found in this article.", ""]
    for note in brief.notes:
        lines.append(_wrap(f"Note: {note}"))
    g = brief.grounding
    lines.append(
        f"Quotes checked against the article: {g.checked}, "
        f"verified {g.verified}, dropped {g.dropped}."
    )
    if brief.url:
        lines.append(f"Source: {brief.url}")
    if article is not None:
        lines.append(removed_summary(article))
    lines.append(f"Engine: {brief.engine}")
    return "\n".join(lines).rstrip() + "\n"


def _item(item_id: str, text: str, by: str | None, quote: str) -> str:
    who = f" ({by})" if by else ""
    head = _wrap(f"{item_id}. {text}{who}", "  ")
    return head + "\n" + _wrap(f"“{quote}”", "      ")


def render_answer_text(answer: Answer) -> str:
    lines = [_wrap(answer.answer)]
    for quote in answer.quotes:
        lines.append(_wrap(f"“{quote}”", "  > "))
    for note in answer.notes:
        lines.append(_wrap(f"Note: {note}"))
    return "\n".join(lines).rstrip() + "\n"
