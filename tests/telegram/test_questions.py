"""Questions about stories: /ask across several stories, and earlier turns as context."""

from __future__ import annotations

from pathlib import Path

from bot.testing.pages import PageServer
from bot.testing.telegram import TelegramStandIn
from tests.telegram.harness import CHAT, OTHER_CHAT, Harness, close_harness, open_harness
from tests.telegram.test_bot_flow import buttons, link_update, press

QUESTION = "what happens next?"
"""Matches neither story better than the other, so the picker shows."""


async def test_ask_pick_button_answers_the_same_question_about_that_story_after_a_restart(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "ask.sqlite3"
    first = await open_harness(telegram, pages, db)
    try:
        await first.send(link_update(first, pages.url("/bridge")))
        await first.send(link_update(first, pages.url("/story")))
        await first.send(first.telegram.command(CHAT, f"/ask {QUESTION}"))
        about_latest, picker = first.texts()[-2:]
        assert "About: Harbor board accused of hiding spill" in about_latest
        assert "Nothing was hidden from anyone" in about_latest
        assert "Another story matches that question too" in picker
        assert "To ask the same question about another, pick it" in picker
        labels = [label for _, label, data in buttons(first) if data.startswith("ask:")]
        assert labels[-1] == "Vellmoor bridge to reopen in May"
    finally:
        await close_harness(first)

    # The question waits in the store, not in the process that showed the buttons.
    second = await open_harness(telegram, pages, db)
    try:
        await press(second, "Vellmoor bridge")
        assert second.engine.questions == [QUESTION]
        answer = second.texts()[-1]
        assert "About: Vellmoor bridge to reopen in May" in answer
        assert "The steel will not arrive before June" in answer
        assert "Nothing was hidden" not in answer
        # A reply to that answer continues the bridge story.
        reply_to = second.telegram.sent_messages(CHAT)[-1].message_id
        await second.send(
            second.telegram.user_message(CHAT, "and the budget?", reply_to_message_id=reply_to)
        )
        assert [t.question for t in second.engine.histories[-1]] == [QUESTION]
        assert "The steel will not arrive before June" in second.texts()[-1]
    finally:
        await close_harness(second)


async def test_ask_answers_about_the_story_the_question_matches(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/bridge")))
    await bot.send(link_update(bot, bot.pages.url("/story")))
    await bot.send(bot.telegram.command(CHAT, "/ask what did the contractor say about the steel?"))
    answer = bot.texts()[-1]
    assert "About: Vellmoor bridge to reopen in May" in answer
    assert "The steel will not arrive before June" in answer
    assert not [b for b in buttons(bot) if b[2].startswith("ask:") and b[2].count(":") == 2]


async def test_a_pick_button_cannot_borrow_another_chats_question(bot: Harness) -> None:
    await bot.send(link_update(bot, bot.pages.url("/bridge")))
    await bot.send(link_update(bot, bot.pages.url("/story")))
    await bot.send(bot.telegram.command(CHAT, "/ask what happens in private?"))
    _, _, data = next(b for b in buttons(bot) if b[2].startswith("ask:") and b[2].count(":") == 2)
    turn_id = data.split(":")[2]

    await bot.send(link_update(bot, bot.pages.url("/bridge"), OTHER_CHAT))
    other_brief = next(b for b in buttons(bot, OTHER_CHAT) if b[2].startswith("ask:"))
    forged = f"ask:{other_brief[2].split(':')[1]}:{turn_id}"
    await bot.send(bot.telegram.callback_query(OTHER_CHAT, other_brief[0], forged))

    assert "Reply to this message with your question" in bot.texts(OTHER_CHAT)[-1]
    assert bot.engine.questions == ["what happens in private?"]
    assert all("happens in private" not in text for text in bot.texts(OTHER_CHAT))


async def test_earlier_turns_reach_the_engine_after_a_restart(
    telegram: TelegramStandIn, pages: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "turns.sqlite3"
    first = await open_harness(telegram, pages, db)
    try:
        await first.send(link_update(first, pages.url("/story")))
        brief = first.telegram.sent_messages(CHAT)[-1]
        await first.send(
            first.telegram.user_message(
                CHAT, "Who denied it?", reply_to_message_id=brief.message_id
            )
        )
        assert first.engine.histories == [[]]
    finally:
        await close_harness(first)

    second = await open_harness(telegram, pages, db)
    try:
        answer = second.telegram.sent_messages(CHAT)[-1]
        await second.send(
            second.telegram.user_message(
                CHAT, "When did the board know?", reply_to_message_id=answer.message_id
            )
        )
        (history,) = second.engine.histories
        (turn,) = history
        assert turn.question == "Who denied it?"
        assert "Nothing was hidden from anyone" in turn.answer
    finally:
        await close_harness(second)


async def test_a_reply_question_reads_its_brief_from_the_store_once(bot: Harness) -> None:
    """The brief the reply points at is the one answered about and titled: not read again."""
    await bot.send(link_update(bot, bot.pages.url("/bridge")))
    brief_message = bot.telegram.sent_messages(CHAT)[-1].message_id
    db = bot.store._db
    assert db is not None
    traced: list[str] = []
    await db.set_trace_callback(traced.append)
    await bot.send(
        bot.telegram.user_message(CHAT, "when does it reopen?", reply_to_message_id=brief_message)
    )
    await db.set_trace_callback(None)
    assert "About: Vellmoor bridge to reopen in May" in bot.texts()[-1]
    article_reads = [sql for sql in traced if sql.lstrip().startswith("SELECT") and "a.data" in sql]
    assert len(article_reads) == 1
