"""A python-telegram-bot application wired to the Telegram stand-in, shut down after the test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.ext import Application

from bot.testing.telegram import TelegramStandIn


@pytest.fixture
async def app(telegram: TelegramStandIn) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    application = telegram.application_builder().build()
    await application.initialize()
    yield application
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()
