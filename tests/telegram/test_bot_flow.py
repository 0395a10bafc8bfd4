"""What a person in a chat sees: links and text in, briefs out, stored per chat."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from bot.telegram.app import COMMANDS
from bot.testing.pages import PageServer, Route
from bot.testing.telegram import TelegramStandIn
from tests.telegram.harness import (
    BRIDGE,
    CHAT,
    OTHER_CHAT,
    PAYWALL_NOTE,
    STORY,
    Harness,
    close_harness,
    open_harness,
    story_page,
)


def link_update(
    harness: Harness, url: str, chat: int = CHAT, prefix: str = "look: "
) -> dict[str, Any]:
    return harness.link(url, chat, prefix)


def buttons(harness: Harness, chat: int = CHAT) -> list[tuple[int, str, str]]:
    """(message id, label, callback data) of every inline button the chat can see."""
    found = []
    for message in harness.telegram.sent_messages(chat):
        markup = message.reply_markup or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if "callback_data" in button:
                    found.append((message.message_id, button["text"], button["callback_data"]))
    return found


async def press_on(harness: Harness, message_id: int, label: str, chat: int = CHAT) -> None:
    _, _, data = next(b for b in buttons(harness, chat) if b[0] == message_id and b[1] == label)
    await harness.send(harness.telegram.callback_query(chat, message_id, data))


async def press(harness: Harness, label: str, chat: int = CHAT, user_id: int | None = None) -> None:
    message_id, _, data = next(
        b for b in reversed(buttons(harness, chat)) if b[1].startswith(label)
    )
    await harness.send(harness.telegram.callback_query(chat, message_id, data, user_id=user_id))


async def test_start_and_help(bot: Harness) -> None:
    await bot.send(bot.telegram.command(CHAT, "/start"))
    await bot.send(bot.telegram.command(CHAT, "/help"))
    start, help_text = bot.texts()
    assert "Send me a link" in start
    assert "/history" in help_text
    assert "/forget" in help_text
    assert "3 per message" in help_text


async def test_link_gets_a_brief_with_progress(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/story")))

    (brief,) = [m for m in bot.telegram.sent_messages(CHAT) if not m.deleted]
    assert "Claim ·" in brief.visible_text
    assert "The Lakeside Harbor Board hid a diesel spill" in brief.visible_text
    assert "Nothing was hidden from anyone" in brief.visible_text
    assert brief.visible_text.startswith("Harbor board accused of hiding spill")
    # The status message went through the stages and was deleted; the brief is a new message,
    # so the notification shows its title.
    (status,) = [m for m in bot.telegram.sent_messages(CHAT) if m.deleted]
    assert any("Fetching" in text for text in [*status.previous_texts, status.visible_text])
    assert brief.previous_texts == []
    assert brief.message_id > status.message_id
    assert bot.telegram.calls_to("sendChatAction")
    labels = {label for _, label, _ in buttons(bot)}
    assert {"Ask about this", "Claims (1)", "Denials (1)", "Refresh"} <= labels


async def test_same_link_again_gets_a_short_reply_and_refresh_keeps_one_entry(
    bot: Harness,
) -> None:
    url = bot.pages.url("/story")
    await bot.send(link_update(bot, url))
    await bot.send(link_update(bot, url))
    assert bot.engine.briefs == 1
    last = bot.telegram.sent_messages(CHAT)[-1]
    assert re.fullmatch(
        r"Briefed on \d+ \w{3}, \d\d:\d\d: Harbor board accused of hiding spill",
        last.visible_text,
    )
    assert {b[1] for b in buttons(bot) if b[0] == last.message_id} == {"Open", "Refresh"}

    brief = bot.telegram.sent_messages(CHAT)[-2]
    await press_on(bot, brief.message_id, "Refresh")
    assert bot.engine.briefs == 2
    # The fake engine writes the same items again: said in a reply, never a refused edit.
    assert bot.texts()[-1].startswith("Nothing changed")
    assert all(call.error is None for call in bot.telegram.calls_to("editMessageText"))
    history = await bot.store.chat_history(CHAT, limit=10)
    assert len(history) == 1

    await press_on(bot, last.message_id, "Open")
    opened = bot.telegram.sent_messages(CHAT)[-2]
    assert opened.message_id == last.message_id
    assert "Claim ·" in opened.visible_text
    await bot.send(bot.telegram.command(CHAT, "/briefing"))
    briefing = bot.telegram.sent_messages(CHAT)[-1]
    assert briefing.visible_text.startswith("Your briefing\n1 story ")
    assert len(briefing.reply_markup["inline_keyboard"]) == 1


async def test_refresh_edits_the_brief_in_place_when_it_changed(bot: Harness) -> None:
    url = bot.pages.url("/story")
    await bot.send(link_update(bot, url))
    brief = bot.telegram.sent_messages(CHAT)[-1]
    bot.pages.routes["/story"] = Route(body=story_page("Harbor spill: new findings", BRIDGE))
    await press_on(bot, brief.message_id, "Refresh")
    edited = bot.telegram.sent_messages(CHAT)[-1]
    assert edited.message_id == brief.message_id
    assert "Refreshed" in edited.visible_text
    assert "Vellmoor" in edited.visible_text
    await bot.send(bot.telegram.command(CHAT, "/history"))
    assert bot.texts()[-1].count("\n") == 1  # the heading and one story
    await bot.send(bot.telegram.command(CHAT, "/ask who disputed the date?"))
    assert not any(b[2].startswith("ask:") and b[1] != "Ask about this" for b in buttons(bot))


async def test_at_most_three_links_per_message(bot: Harness) -> None:
    urls = [bot.pages.url(f"/story/{n}") for n in range(5)]
    text = " ".join(urls)
    entities = []
    offset = 0
    for url in urls:
        entities.append({"type": "url", "offset": offset, "length": len(url)})
        offset += len(url) + 1
    await bot.send(bot.telegram.user_message(CHAT, text, entities=entities))
    texts = bot.texts()
    assert sum("Claim ·" in t for t in texts) == 3
    assert "skip 2 links" in texts[0]
    assert urls[3] in texts[0]
    assert urls[4] in texts[0]
    assert urls[0] not in texts[0]


async def test_text_link_entity_is_followed(bot: Harness) -> None:
    text = "read this story please"
    entity = {"type": "text_link", "offset": 5, "length": 4, "url": bot.pages.url("/story")}
    await bot.send(bot.telegram.user_message(CHAT, text, entities=[entity]))
    assert "Claim ·" in bot.texts()[-1]


async def test_pasted_text_is_briefed_and_short_text_gets_a_hint(bot: Harness) -> None:
    await bot.send(bot.telegram.user_message(CHAT, STORY))
    assert "The Lakeside Harbor Board hid a diesel spill" in bot.texts()[-1]
    await bot.send(bot.telegram.user_message(CHAT, "hello there"))
    assert "paste the article's full text" in bot.texts()[-1]


async def test_bad_links_get_a_clear_message(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/missing")))
    assert "404" in bot.texts()[-1]
    await bot.send(link_update(bot, bot.pages.url("/image")))
    assert "image/png" in bot.texts()[-1]
    await bot.send(bot.telegram.command(CHAT, "/brief"))
    assert "followed by a link" in bot.texts()[-1]
    assert bot.engine.briefs == 0


async def test_brief_command_with_a_link(bot: Harness) -> None:
    url = bot.pages.url("/story")
    update = bot.telegram.user_message(
        CHAT,
        f"/brief {url}",
        entities=[
            {"type": "bot_command", "offset": 0, "length": 6},
            {"type": "url", "offset": 7, "length": len(url)},
        ],
    )
    await bot.send(update)
    assert "Claim ·" in bot.texts()[-1]


async def test_reply_to_a_brief_answers_from_the_article(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/story")))
    brief = bot.telegram.sent_messages(CHAT)[-1]
    await bot.send(
        bot.telegram.user_message(CHAT, "Who denied it?", reply_to_message_id=brief.message_id)
    )
    assert bot.engine.questions == ["Who denied it?"]
    assert "Nothing was hidden from anyone" in bot.texts()[-1]

    answer = bot.telegram.sent_messages(CHAT)[-1]
    await bot.send(
        bot.telegram.user_message(
            CHAT, "What was the weather?", reply_to_message_id=answer.message_id
        )
    )
    assert "does not say" in bot.texts()[-1]
    turns = await bot.store.turns(CHAT, int(buttons(bot)[0][2].split(":")[1]))
    assert [t.question for t in turns] == ["Who denied it?", "What was the weather?"]


async def test_ask_command(bot: Harness) -> None:
    await bot.send(bot.telegram.command(CHAT, "/ask who said it?"))
    assert "no story in this chat" in bot.texts()[-1]
    await bot.send(link_update(bot, bot.pages.url("/story")))
    await bot.send(bot.telegram.command(CHAT, "/ask"))
    assert "Write your question" in bot.texts()[-1]
    await bot.send(bot.telegram.command(CHAT, "/ask who denied the spill?"))
    assert bot.engine.questions == ["who denied the spill?"]
    assert "Nothing was hidden" in bot.texts()[-1]


async def test_ask_button_prompts_for_a_question(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/story")))
    await press(bot, "Ask about this")
    prompt = bot.telegram.sent_messages(CHAT)[-1]
    assert "Reply to this message with your question" in prompt.visible_text
    await bot.send(
        bot.telegram.user_message(CHAT, "Who found diesel?", reply_to_message_id=prompt.message_id)
    )
    assert bot.engine.questions == ["Who found diesel?"]


async def test_history_show_and_forget(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/story")))
    await bot.send(bot.telegram.command(CHAT, "/history"))
    assert "Harbor board accused of hiding spill" in bot.texts()[-1]
    await press(bot, "1.")
    assert "Claim ·" in bot.texts()[-1]

    await bot.send(bot.telegram.command(CHAT, "/forget"))
    await press(bot, "Yes, delete")
    assert "deleted" in bot.texts()[-1]
    await bot.send(bot.telegram.command(CHAT, "/history"))
    assert "No briefs in this chat yet" in bot.texts()[-1]


async def test_forget_can_be_cancelled(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/story")))
    await bot.send(bot.telegram.command(CHAT, "/forget"))
    await press(bot, "Cancel")
    assert "Nothing was deleted" in bot.texts()[-1]
    assert await bot.store.chat_history(CHAT, limit=5)


async def test_another_chat_cannot_reach_a_brief(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/story")))
    _, _, data = buttons(bot)[0]
    brief_id = data.split(":")[1]
    await bot.send(bot.telegram.command(OTHER_CHAT, "/start"))
    own = bot.telegram.sent_messages(OTHER_CHAT)[-1]
    for forged in (f"show:{brief_id}", f"refresh:{brief_id}", f"ask:{brief_id}"):
        await bot.send(bot.telegram.callback_query(OTHER_CHAT, own.message_id, forged))
    alerts = [call.params.get("text") for call in bot.telegram.calls_to("answerCallbackQuery")]
    assert alerts == ["I can't find that brief in this chat."] * 3
    await bot.send(bot.telegram.command(OTHER_CHAT, "/history"))
    assert "No briefs in this chat yet" in bot.texts(OTHER_CHAT)[-1]
    await bot.send(bot.telegram.command(OTHER_CHAT, "/ask who denied it?"))
    assert "no story in this chat" in bot.texts(OTHER_CHAT)[-1]
    assert bot.engine.questions == []
    assert all("Lakeside" not in text for text in bot.texts(OTHER_CHAT))


async def test_show_removed_text_shows_what_cleaning_dropped_escaped(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/with-ads")))
    assert PAYWALL_NOTE not in bot.texts()[-1]
    await press(bot, "Removed text (2)")
    shown = bot.telegram.sent_messages(CHAT)[-1]
    assert "Cleaning removed 2 paragraph(s): title 1, paywall 1." in shown.visible_text
    assert f"paywall: {PAYWALL_NOTE}" in shown.visible_text
    assert shown.parse_mode == "HTML"
    assert "unlimited access &amp; &lt;save&gt;" in shown.text


async def test_removed_text_is_refused_to_another_chat(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/with-ads")))
    _, _, data = next(b for b in buttons(bot) if b[2].startswith("removed:"))
    await bot.send(bot.telegram.command(OTHER_CHAT, "/start"))
    own = bot.telegram.sent_messages(OTHER_CHAT)[-1]
    await bot.send(bot.telegram.callback_query(OTHER_CHAT, own.message_id, data))
    (alert,) = bot.telegram.calls_to("answerCallbackQuery")
    assert alert.params.get("text") == "I can't find that brief in this chat."
    assert all("Subscribe now" not in text for text in bot.texts(OTHER_CHAT))
    assert len(bot.texts(OTHER_CHAT)) == 1


async def test_malformed_callback_data_is_refused(bot: Harness) -> None:
    await bot.send(bot.telegram.command(CHAT, "/start"))
    own = bot.telegram.sent_messages(CHAT)[-1]
    for data in ("show:abc", "show:1;drop", "forget:maybe", "x" * 64, "show:-1"):
        await bot.send(bot.telegram.callback_query(CHAT, own.message_id, data))
    alerts = [call.params.get("text") for call in bot.telegram.calls_to("answerCallbackQuery")]
    assert alerts == ["That button is no longer valid."] * 5


async def test_unknown_command(bot: Harness) -> None:
    await bot.send(bot.telegram.command(CHAT, "/nonsense"))
    assert "don't know that command" in bot.texts()[-1]


async def test_allow_list_refuses_strangers(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    harness = await open_harness(
        telegram, pages, tmp_path / "db.sqlite3", BRIEFBOT_ALLOWED_USER_IDS="1,2"
    )
    try:
        await harness.send(link_update(harness, pages.url("/story")))
        assert harness.texts() == ["Sorry, this bot is private."]
        assert harness.engine.briefs == 0
    finally:
        await close_harness(harness)


async def test_rate_limit_is_friendly(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    harness = await open_harness(
        telegram, pages, tmp_path / "db.sqlite3", BRIEFBOT_RATE_LIMIT_BRIEFS="1"
    )
    try:
        await harness.send(link_update(harness, pages.url("/story")))
        await harness.send(link_update(harness, pages.url("/story/1")))
        assert harness.engine.briefs == 1
        assert "minute" in harness.texts()[-1] or "second" in harness.texts()[-1]
    finally:
        await close_harness(harness)


async def test_briefs_survive_a_restart(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "kept.sqlite3"
    first = await open_harness(telegram, pages, db)
    try:
        await first.send(link_update(first, pages.url("/story")))
    finally:
        await close_harness(first)
    second = await open_harness(telegram, pages, db)
    try:
        await second.send(link_update(second, pages.url("/story")))
        assert second.engine.briefs == 0
        assert "Briefed on" in second.texts()[-1]
    finally:
        await close_harness(second)


async def test_commands_are_registered_at_start(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    harness = await open_harness(telegram, pages, tmp_path / "db.sqlite3")
    try:
        assert harness.app.post_init is not None
        await harness.app.post_init(harness.app)
        (call,) = telegram.calls_to("setMyCommands")
        names = [c["command"] for c in call.params["commands"]]
        assert names == [c.command for c in COMMANDS]
    finally:
        await close_harness(harness)


async def test_a_reply_to_a_brief_whose_delivery_was_not_recorded_is_answered(
    bot: Harness,
) -> None:
    """A stop between sending a brief and recording it: the brief's own buttons still lead."""
    await bot.send(link_update(bot, bot.pages.url("/story")))
    brief = next(m for m in reversed(bot.telegram.sent_messages(CHAT)) if not m.deleted)
    with sqlite3.connect(bot.app.bot_data.settings.db) as db:  # the delivery, not the brief
        db.execute("DELETE FROM chat_messages WHERE message_id = ?", (brief.message_id,))
    assert await bot.store.brief_for_message(CHAT, brief.message_id) is None
    await bot.send(
        bot.telegram.user_message(CHAT, "Who denied it?", reply_to_message_id=brief.message_id)
    )
    assert bot.engine.questions == ["Who denied it?"]
    assert await bot.store.brief_for_message(CHAT, brief.message_id) is not None


async def test_a_persons_own_message_cannot_name_a_brief(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/story")))
    question = bot.telegram.user_message(CHAT, "ask:1 is what I typed here, as a test")
    await bot.send(question)
    await bot.send(
        bot.telegram.user_message(
            CHAT, "Who denied it?", reply_to_message_id=question["message"]["message_id"]
        )
    )
    assert bot.engine.questions == []
