"""What a hostile page or a flooding user can do to the bot, seen from the chat."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.testing.pages import PageServer, Route
from bot.testing.telegram import TelegramStandIn
from bot.testing.telegram_html import utf16_length
from tests.telegram.harness import CHAT, STORY, Harness, close_harness, open_harness, story_page
from tests.telegram.test_bot_flow import link_update

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def links_update(harness: Harness, urls: list[str]) -> dict[str, object]:
    text = ""
    entities = []
    for url in urls:
        text += "see "
        entities.append({"type": "url", "offset": utf16_length(text), "length": utf16_length(url)})
        text += url + " "
    return harness.telegram.user_message(CHAT, text, entities=entities)


@pytest.mark.parametrize(
    "location", ["javascript:alert(1)", "data:text/html,x", "http:127.0.0.1:{port}/"]
)
async def test_a_bad_redirect_gets_its_reason_and_the_other_links_their_briefs(
    bot: Harness, pages: PageServer, location: str
) -> None:
    pages.routes["/trap"] = Route(
        status=302, headers={"Location": location.format(port=pages.port)}
    )
    await bot.send(links_update(bot, [pages.url("/trap"), pages.url("/story")]))
    texts = bot.texts()
    assert any("redirects to an address that cannot be fetched" in text for text in texts)
    assert not any("Fetching the article" in text for text in texts)
    assert any("The Lakeside Harbor Board hid a diesel spill" in text for text in texts)


async def test_pages_empty_after_cleaning_are_charged(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    pages.routes["/nothing"] = Route(
        body=b"<html><body><article><p>Subscribe now for unlimited access.</p>"
        b"<p>Sign up for our newsletter.</p></article></body></html>"
    )
    harness = await open_harness(
        telegram, pages, tmp_path / "db.sqlite3", BRIEFBOT_RATE_LIMIT_BRIEFS="2"
    )
    try:
        for _ in range(2):
            await harness.send(link_update(harness, pages.url("/nothing")))
            assert "couldn't find any article text" in harness.texts()[-1]
        await harness.send(link_update(harness, pages.url("/story")))
        assert "try again in about" in harness.texts()[-1]
        assert harness.engine.briefs == 0
    finally:
        await close_harness(harness)


async def test_an_unclosed_override_in_a_quote_cannot_reorder_the_brief(
    bot: Harness, pages: PageServer
) -> None:
    spoofed = STORY.replace("the mayor Anna Roth said", "the mayor \u202eAnna Roth said")
    pages.routes["/spoof"] = Route(body=story_page("Harbor spill \u2067row", spoofed))
    await bot.send(link_update(bot, pages.url("/spoof")))
    texts = bot.texts()
    assert any("Anna Roth said" in text for text in texts)
    for text in texts:
        assert not set(text) & set(BIDI_CONTROLS)


@pytest.mark.parametrize("invisible", ["\u202e", "\ufeff", "\u2800", "\u3164", "\u180e", "\u2066"])
async def test_pasted_text_with_nothing_visible_is_refused(bot: Harness, invisible: str) -> None:
    await bot.send(bot.telegram.user_message(CHAT, invisible * 400))
    assert bot.engine.briefs == 0
    assert "couldn't" in bot.texts()[-1]


async def test_a_flooding_user_is_told_once_per_window_and_otherwise_left_unanswered(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    harness = await open_harness(
        telegram, pages, tmp_path / "db.sqlite3", BRIEFBOT_RATE_LIMIT_BRIEFS="2"
    )
    try:
        for number in range(40):
            if number % 2:
                await harness.send(harness.telegram.user_message(CHAT, f"hello {number}"))
            else:
                await harness.send(link_update(harness, pages.url(f"/story/{number // 2}")))
        texts = harness.texts()
        assert sum("try again in about" in text for text in texts) == 1
        assert sum("paste the article's full text" in text for text in texts) == 1
        assert harness.engine.briefs == 2
        assert len(texts) == 4
    finally:
        await close_harness(harness)
