"""What the language model is asked to return, and the JSON schema that asks for it.

Why separate models from `bot.models`: the model must not write `engine`, `grounding` or
`notes`, and OpenAI's strict structured outputs want every property required (nullable ones as
`anyOf [.., null]`), `additionalProperties: false` and no defaults. These models have exactly
that shape; `strict_json_schema` checks and tidies what pydantic produces. The field
descriptions repeat the definitions of `prompts/brief.md`, so a model that reads only the
schema is told the same thing.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


_CLAIMS = (
    "Assertions by a party the article names (by null: the outlet itself) that the story is "
    "about or that someone disputes; the central claim first; at most four."
)
_DENIALS = (
    "A party rejecting, refuting or dismissing a claim or report, or calling it false, "
    "baseless, untrue, rubbish or unsubstantiated; at most four. A plain negation is not a "
    "denial, nor are 'declined to comment', 'refused to confirm' or 'no comment'."
)
_RESPONDS_TO = (
    "The id of the listed claim this denial answers; null only when the article gives no "
    "reason to tie it to one claim (a wrong link is worse than none)."
)
_EVIDENCE = (
    "Something concrete offered for or against a claim: footage, photos, documents, data, "
    "test results, findings of an investigation, a witness's account of what they saw, "
    "physical items; at most four."
)
_LINKS = "Ids of the claims this evidence bears on, only when the article gives a reason."
_UNVERIFIED = (
    "What the article itself hedges: 'could not be verified', 'reportedly', 'not positive "
    "proof'; at most four."
)
_QUOTE = "A span copied character for character from the article."
_TEXT = "One clean sentence in the article's terms: no fragment, no doubled punctuation."


class LLMClaim(_Strict):
    id: str
    text: str = Field(description=_TEXT)
    by: str | None
    quote: str = Field(description=_QUOTE)


class LLMDenial(_Strict):
    id: str
    text: str = Field(description=_TEXT)
    by: str | None
    quote: str = Field(description=_QUOTE)
    responds_to: str | None = Field(description=_RESPONDS_TO)


class LLMEvidence(_Strict):
    id: str
    text: str = Field(description=_TEXT)
    by: str | None
    quote: str = Field(description=_QUOTE)
    supports: list[str] = Field(description=_LINKS)
    undercuts: list[str] = Field(description=_LINKS)


class LLMUnverified(_Strict):
    text: str = Field(description=_TEXT)
    quote: str = Field(description=_QUOTE)


class LLMBrief(_Strict):
    """One brief as the model writes it (for the whole article or one part of it)."""

    summary: str
    bottom_line: str | None
    actors: list[str]
    claims: list[LLMClaim] = Field(description=_CLAIMS)
    denials: list[LLMDenial] = Field(description=_DENIALS)
    evidence: list[LLMEvidence] = Field(description=_EVIDENCE)
    unverified: list[LLMUnverified] = Field(description=_UNVERIFIED)


class LLMAnswer(_Strict):
    answered: bool
    answer: str
    quotes: list[str]


_DROPPED_KEYWORDS = ("title", "default")


@functools.cache
def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the form OpenAI strict mode accepts.

    Every object gets `additionalProperties: false` and lists all its properties as required;
    titles and defaults (which strict mode rejects or ignores) are removed; descriptions stay,
    as they carry the definitions. Built once per model (pydantic takes milliseconds to write a
    schema) and shared by every request: not to be changed in place.
    """
    schema = model.model_json_schema()
    return _tidy(schema)  # type: ignore[no-any-return]


def _tidy(node: Any) -> Any:
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROPPED_KEYWORDS and not isinstance(value, dict):
            continue
        if key in ("properties", "$defs"):
            result[key] = {name: _tidy(sub) for name, sub in value.items()}
        else:
            result[key] = _tidy(value)
    if result.get("type") == "object":
        result["additionalProperties"] = False
        result["required"] = list(result.get("properties", {}))
    return result
