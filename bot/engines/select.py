"""Choose the engine from settings: the LLM engine when an endpoint is configured, else offline."""

from __future__ import annotations

from typing import Literal

from bot.config import Settings
from bot.engines.base import Engine
from bot.engines.offline import OfflineEngine

OFFLINE_RULES_VERSION = "1"


def build_engine(settings: Settings, choice: Literal["offline", "llm"] | None = None) -> Engine:
    offline = OfflineEngine()
    kind = choice or settings.resolved_engine
    if kind == "offline":
        return offline
    from bot.engines.llm import LLMEngine

    llm: Engine = LLMEngine(settings, fallback=offline)
    return llm


def engine_version(engine: Engine) -> str:
    """The part of the brief cache key that changes when rules or prompts change."""
    if isinstance(engine, OfflineEngine):
        return f"rules-{OFFLINE_RULES_VERSION}"
    from bot.engines.prompts import prompt_version

    return f"prompts-{prompt_version()}"


async def close_engine(engine: Engine) -> None:
    """Release what an engine holds open (the LLM client's connections); a no-op offline."""
    close = getattr(engine, "aclose", None)
    if close is not None:
        await close()
