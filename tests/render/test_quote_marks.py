"""Quotation marks around a quote are never doubled, on the command line or in Telegram."""

from bot.models import Brief, Claim
from bot.render.overview import quoted
from bot.render.text import render_brief_text
from bot.telegram.render import render_overview_part

SPAN = "“The harbour was never dredged,” said Ines Varro, the port's engineer."


def brief_quoting(span: str) -> Brief:
    return Brief(
        summary="A port dispute.",
        claims=[Claim(id="c1", text=span, by="Ines Varro", quote=span)],
        engine="offline",
    )


def test_a_span_that_opens_with_a_quotation_keeps_its_own_marks() -> None:
    assert quoted(SPAN) == SPAN
    assert quoted("the harbour was dredged") == "“the harbour was dredged”"


def test_no_doubled_marks_in_any_view() -> None:
    brief = brief_quoting(SPAN)
    for text in (
        render_brief_text(brief),
        render_brief_text(brief, full=True),
        render_overview_part(brief).plain,
    ):
        assert "““" not in text
        assert "”.”" not in text
