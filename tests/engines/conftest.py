"""The LLM engine's fixtures: the OpenAI-compatible stand-in and engines built against it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.testing.openai_server import OpenAIStandIn
from tests.engines.llm_fakes import EngineFactory


@pytest.fixture
async def server() -> AsyncIterator[OpenAIStandIn]:
    async with OpenAIStandIn() as stand_in:
        yield stand_in


@pytest.fixture
async def make_engine(server: OpenAIStandIn) -> AsyncIterator[EngineFactory]:
    factory = EngineFactory(server)
    yield factory
    for engine in factory.engines:
        await engine.aclose()
