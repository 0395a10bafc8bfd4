"""Telegram HTML rendering: escaped, on item boundaries, within Telegram's limit."""

from __future__ import annotations

import html
import re

from bot.models import (
    Answer,
    Article,
    Brief,
    Claim,
    Denial,
    Evidence,
    Grounding,
    RemovedText,
    Unverified,
)
from bot.telegram.render import (
    MAX_VISIBLE,
    OVERVIEW_BUDGET,
    render_answer_parts,
    render_brief_parts,
    render_overview_part,
    render_section_parts,
    visible_length,
)

_TAG = re.compile(r"<[^>]+>")


def _visible(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


def _article() -> Article:
    return Article(
        title="<b>Bold</b> & title",
        paragraphs=["x"],
        text="x",
        content_hash="h",
        removed=[RemovedText(reason="paywall", text="Subscribe now")],
    )


def _brief(n_claims: int = 2, quote: str = "The <script> & stuff") -> Brief:
    return Brief(
        title="<i>Headline</i> & more",
        url="https://example.org/a?b=1&c=<2>",
        site="Example & Co",
        summary="Summary with <tags> & ampersands.",
        bottom_line="A says B; C denies it.",
        claims=[
            Claim(id=f"c{i}", text=f"Claim {i} <x>", by="Minister <A>", quote=f"{quote} {i}")
            for i in range(1, n_claims + 1)
        ],
        denials=[Denial(id="d1", text="Denied", by="C", quote="utterly false", responds_to="c1")],
        evidence=[Evidence(id="e1", text="Video", by=None, quote="videos", supports=["c1"])],
        unverified=[Unverified(text="Reportedly", quote="reportedly")],
        engine="offline",
        grounding=Grounding(checked=5, verified=5, dropped=0),
    )


def test_everything_from_the_article_is_escaped() -> None:
    parts = render_brief_parts(_brief(), _article())
    assert len(parts) == 1
    markup = parts[0].html
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "<i>Headline</i>" not in markup
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in markup
    visible = _visible(markup)
    assert "The <script> & stuff 1" in visible
    assert "Claims" in visible
    assert "Denials" in visible
    assert "Evidence" in visible
    assert "answers C1" in visible
    assert "Cleaning removed 1 paragraph(s): paywall 1." in visible


def test_long_brief_is_split_on_item_boundaries() -> None:
    parts = render_brief_parts(_brief(n_claims=30, quote="word " * 200), _article())
    assert len(parts) > 1
    for part in parts:
        assert visible_length(_visible(part.html)) <= MAX_VISIBLE
        assert visible_length(part.plain) <= MAX_VISIBLE
        # Every blockquote opened in a part is closed in the same part.
        assert part.html.count("<blockquote>") == part.html.count("</blockquote>")
        assert part.html.count("<b>") == part.html.count("</b>")
    joined = "".join(_visible(p.html) for p in parts)
    for i in range(1, 31):
        assert f"C{i} ·" in joined


def test_huge_quote_is_clipped_to_fit() -> None:
    parts = render_brief_parts(_brief(n_claims=1, quote="a" * 10_000), None)
    assert all(visible_length(_visible(p.html)) <= MAX_VISIBLE for p in parts)
    assert "…" in parts[0].html + "".join(p.html for p in parts)


def test_the_overview_fits_one_screen_and_says_each_thing_once() -> None:
    brief = _brief(n_claims=12, quote="word " * 300)
    part = render_overview_part(brief)
    assert visible_length(part.plain) <= OVERVIEW_BUDGET
    visible = _visible(part.html)
    assert visible.startswith("<i>Headline</i> & more\nExample & Co")
    assert "Claim · Minister <A>: “" in visible
    assert "Denial · C: “utterly false”" in visible
    assert "Evidence · “videos”" in visible
    assert "Unverified · 1 point, listed under Evidence" in visible
    assert "Cleaning removed" not in visible
    assert "quotes found" not in visible
    lines = [line for line in visible.splitlines() if line]
    assert len(lines) == len(set(lines))


def test_a_section_shows_each_item_once_with_what_it_answers() -> None:
    brief = _brief()
    (claims,) = render_section_parts(brief, "claims")
    (denials,) = render_section_parts(brief, "denials")
    (evidence,) = render_section_parts(brief, "evidence")
    assert "C1 · Minister <A> · denied in D1" in _visible(claims.html)
    assert "D1 · C · answers C1" in _visible(denials.html)
    assert "E1 · unattributed · supports C1" in _visible(evidence.html)
    assert "UNVERIFIED\n“reportedly”" in evidence.plain
    for part in (claims, denials, evidence):
        assert _visible(part.html).endswith("5 of 5 quotes found in the article.")
        assert _visible(part.html).count("“") <= 2


def test_empty_brief_says_so() -> None:
    brief = Brief(summary="Nothing contested.", engine="offline")
    visible = _visible(render_brief_parts(brief, None)[0].html)
    assert "No attributed claims" in visible


def test_answer_quotes_are_escaped() -> None:
    answer = Answer(answered=True, answer="He said <no>.", quotes=["a & b <c>"], engine="offline")
    parts = render_answer_parts(answer, "T & <t>")
    assert "&lt;no&gt;" in parts[0].html
    assert "<blockquote>a &amp; b &lt;c&gt;</blockquote>" in parts[0].html


def test_an_answer_quotes_once() -> None:
    words = "The board knew about the leak on May 3, she said."
    answer = Answer(answered=True, answer=words, quotes=[words, "Other words."], engine="x")
    (part,) = render_answer_parts(answer)
    assert part.plain.count("May 3") == 1
    assert "“Other words.”" in part.plain
