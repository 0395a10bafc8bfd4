"""Questions answered by the LLM engine: from the best passages, the article's silence said
plainly, and the offline engine's answer when the model is unavailable."""

from __future__ import annotations

from bot.grounding.checks import ground_answer
from bot.models import Turn
from bot.testing.openai_server import OpenAIStandIn, Reply
from tests.engines.llm_fakes import PARAGRAPHS, EngineFactory, make_article, user_message


async def test_answers_come_from_the_best_passages(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    server.enqueue(
        Reply.json(
            {
                "answered": True,
                "answer": "The regional laboratory found iron at three times the legal limit.",
                "quotes": ["iron levels three times the legal limit", "invented words here"],
            }
        )
    )
    engine, _fallback = make_engine()
    article = make_article()
    history = [Turn(question="Who complains?", answer="Residents of Lindmoor.")]

    answer = ground_answer(
        await engine.answer(article, "What did the laboratory samples show?", history), article
    )

    assert answer.answered
    assert answer.engine == engine.name
    assert answer.quotes == ["iron levels three times the legal limit"]
    request = server.requests[0]
    assert request["response_format"]["json_schema"]["name"] == "answer"
    sent = user_message(request)
    assert PARAGRAPHS[3] in sent
    assert "Q: Who complains?" in sent
    assert "What did the laboratory samples show?" in sent


async def test_an_unanswered_question_says_the_article_does_not_say(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    server.enqueue(Reply.json({"answered": False, "answer": "No idea.", "quotes": []}))
    engine, _fallback = make_engine()

    answer = await engine.answer(make_article(), "Who owns Orrin Chemical?", [])

    assert not answer.answered
    assert answer.answer == "The article does not say."
    assert answer.quotes == []


async def test_an_unavailable_model_answers_through_the_fallback(
    server: OpenAIStandIn, make_engine: EngineFactory
) -> None:
    server.enqueue(*[Reply.failure(500)] * 2)
    engine, fallback = make_engine(llm_max_retries=1)

    answer = await engine.answer(make_article(), "Who owns Orrin Chemical?", [])

    assert fallback.answers == 1
    assert answer.engine == "offline"
    assert "this answer was made by the offline engine" in answer.notes[-1]
