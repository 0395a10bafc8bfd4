"""The LLM engine's retries: Retry-After honoured, server errors and timeouts retried until the
retries run out, a refused key not retried, and the offline engine's brief with a note."""

from __future__ import annotations

from bot.testing.openai_server import OpenAIStandIn, Reply
from tests.engines.llm_fakes import GOOD_BRIEF, EngineFactory, make_article
from tests.fake_sleep import RecordingSleep


async def test_429_waits_for_retry_after_then_succeeds(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    server.enqueue(Reply.failure(429, "slow down", retry_after="7"), Reply.json(GOOD_BRIEF))
    sleep = RecordingSleep()
    engine, fallback = make_engine(sleep)

    brief = await engine.brief(make_article())

    assert brief.engine == engine.name
    assert sleep.delays == [7.0]
    assert len(server.requests) == 2
    assert fallback.briefs == 0


async def test_server_errors_until_retries_run_out_fall_back(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    server.enqueue(*[Reply.failure(503, "overloaded")] * 3)
    sleep = RecordingSleep()
    engine, fallback = make_engine(sleep, llm_max_retries=2)

    brief = await engine.brief(make_article())

    assert brief.engine == "offline"
    assert fallback.briefs == 1
    assert brief.notes == [
        "The language model was unavailable (HTTP 503 after 2 retries); "
        "this brief was made by the offline engine."
    ]
    assert sleep.delays == [1.0, 2.0]
    assert len(server.requests) == 3


async def test_a_refused_key_falls_back_without_retrying(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    server.enqueue(Reply.failure(401, "bad key"))
    sleep = RecordingSleep()
    engine, _fallback = make_engine(sleep)

    brief = await engine.brief(make_article())

    assert brief.engine == "offline"
    assert "(HTTP 401)" in brief.notes[-1]
    assert sleep.delays == []
    assert len(server.requests) == 1


async def test_a_timeout_is_retried(server: OpenAIStandIn, make_engine: EngineFactory) -> None:
    server.enqueue(Reply.json(GOOD_BRIEF).after(3.0), Reply.json(GOOD_BRIEF))
    sleep = RecordingSleep()
    engine, fallback = make_engine(sleep, llm_timeout=0.3, llm_max_retries=1)

    brief = await engine.brief(make_article())

    assert brief.engine == engine.name
    assert len(server.requests) == 2
    assert sleep.delays == [1.0]
    assert fallback.briefs == 0


async def test_timeouts_until_retries_run_out_fall_back(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    server.enqueue(*[Reply.json(GOOD_BRIEF).after(3.0)] * 2)
    # Every reply comes too late, so the timeout is all each call waits: keep it short.
    engine, _fallback = make_engine(llm_timeout=0.15, llm_max_retries=1)

    brief = await engine.brief(make_article())

    assert brief.engine == "offline"
    assert "(a timeout after 1 retry)" in brief.notes[-1]
