"""The LLM engine's structured output, through the real `openai` client against the stand-in:
the strict schema asked for, JSON mode where it is refused, one repair of an unusable reply."""

from __future__ import annotations

from typing import Any

import pytest

from bot.engines.llm.prompts import prompt_version
from bot.engines.llm.schema import LLMAnswer, LLMBrief, strict_json_schema
from bot.grounding.checks import ground_brief
from bot.testing.openai_server import MODEL, OpenAIStandIn, Reply
from tests.engines.llm_fakes import GOOD_BRIEF, EngineFactory, make_article


async def test_structured_output_is_requested_and_accepted(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    server.enqueue(Reply.json(GOOD_BRIEF))
    engine, fallback = make_engine()
    article = make_article()

    brief = ground_brief(await engine.brief(article), article)

    assert brief.engine == engine.name == f"llm:{MODEL}"
    assert brief.prompt_version == prompt_version()
    assert brief.title == "Lindmoor water"
    assert [claim.id for claim in brief.claims] == ["c1"]
    assert brief.claims[0].quote == (
        "“Our children have had rashes for six weeks, and the company knew,”"
    )
    assert brief.denials[0].responds_to == "c1"
    assert brief.evidence[0].supports == ["c1"]
    assert (brief.grounding.checked, brief.grounding.verified, brief.grounding.dropped) == (4, 4, 0)
    assert fallback.briefs == 0
    request = server.requests[0]
    assert request["model"] == MODEL
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["strict"] is True
    assert request["response_format"]["json_schema"]["schema"] == strict_json_schema(LLMBrief)


@pytest.mark.parametrize("model", [LLMBrief, LLMAnswer])
def test_the_response_schema_is_what_strict_mode_accepts(model: type[LLMBrief]) -> None:
    def check(node: Any) -> None:
        if isinstance(node, dict):
            assert "default" not in node
            if node.get("type") == "object":
                assert node["additionalProperties"] is False
                assert sorted(node["required"]) == sorted(node["properties"])
            for value in node.values():
                check(value)
        elif isinstance(node, list):
            for value in node:
                check(value)

    schema = strict_json_schema(model)
    assert schema["type"] == "object"
    check(schema)


async def test_a_server_without_json_schema_gets_json_mode(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    server.reject_json_schema = True
    server.enqueue(Reply.json(GOOD_BRIEF), Reply.json(GOOD_BRIEF))
    engine, fallback = make_engine()

    first = await engine.brief(make_article())
    second = await engine.brief(make_article())

    assert first.engine == second.engine == engine.name
    assert len(first.claims) == 1
    formats = [request["response_format"]["type"] for request in server.requests]
    assert formats == ["json_schema", "json_object", "json_object"]
    assert fallback.briefs == 0


@pytest.mark.parametrize(
    ("first_reply", "expected_error"),
    [
        (Reply.text("Sure! Here is the brief: {summary: 'water'"), "not valid JSON"),
        (
            Reply.json({**GOOD_BRIEF, "claims": [{"id": "c1", "text": "No quote.", "by": None}]}),
            "claims.0.quote: Field required",
        ),
    ],
)
async def test_an_unusable_reply_gets_one_repair_request(
    server: OpenAIStandIn, make_engine: EngineFactory, first_reply: Reply, expected_error: str
) -> None:
    server.enqueue(first_reply, Reply.json(GOOD_BRIEF))
    engine, fallback = make_engine()

    brief = await engine.brief(make_article())

    assert brief.engine == engine.name
    assert fallback.briefs == 0
    assert len(server.requests) == 2
    repair = server.requests[1]["messages"]
    assert repair[-2] == {"role": "assistant", "content": first_reply.content}
    assert repair[-1]["role"] == "user"
    assert expected_error in repair[-1]["content"]
    assert repair[: len(server.requests[0]["messages"])] == server.requests[0]["messages"]


async def test_two_unusable_replies_fall_back_with_a_note(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    server.enqueue(Reply.text("I cannot do that."), Reply.text("Still not JSON."))
    engine, fallback = make_engine()

    brief = await engine.brief(make_article())

    assert brief.engine == "offline"
    assert fallback.briefs == 1
    assert len(server.requests) == 2
    assert brief.notes[-1].startswith("The language model's reply could not be used")
    assert brief.notes[-1].endswith("this brief was made by the offline engine.")
