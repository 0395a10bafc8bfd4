"""Prompt files: versioned templates under `prompts/`, checked when they are loaded.

Why files: prompts change more often than code, and their version is part of the brief cache key,
so an edited prompt never serves briefs written by the old one. A template whose placeholders
differ from what the code passes fails at load, not in the middle of a chat.

File format (Markdown, so the prompts read well on their own):

    <!-- version: 3 -->
    <!-- system -->
    Instructions for the system message ...
    <!-- user -->
    The user message, with {placeholders}; literal braces are written {{ and }}.

The directory is found from this file's location, never from the working directory: the
`prompts/` folder at the root of a checkout (the single source), else `bot/prompts/`, where a
wheel ships the same files (pyproject maps the package `bot.prompts` to `prompts/`).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.errors import PromptError

EXPECTED_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "brief": frozenset({"article_id", "title", "part", "known_claims", "article"}),
    "answer": frozenset({"article_id", "title", "history", "question", "passages"}),
    "repair": frozenset({"error"}),
}
"""Every prompt the engines use, and exactly the variables each one is rendered with."""

_VERSION_RE = re.compile(r"\A\s*<!--\s*version:\s*([\w.\-]+)\s*-->[ \t]*\n")
_SECTION_RE = re.compile(r"^<!--\s*(system|user)\s*-->[ \t]*$", re.MULTILINE)


def default_prompt_directory() -> Path:
    """`prompts/` beside the package in a checkout; the packaged copy in an installed wheel.

    A checkout is recognised by its `pyproject.toml`: in site-packages, a `prompts` folder
    beside `bot/` would belong to some other distribution.
    """
    package_root = Path(__file__).resolve().parents[2]
    checkout = package_root.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "prompts").is_dir():
        return checkout / "prompts"
    if (package_root / "prompts").is_dir():
        return package_root / "prompts"
    raise PromptError(f"the prompts folder was not found next to {package_root}")


@dataclass(frozen=True)
class Prompt:
    """One loaded, validated prompt: a system part and a user part sharing one variable set."""

    name: str
    version: str
    system: str
    user: str
    placeholders: frozenset[str]

    def render(self, **variables: object) -> str:
        """The user message. Values are inserted as data: braces inside them are not expanded."""
        self._check_variables(variables)
        return self.user.format(**variables)

    def render_system(self, **variables: object) -> str:
        self._check_variables(variables)
        return self.system.format(**variables)

    def messages(self, **variables: object) -> list[dict[str, str]]:
        """System and user messages in the chat-completions shape."""
        result = []
        system = self.render_system(**variables)
        if system:
            result.append({"role": "system", "content": system})
        result.append({"role": "user", "content": self.render(**variables)})
        return result

    def _check_variables(self, variables: dict[str, object]) -> None:
        given = frozenset(variables)
        if given != self.placeholders:
            raise PromptError(
                f"prompt {self.name!r} takes {_names(self.placeholders)}, was given {_names(given)}"
            )


def load_prompt(name: str, directory: Path | None = None) -> Prompt:
    """Read `name.md` and check its version header and placeholders; raise `PromptError` if bad."""
    if name not in EXPECTED_PLACEHOLDERS:
        raise PromptError(f"unknown prompt {name!r}")
    if directory is None:
        return _load_default(name)
    return _load(name, directory)


def prompt_version(directory: Path | None = None) -> str:
    """All prompt versions in one string, e.g. `answer-1.brief-2.repair-1`, for cache keys."""
    return ".".join(
        f"{name}-{load_prompt(name, directory).version}" for name in sorted(EXPECTED_PLACEHOLDERS)
    )


@cache
def _load_default(name: str) -> Prompt:
    return _load(name, default_prompt_directory())


def _load(name: str, directory: Path) -> Prompt:
    path = directory / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"cannot read prompt file {path}: {exc.strerror or exc}") from exc
    header = _VERSION_RE.match(raw)
    if header is None:
        raise PromptError(f"prompt file {path} must start with <!-- version: N -->")
    system, user = _split_sections(raw[header.end() :], path)
    found = _placeholders(system, path) | _placeholders(user, path)
    expected = EXPECTED_PLACEHOLDERS[name]
    if found != expected:
        missing, extra = expected - found, found - expected
        problems = []
        if missing:
            problems.append(f"missing {_names(missing)}")
        if extra:
            problems.append(f"unexpected {_names(extra)}")
        raise PromptError(f"prompt file {path}: {'; '.join(problems)}")
    return Prompt(
        name=name, version=header.group(1), system=system, user=user, placeholders=expected
    )


def _split_sections(body: str, path: Path) -> tuple[str, str]:
    sections: dict[str, str] = {}
    marks = list(_SECTION_RE.finditer(body))
    if body[: marks[0].start() if marks else len(body)].strip():
        raise PromptError(f"prompt file {path}: text before the first <!-- system/user --> mark")
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(body)
        role = mark.group(1)
        if role in sections:
            raise PromptError(f"prompt file {path}: two <!-- {role} --> sections")
        sections[role] = body[mark.end() : end].strip()
    if not sections.get("user"):
        raise PromptError(f"prompt file {path} has no <!-- user --> section")
    return sections.get("system", ""), sections["user"]


def _placeholders(template: str, path: Path) -> frozenset[str]:
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise PromptError(f"prompt file {path}: {exc} (write literal braces as {{{{ }}}})") from exc
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise PromptError(f"prompt file {path}: placeholder {{{field}}} must be a plain name")
        names.add(field)
    return frozenset(names)


def _names(names: frozenset[str]) -> str:
    return ", ".join(sorted(names)) or "nothing"
