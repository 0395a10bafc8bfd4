"""The language-model engine: briefs and answers from any OpenAI-compatible endpoint.

The article goes to the model as delimited data (`<article id=...>`), never as instructions.
Articles over the token budget are read in paragraph-aligned parts, one request each, in order,
so later parts can link denials and evidence to claims found earlier; the parts' briefs are
merged without duplicates. When the endpoint keeps failing or its replies stay unusable, the
fallback engine writes the brief and a note says why. Grounding is not done here: the service
grounds every engine's output the same way. What only this engine can check is done here: prose
that repeats its prompts (an article asking the model to print them) is left out.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import openai

from bot.config import Settings
from bot.engines.base import Engine
from bot.engines.llm.chat import StructuredChat
from bot.engines.llm.chunking import BriefMerger, split_into_chunks
from bot.engines.llm.prompt_echo import ECHO_NOTE, PromptEcho, brief_without_echo
from bot.engines.llm.prompts import Prompt, load_prompt, prompt_version
from bot.engines.llm.schema import LLMAnswer, LLMBrief
from bot.errors import ModelOutputError, ModelUnavailableError
from bot.models import Answer, Article, Brief, Turn
from bot.qa.retrieval import top_passages
from bot.tls import default_ssl_context

NOT_SAID = "The article does not say."
_HISTORY_TURNS = 3
_TAG_RE = re.compile(r"<(/?\s*article)", re.IGNORECASE)


def brief_messages(
    prompt: Prompt,
    article: Article,
    chunk: Sequence[str],
    number: int,
    total: int,
    known_claims: str,
) -> list[dict[str, str]]:
    """The chat messages that ask for the brief of one part of an article."""
    if total == 1:
        part = "This is the whole article."
    else:
        part = f"This is part {number} of {total} of the article; brief only what this part says."
    return prompt.messages(
        article_id=_article_id(article),
        title=article.title or "(no title)",
        part=part,
        known_claims=known_claims,
        article=as_article_data("\n\n".join(chunk)),
    )


class LLMEngine:
    """Implements `Engine` with chat completions and structured output."""

    def __init__(
        self,
        settings: Settings,
        fallback: Engine,
        *,
        client: openai.AsyncOpenAI | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        prompt_directory: Path | None = None,
    ) -> None:
        self._prompt_directory = prompt_directory
        for prompt in ("brief", "answer", "repair"):
            load_prompt(prompt)  # a broken prompt file fails at start-up, not mid-chat
        self._owns_client = client is None
        if client is None:
            key = settings.openai_api_key
            client = openai.AsyncOpenAI(
                base_url=settings.openai_base_url,
                # Local servers (Ollama, vLLM, llama.cpp) need no key, but the SDK wants one.
                api_key=key.get_secret_value() if key else "no-key",
                timeout=settings.llm_timeout,
                max_retries=0,
                # The SDK's aiohttp transport: a third of the CPU per call of its httpx default,
                # which under load is the bot's own cost beside the model's.
                http_client=openai.DefaultAioHttpClient(verify=default_ssl_context()),
            )
        self._client = client
        self._model = settings.llm_model
        self._budget = settings.llm_token_budget
        self._fallback = fallback
        self._chat = StructuredChat(
            client, settings.llm_model, max_retries=settings.llm_max_retries, sleep=sleep
        )

    @property
    def name(self) -> str:
        return f"llm:{self._model}"

    @property
    def version(self) -> str:
        """`prompts-…`: every prompt file's version, so a changed prompt is a new cache key."""
        return f"prompts-{prompt_version(self._prompt_directory)}"

    async def aclose(self) -> None:
        """Close the HTTP connections of a client this engine made (not one passed in)."""
        if self._owns_client:
            await self._client.close()

    async def brief(self, article: Article) -> Brief:
        try:
            return await self._write_brief(article)
        except ModelUnavailableError as exc:
            note = f"The language model was unavailable ({exc})"
        except ModelOutputError as exc:
            note = f"The language model's reply could not be used ({exc})"
        made = await self._fallback.brief(article)
        note += f"; this brief was made by the {self._fallback.name} engine."
        return made.model_copy(update={"notes": [*made.notes, note]})

    async def answer(self, article: Article, question: str, history: Sequence[Turn]) -> Answer:
        try:
            return await self._write_answer(article, question, history)
        except ModelUnavailableError as exc:
            note = f"The language model was unavailable ({exc})"
        except ModelOutputError as exc:
            note = f"The language model's reply could not be used ({exc})"
        made = await self._fallback.answer(article, question, history)
        note += f"; this answer was made by the {self._fallback.name} engine."
        return made.model_copy(update={"notes": [*made.notes, note]})

    async def _write_brief(self, article: Article) -> Brief:
        prompt = load_prompt("brief")
        chunks = split_into_chunks(article.paragraphs or [article.text], self._budget)
        merger = BriefMerger()
        for number, chunk in enumerate(chunks, start=1):
            messages = brief_messages(
                prompt, article, chunk, number, len(chunks), merger.known_claims()
            )
            merger.add(await self._chat.request(messages, LLMBrief, "brief"))
        notes = [f"The article was read in {len(chunks)} parts."] if len(chunks) > 1 else []
        brief = Brief(
            title=article.title,
            url=article.final_url or article.url,
            site=article.site,
            published=article.published,
            summary=merger.summary,
            bottom_line=merger.bottom_line,
            actors=merger.actors,
            claims=merger.claims,
            denials=merger.denials,
            evidence=merger.evidence,
            unverified=merger.unverified,
            engine=self.name,
            engine_version=self.version,
            prompt_version=prompt_version(),
            notes=notes,
        )
        return brief_without_echo(brief, PromptEcho(article.text))

    async def _write_answer(
        self, article: Article, question: str, history: Sequence[Turn]
    ) -> Answer:
        passages = [
            passage.text
            for passage in top_passages(
                article.text, question, history, limit=8, token_budget=self._budget
            )
        ]
        earlier = list(history)[-_HISTORY_TURNS:]
        messages = load_prompt("answer").messages(
            article_id=_article_id(article),
            title=article.title or "(no title)",
            history="\n".join(f"Q: {turn.question}\nA: {turn.answer}" for turn in earlier)
            or "(none)",
            question=question.strip(),
            passages=as_article_data("\n\n".join(passages)),
        )
        reply = await self._chat.request(messages, LLMAnswer, "answer")
        text = PromptEcho(article.text).without_echo(reply.answer).strip()
        notes = [ECHO_NOTE] if text != reply.answer.strip() else []
        if not reply.answered or not text:
            said = text if text.lower().startswith("the article does not say") else NOT_SAID
            return Answer(answered=False, answer=said, quotes=[], engine=self.name, notes=notes)
        return Answer(
            answered=True, answer=text, quotes=reply.quotes, engine=self.name, notes=notes
        )


def as_article_data(text: str) -> str:
    """Article text made safe to put between article tags: it cannot close them early."""
    return _TAG_RE.sub(r"&lt;\1", text)


def _article_id(article: Article) -> str:
    return article.content_hash[:12] or "article"
