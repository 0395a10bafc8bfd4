"""The typed callback context: handlers reach the services through `context.bot_data`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import CallbackContext, ExtBot

from bot.config import Settings
from bot.service import BriefService
from bot.telegram.delivery import Sleep
from bot.telegram.limits import UserLimiter
from bot.telegram.loop_monitor import LoopLagMonitor
from bot.telegram.sending import BriefingSender


@dataclass
class BotServices:
    settings: Settings
    briefs: BriefService
    limiter: UserLimiter
    sender: BriefingSender = field(default_factory=BriefingSender)
    flood_sleep: Sleep = asyncio.sleep
    """How replies wait out Telegram's flood control (scheduled briefings: `sender`)."""


class BotData:
    """PTB builds this with no arguments; the application builder fills it in."""

    def __init__(self) -> None:
        self.services_: BotServices | None = None
        self.settings_: Settings | None = None
        self.owns_services = False
        self.loop_monitor: LoopLagMonitor | None = None

    @property
    def services(self) -> BotServices:
        if self.services_ is None:
            raise RuntimeError("the application was started without services")
        return self.services_

    @property
    def settings(self) -> Settings:
        if self.settings_ is None:
            raise RuntimeError("the application was built without settings")
        return self.settings_


BotContext = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
