"""Choose the engine from settings: the LLM engine when an endpoint is configured, else offline."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from bot.config import Settings
from bot.engines.base import Engine
from bot.engines.offline.engine import OfflineEngine
from bot.errors import EngineError

NO_ENDPOINT = (
    "the llm engine needs an endpoint: set OPENAI_BASE_URL (or OPENAI_API_KEY for OpenAI), "
    "or use the offline engine"
)


def build_engine(settings: Settings, choice: Literal["offline", "llm"] | None = None) -> Engine:
    """The chosen engine; `EngineError` when the LLM engine is asked for without an endpoint.

    Without a key or base URL the SDK would only reach api.openai.com unauthenticated, retry, and
    every brief would quietly come from the fallback: better to say so once, at start-up.
    """
    offline = OfflineEngine()
    kind = choice or settings.resolved_engine
    if kind == "offline":
        return offline
    if not (settings.openai_api_key or settings.openai_base_url):
        raise EngineError(NO_ENDPOINT)
    from bot.engines.llm.engine import LLMEngine

    llm: Engine = LLMEngine(settings, fallback=offline)
    return llm


def engine_version(engine: Engine, prompt_directory: Path | None = None) -> str:
    """The part of the brief cache key that changes when rules or prompts change.

    `prompt_directory` is where the engine's prompts come from: the default folder unless given.
    """
    if prompt_directory is None or isinstance(engine, OfflineEngine):
        return engine.version
    from bot.engines.llm.prompts import prompt_version

    return f"prompts-{prompt_version(prompt_directory)}"


async def close_engine(engine: Engine) -> None:
    """Release what an engine holds open (the LLM client's connections); a no-op offline."""
    await engine.aclose()
