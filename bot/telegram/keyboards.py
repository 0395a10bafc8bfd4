"""The buttons under briefs: sections that open in place, questions, removed text, refresh.

Callback data names the brief and, for a section, which one; `bot.telegram.callbacks` parses it
strictly and checks the brief belongs to the chat, so every button works after a restart too.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.models import Article, Brief
from bot.telegram.render import SECTIONS, Section

_LABELS: dict[Section, str] = {"claims": "Claims", "denials": "Denials", "evidence": "Evidence"}


def _count(brief: Brief, section: Section) -> int:
    if section == "claims":
        return len(brief.claims)
    if section == "denials":
        return len(brief.denials)
    return len(brief.evidence) + len(brief.unverified)


def _section_buttons(
    brief_id: int, brief: Brief, skip: Section | None = None
) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            f"{_LABELS[section]} ({_count(brief, section)})",
            callback_data=f"view:{brief_id}:{section}",
        )
        for section in SECTIONS
        if section != skip and _count(brief, section)
    ]


def brief_keyboard(
    brief_id: int, brief: Brief, article: Article | None = None
) -> InlineKeyboardMarkup:
    rows = [_section_buttons(brief_id, brief)]
    second = [InlineKeyboardButton("Ask about this", callback_data=f"ask:{brief_id}")]
    if article is not None and article.removed:
        second.append(
            InlineKeyboardButton(
                f"Removed text ({len(article.removed)})", callback_data=f"removed:{brief_id}"
            )
        )
    rows += [second, [InlineKeyboardButton("Refresh", callback_data=f"refresh:{brief_id}")]]
    return InlineKeyboardMarkup([row for row in rows if row])


def section_keyboard(brief_id: int, brief: Brief, section: Section) -> InlineKeyboardMarkup:
    back = InlineKeyboardButton("« Brief", callback_data=f"view:{brief_id}:brief")
    return InlineKeyboardMarkup(
        [
            [back, *_section_buttons(brief_id, brief, skip=section)],
            [InlineKeyboardButton("Ask about this", callback_data=f"ask:{brief_id}")],
        ]
    )


def repeat_keyboard(brief_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Open", callback_data=f"view:{brief_id}:brief"),
                InlineKeyboardButton("Refresh", callback_data=f"refresh:{brief_id}"),
            ]
        ]
    )


def open_button(label: str, brief_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=f"show:{brief_id}")
