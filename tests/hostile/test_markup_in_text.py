"""HTML and Markdown inside an article reach a chat as the characters they are, never as markup.

Telegram parses the bot's messages as HTML; the stand-in refuses what Telegram refuses (and a
bare `&`), so an unescaped title or quote shows up as a refused call or as a stray entity.
"""

from __future__ import annotations

from typing import Any

from bot.models import Answer, Article, Brief, Claim, Denial, RemovedText, Unverified
from bot.telegram.render import render_answer_parts, render_brief_parts, render_removed_parts
from bot.testing.telegram_html import ParsedText, parse_html
from bot.testing.telegram_html import utf16_length as units
from tests.hostile.conftest import MARKUP_PARAGRAPHS, MARKUP_TITLE
from tests.telegram.harness import CHAT, Harness

SCRIPT = "<script>alert('owned')</script>"
BREAKOUT = '</blockquote><a href="http://evil.example">Click</a> &amp; <tg-spoiler>nothing'


def entity_text(parsed: ParsedText, entity: dict[str, Any]) -> str:
    encoded = parsed.text.encode("utf-16-le")
    start, length = entity["offset"] * 2, entity["length"] * 2
    return encoded[start : start + length].decode("utf-16-le")


async def test_a_page_full_of_markup_is_briefed_as_literal_text(bot: Harness) -> None:
    url = bot.pages.url("/markup")
    prefix = "brief this: "
    entity = {"type": "url", "offset": units(prefix), "length": units(url)}
    await bot.send(bot.telegram.user_message(CHAT, prefix + url, entities=[entity]))

    refused = [call.error for call in bot.telegram.calls if call.error]
    assert refused == []
    (brief,) = [m for m in bot.telegram.sent_messages(CHAT) if not m.deleted]
    assert brief.parse_mode == "HTML"
    seen = brief.visible_text
    assert seen.startswith(MARKUP_TITLE)
    assert SCRIPT in seen
    assert BREAKOUT in seen
    assert "billing site & that customers' cards" in seen
    links = [e.get("url") for e in brief.entities if e["type"] == "text_link"]
    assert links == [url]
    assert {e["type"] for e in brief.entities} <= {"bold", "italic", "blockquote", "text_link"}
    parsed = ParsedText(brief.visible_text, brief.entities)
    bold = [entity_text(parsed, e) for e in brief.entities if e["type"] == "bold"]
    assert bold[0] == MARKUP_TITLE
    assert "x" not in bold

    # The sections open in place, quotes whole and in blockquotes, still literal.
    quoted: list[str] = []
    for section in ("claims", "denials"):
        data = f"view:{brief_id(brief)}:{section}"
        await bot.send(bot.telegram.callback_query(CHAT, brief.message_id, data))
        shown = bot.telegram.chats.sent_message(CHAT, brief.message_id)
        assert shown is not None
        parsed = ParsedText(shown.visible_text, shown.entities)
        quoted += [entity_text(parsed, e) for e in shown.entities if e["type"] == "blockquote"]
    assert [call.error for call in bot.telegram.calls if call.error] == []
    assert any(SCRIPT in quote for quote in quoted)
    assert any(quote == MARKUP_PARAGRAPHS[1] for quote in quoted)


def brief_id(message: Any) -> int:
    data = [b["callback_data"] for row in message.reply_markup["inline_keyboard"] for b in row]
    return int(next(d for d in data if d.startswith("ask:")).split(":")[1])


def hostile_brief() -> tuple[Brief, Article]:
    text = "\n\n".join(MARKUP_PARAGRAPHS)
    article = Article(
        paragraphs=MARKUP_PARAGRAPHS,
        text=text,
        content_hash="0" * 64,
        title=MARKUP_TITLE,
        removed=[RemovedText(reason="<b>promo</b>", text="Subscribe & <i>save</i> `now` *today*")],
    )
    brief = Brief(
        title=MARKUP_TITLE,
        url='http://orsk.example/story?a=1&b="><b>x</b>',
        site="Orsk <Gazette> & Co",
        summary="A *bold* claim about `code` & <u>markup</u>.",
        bottom_line="Nothing is </b> established & nothing <i>denied.",
        claims=[Claim(id="c1", text="[link](http://evil.example)", by="<b>x</b>", quote=SCRIPT)],
        denials=[Denial(id="d1", text="__Denied__", quote=BREAKOUT, responds_to="c1")],
        unverified=[Unverified(text="1 < 2 & 3 > 2", quote="1 < 2 & 3 > 2 failed logins")],
        engine="test",
        notes=["A note with <pre>markup</pre> & an ampersand."],
    )
    return brief, article


def test_every_field_of_a_brief_renders_as_literal_text() -> None:
    brief, article = hostile_brief()

    parsed = [parse_html(part.html) for part in render_brief_parts(brief, article)]

    seen = "\n\n".join(p.text for p in parsed)
    # Each item once, as its speaker and verbatim quote; the summary and the items' paraphrases
    # are not shown at all.
    for literal in (
        MARKUP_TITLE,
        "<b>x</b>",
        SCRIPT,
        BREAKOUT,
        "1 < 2 & 3 > 2 failed logins",
        "A note with <pre>markup</pre> & an ampersand.",
    ):
        assert literal in seen
    links = [(p, e) for p in parsed for e in p.entities if e["type"] == "text_link"]
    assert [(e["url"], entity_text(p, e)) for p, e in links] == [
        ('http://orsk.example/story?a=1&b="><b>x</b>', "Orsk <Gazette> & Co")
    ]
    kinds = {e["type"] for p in parsed for e in p.entities}
    assert kinds <= {"bold", "italic", "blockquote", "text_link"}


def test_answers_and_removed_text_render_as_literal_text() -> None:
    _brief, article = hostile_brief()
    answer = Answer(
        answered=True,
        answer="It was <b>found</b> & **fixed**.",
        quotes=[SCRIPT, BREAKOUT],
        engine="test",
        notes=["<a href='http://evil.example'>more</a>"],
    )

    answered = [parse_html(part.html) for part in render_answer_parts(answer, MARKUP_TITLE)]
    removed = [parse_html(part.html) for part in render_removed_parts(article)]

    seen = "\n\n".join(p.text for p in answered)
    assert f"About: {MARKUP_TITLE}" in seen
    assert "It was <b>found</b> & **fixed**." in seen
    assert SCRIPT in seen
    assert BREAKOUT in seen
    assert "<a href='http://evil.example'>more</a>" in seen
    assert "<b>promo</b>: Subscribe & <i>save</i> `now` *today*" in removed[0].text
    entities = [e for p in [*answered, *removed] for e in p.entities]
    assert all(e["type"] in {"bold", "italic", "blockquote"} for e in entities)
