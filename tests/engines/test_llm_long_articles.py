"""A long article read by the LLM engine in parts, and the parts' briefs merged into one."""

from __future__ import annotations

from bot.engines.llm.chunking import split_into_chunks
from bot.grounding.checks import ground_brief
from bot.testing.openai_server import OpenAIStandIn, Reply
from tests.engines.llm_fakes import EngineFactory, make_article, user_message

LONG_PARAGRAPHS = [
    f"Council session {number}: members of the Lindmoor water committee read out letters from "
    f"households on street {number}, most of them describing discoloured water, a metallic smell "
    f"and repeated calls to the utility's help line that went unanswered for days."
    for number in range(1, 13)
]
LONG_PARAGRAPHS[1] = (
    "Councillor Edda Brun said the utility had ignored warnings: “We told them in January that "
    "the filters at the Sorrel pumping station were failing, and nobody came.”"
)
LONG_PARAGRAPHS[2] = (
    "The utility's director, Jonas Peel, rejected that account. “No warning about the Sorrel "
    "filters ever reached my office,” he told the committee."
)
LONG_PARAGRAPHS[9] = (
    "Maintenance logs released by the utility show the Sorrel filters were last replaced in 2019, "
    "two years later than the manufacturer recommends."
)


async def test_a_long_article_is_read_in_parts_and_merged(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    article = make_article(LONG_PARAGRAPHS, title="Lindmoor council hears complaints")
    chunks = split_into_chunks(article.paragraphs, 500)
    assert len(chunks) >= 2
    assert LONG_PARAGRAPHS[1] in chunks[0]
    assert LONG_PARAGRAPHS[9] in chunks[-1]
    warning = "the filters at the Sorrel pumping station were failing"
    first = {
        "summary": "Residents complain about water; a councillor blames the utility.",
        "bottom_line": None,
        "actors": ["Edda Brun", "Jonas Peel"],
        "claims": [
            {"id": "c1", "text": "Households report discoloured water.", "by": None,
             "quote": "most of them describing discoloured water"},
            {"id": "c2", "text": "The utility ignored warnings about the filters.",
             "by": "Edda Brun", "quote": warning},
        ],
        "denials": [
            {"id": "d1", "text": "The director says no warning reached him.", "by": "Jonas Peel",
             "quote": "No warning about the Sorrel filters ever reached my office",
             "responds_to": "c2"},
        ],
        "evidence": [], "unverified": [],
    }  # fmt: skip
    last = {
        "summary": "Logs show late filter replacement.",
        "bottom_line": "The filters were overdue for replacement.",
        "actors": ["Jonas Peel", "Lindmoor utility"],
        "claims": [
            {"id": "c3", "text": "The filters were failing.", "by": "Edda Brun", "quote": warning},
            {"id": "c4", "text": "Help line calls went unanswered.", "by": None,
             "quote": "repeated calls to the utility's help line that went unanswered for days"},
        ],
        "denials": [],
        "evidence": [
            {"id": "e1", "text": "Filters were last replaced in 2019.", "by": "the utility",
             "quote": "the Sorrel filters were last replaced in 2019", "supports": ["c2", "c3"],
             "undercuts": []},
        ],
        "unverified": [],
    }  # fmt: skip
    empty = {**last, "claims": [], "evidence": [], "bottom_line": None, "actors": []}
    server.enqueue(Reply.json(first), *[Reply.json(empty)] * (len(chunks) - 2), Reply.json(last))
    engine, fallback = make_engine(llm_token_budget=500)

    brief = ground_brief(await engine.brief(article), article)

    assert fallback.briefs == 0
    assert len(server.requests) == len(chunks)
    assert [claim.id for claim in brief.claims] == ["c1", "c2", "c3"]
    assert [claim.text for claim in brief.claims][2] == "Help line calls went unanswered."
    assert brief.claims[1].quote == warning
    assert brief.denials[0].responds_to == "c2"
    assert [item.id for item in brief.evidence] == ["e1"]
    assert brief.evidence[0].supports == ["c2"]
    assert brief.summary == first["summary"]
    assert brief.bottom_line == last["bottom_line"]
    assert brief.actors == ["Edda Brun", "Jonas Peel", "Lindmoor utility"]
    assert brief.grounding.dropped == 0
    later = user_message(server.requests[-1])
    assert f"part {len(chunks)} of {len(chunks)}" in later
    assert "c2: The utility ignored warnings about the filters." in later
    for request, chunk in zip(server.requests, chunks, strict=True):
        sent = user_message(request)
        assert all(paragraph in sent for paragraph in chunk)
        assert len(sent) < 4 * 500 + 2000
