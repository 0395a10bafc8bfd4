"""What the language model is asked to return, and the JSON schema that asks for it.

Why separate models from `bot.models`: the model must not write `engine`, `grounding` or
`notes`, and OpenAI's strict structured outputs want every property required (nullable ones as
`anyOf [.., null]`), `additionalProperties: false` and no defaults. These models have exactly
that shape; `strict_json_schema` checks and tidies what pydantic produces.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LLMClaim(_Strict):
    id: str
    text: str
    by: str | None
    quote: str


class LLMDenial(_Strict):
    id: str
    text: str
    by: str | None
    quote: str
    responds_to: str | None


class LLMEvidence(_Strict):
    id: str
    text: str
    by: str | None
    quote: str
    supports: list[str]
    undercuts: list[str]


class LLMUnverified(_Strict):
    text: str
    quote: str


class LLMBrief(_Strict):
    """One brief as the model writes it (for the whole article or one part of it)."""

    summary: str
    bottom_line: str | None
    actors: list[str]
    claims: list[LLMClaim]
    denials: list[LLMDenial]
    evidence: list[LLMEvidence]
    unverified: list[LLMUnverified]


class LLMAnswer(_Strict):
    answered: bool
    answer: str
    quotes: list[str]


_DROPPED_KEYWORDS = ("title", "default", "description")


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the form OpenAI strict mode accepts.

    Every object gets `additionalProperties: false` and lists all its properties as required;
    titles and defaults (which strict mode rejects or ignores) are removed.
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
