"""Plain-text renderings for a person at a terminal (the bot renders Telegram HTML elsewhere)."""

from __future__ import annotations

import textwrap

from bot.models import Answer, Article, Brief
from bot.render.overview import (
    build_overview,
    grounding_line,
    item_numbers,
    quoted,
    relation,
    removed_summary,
    speaker,
    unverified_line,
)

_WIDTH = 88


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(
        " ".join(text.split()), width=_WIDTH, initial_indent=indent, subsequent_indent=indent
    )


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


def _overview_lines(brief: Brief, *, items: bool = True) -> list[str]:
    overview = build_overview(brief)
    lines: list[str] = []
    if overview.title:
        lines += [overview.title, "=" * min(len(overview.title), _WIDTH)]
    meta = " · ".join(x for x in (overview.outlet, overview.date) if x)
    if meta:
        lines.append(meta)
    if overview.url:
        lines.append(overview.url)
    if not items:
        return lines
    lines.append("")
    for line in overview.lines:
        who = f"{line.by}: " if line.by else ""
        lines.append(_hang(f"{line.kind:<10} ", f"{who}{quoted(line.quote)}"))
    unverified = unverified_line(overview.unverified, "listed with --full")
    if unverified:
        lines.append(_hang(f"{'Unverified':<10} ", unverified))
    if not overview.lines and not unverified:
        lines.append("No attributed claims, denials or evidence were found in this article.")
    for note in overview.notes:
        lines += ["", _wrap(f"Note: {note}")]
    return lines


def _hang(label: str, text: str) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        width=_WIDTH,
        initial_indent=label,
        subsequent_indent=" " * len(label),
    )


def render_brief_text(brief: Brief, article: Article | None = None, *, full: bool = False) -> str:
    """The overview; with `full`, every item once (speaker, quote, what it answers or bears on),
    the quote check, what cleaning removed and the engine."""
    lines = _overview_lines(brief, items=not full)
    if not full:
        lines += ["", "(briefbot brief --full shows every claim, denial and piece of evidence.)"]
        return "\n".join(lines).rstrip() + "\n"
    numbers = item_numbers(brief)
    answered: dict[str, list[str]] = {}
    for index, denial in enumerate(brief.denials, 1):
        if denial.responds_to:
            answered.setdefault(denial.responds_to, []).append(f"D{index}")

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.extend(["", f"{title}:", *rows])

    section(
        "Claims",
        [
            _item(numbers[c.id], c.by, c.quote, ", ".join(answered.get(c.id, [])), "denied in")
            for c in brief.claims
        ],
    )
    section(
        "Denials",
        [
            _item(f"D{i}", d.by, d.quote, numbers.get(d.responds_to or "", ""), "answers")
            for i, d in enumerate(brief.denials, 1)
        ],
    )
    section(
        "Evidence",
        [
            _item(f"E{i}", e.by, e.quote, relation(e, numbers))
            for i, e in enumerate(brief.evidence, 1)
        ],
    )
    section("Unverified", [_wrap(quoted(u.quote), "      ") for u in brief.unverified])
    if not (brief.claims or brief.denials or brief.evidence or brief.unverified):
        lines += ["", "No attributed claims, denials or evidence were found in this article."]
    for note in brief.notes:
        lines += ["", _wrap(f"Note: {note}")]
    lines += ["", grounding_line(brief)]
    if article is not None:
        lines.append(removed_summary(article))
    lines.append(f"Engine: {brief.engine}")
    return "\n".join(lines).rstrip() + "\n"


def _item(label: str, by: str | None, quote: str, link: str = "", verb: str = "") -> str:
    relation_text = f"{verb} {link}".strip() if link else ""
    who = speaker(by) or "unattributed"
    head = "  " + " · ".join(x for x in (label, who, relation_text) if x)
    return head + "\n" + _wrap(quoted(quote), "      ")


def render_answer_text(answer: Answer) -> str:
    lines = [_wrap(answer.answer)]
    said = _words(answer.answer)
    for quote in answer.quotes:
        if _words(quote) and _words(quote) in said:
            continue  # the answer already says it word for word
        lines.append(_wrap(quoted(quote), "  > "))
    for note in answer.notes:
        lines.append(_wrap(f"Note: {note}"))
    return "\n".join(lines).rstrip() + "\n"


def _words(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())
