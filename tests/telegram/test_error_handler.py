"""The one global error handler: a bug is logged with its traceback, the user gets a true line."""

from __future__ import annotations

import logging

import pytest

from bot.telegram import messages
from tests.telegram.harness import CHAT, Harness
from tests.telegram.test_bot_flow import link_update


async def test_an_unexpected_error_is_logged_and_the_user_is_told(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    bot.engine.fail_with = RuntimeError("engine state corrupted: slot 7 of 3")
    with caplog.at_level(logging.ERROR, logger="bot.telegram.app"):
        await bot.send(link_update(bot, bot.pages.url("/story")))

    (record,) = [r for r in caplog.records if r.name == "bot.telegram.app"]
    logged = record.getMessage()
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: engine state corrupted: slot 7 of 3" in logged

    texts = bot.texts(CHAT)
    assert texts[-1] == messages.GENERIC_FAILURE
    assert "Something went wrong on my side" in texts[-1]
    for text in texts:
        assert "Traceback" not in text
        assert "slot 7" not in text
        assert "RuntimeError" not in text


async def test_the_bot_keeps_working_after_an_unexpected_error(bot: Harness) -> None:
    bot.engine.fail_with = RuntimeError("boom")
    await bot.send(link_update(bot, bot.pages.url("/story")))
    bot.engine.fail_with = None
    await bot.send(link_update(bot, bot.pages.url("/story")))
    assert "The Lakeside Harbor Board hid a diesel spill" in bot.texts()[-1]
