"""The stand-in's Telegram HTML parser alone: UTF-16 offsets, entities, malformed markup."""

from __future__ import annotations

import pytest

from bot.errors import HTMLParseError
from bot.testing.telegram_html import parse_html, utf16_length


def test_parser_reports_utf16_offsets_and_decodes_entities() -> None:
    parsed = parse_html("😀 <b>x&#x1F600;</b> &quot;<a href='https://e.org/a?b=1&amp;c=2'>l</a>")
    assert parsed.text == '😀 x😀 "l'
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 3},
        {"type": "text_link", "offset": 8, "length": 1, "url": "https://e.org/a?b=1&c=2"},
    ]
    assert utf16_length(parsed.text) == 9


@pytest.mark.parametrize(
    "text",
    [
        "<a href=https://x>y</a>",
        "<b",
        '<a href="x>y</a>',
        "&#0;",
        "&#xD800;",
        "&ampx;",
        "<pre><b>x</pre>",
    ],
)
def test_parser_rejects_malformed_markup(text: str) -> None:
    with pytest.raises(HTMLParseError):
        parse_html(text)


def test_parser_accepts_case_and_spacing_variants() -> None:
    parsed = parse_html('<B>x</B> <a  href = "u" >y</a > <i>z</>')
    assert parsed.text == "x y z"
    assert [e["type"] for e in parsed.entities] == ["bold", "text_link", "italic"]
