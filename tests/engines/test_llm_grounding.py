"""The LLM engine's briefs checked against the article: invented quotes and links to claims the
model never listed are dropped."""

from __future__ import annotations

from bot.grounding.checks import ground_brief
from bot.testing.openai_server import OpenAIStandIn, Reply
from tests.engines.llm_fakes import GOOD_BRIEF, EngineFactory, make_article


async def test_a_hallucinated_quote_is_dropped_with_the_denial_answering_it(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    invented = {
        "id": "c2",
        "text": "The plant manager admitted the leak.",
        "by": "plant manager",
        "quote": "We let the waste into the river and we are sorry",
    }
    denial = {
        "id": "d2",
        "text": "The company denies an admission.",
        "by": "Orrin Chemical",
        "quote": "Orrin Chemical denied any link.",
        "responds_to": "c2",
    }
    payload = {
        **GOOD_BRIEF,
        "claims": [*GOOD_BRIEF["claims"], invented],
        "denials": [*GOOD_BRIEF["denials"], denial],
    }
    server.enqueue(Reply.json(payload))
    engine, _fallback = make_engine()
    article = make_article()

    brief = ground_brief(await engine.brief(article), article)

    assert [claim.id for claim in brief.claims] == ["c1"]
    assert all("sorry" not in claim.quote for claim in brief.claims)
    assert [denial.responds_to for denial in brief.denials] == ["c1"]
    assert brief.grounding.dropped == 2  # the invented claim and the denial that answered it
    assert brief.grounding.checked == 6
    assert brief.grounding.verified == 4


async def test_a_denial_of_a_claim_the_model_never_listed_is_dropped(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    orphan = {
        "id": "d2",
        "text": "The company denies a link.",
        "by": "Orrin Chemical",
        "quote": "Orrin Chemical denied any link.",
        "responds_to": "c7",
    }
    evidence = {**GOOD_BRIEF["evidence"][0], "supports": ["c1", "c7"]}
    payload = {**GOOD_BRIEF, "denials": [*GOOD_BRIEF["denials"], orphan], "evidence": [evidence]}
    server.enqueue(Reply.json(payload))
    engine, _fallback = make_engine()
    article = make_article()

    brief = ground_brief(await engine.brief(article), article)

    assert [denial.id for denial in brief.denials] == ["d1"]
    assert brief.evidence[0].supports == ["c1"]
