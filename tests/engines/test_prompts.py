"""Prompt files load from the repository in any working directory; bad ones fail loudly."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engines.llm.prompts import (
    EXPECTED_PLACEHOLDERS,
    default_prompt_directory,
    load_prompt,
    prompt_version,
)
from bot.engines.offline.engine import OfflineEngine
from bot.engines.select import build_engine, close_engine, engine_version
from bot.errors import PromptError

REPO_ROOT = Path(__file__).resolve().parents[2]
REPO_PROMPTS = REPO_ROOT / "prompts"

BRIEF_VARIABLES = {
    "article_id": "abc123",
    "title": "Harbour dispute",
    "part": "This is the whole article.",
    "known_claims": "(none)",
    "article": "The council said {this} is data.",
}


def write_prompt(directory: Path, name: str, text: str) -> None:
    (directory / f"{name}.md").write_text(text, encoding="utf-8")


def brief_template(user: str, *, header: str = "<!-- version: 7 -->\n") -> str:
    system = "You write briefs. Reply with JSON {{...}}."
    return f"{header}<!-- system -->\n{system}\n<!-- user -->\n{user}\n"


FULL_USER = '{title} {part} {known_claims} <article id="{article_id}">{article}</article>'


def test_every_prompt_in_the_repository_loads_with_a_version() -> None:
    for name in EXPECTED_PLACEHOLDERS:
        prompt = load_prompt(name)
        assert prompt.version
        assert prompt.placeholders == EXPECTED_PLACEHOLDERS[name]
    assert prompt_version() == "answer-1.brief-3.repair-1"


def test_the_prompt_folder_does_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert default_prompt_directory() == REPO_PROMPTS


def test_rendering_inserts_values_as_data_and_keeps_literal_braces() -> None:
    messages = load_prompt("brief").messages(**BRIEF_VARIABLES)
    assert [message["role"] for message in messages] == ["system", "user"]
    assert '{"summary"' in messages[0]["content"]
    assert "The council said {this} is data." in messages[1]["content"]


def test_rendering_with_a_missing_or_extra_variable_fails() -> None:
    prompt = load_prompt("brief")
    partial = {key: value for key, value in BRIEF_VARIABLES.items() if key != "title"}
    with pytest.raises(PromptError, match="title"):
        prompt.render(**partial)
    with pytest.raises(PromptError, match="colour"):
        prompt.render(**BRIEF_VARIABLES, colour="red")


def test_a_valid_prompt_in_another_folder_loads(tmp_path: Path) -> None:
    write_prompt(tmp_path, "brief", brief_template(FULL_USER))
    prompt = load_prompt("brief", directory=tmp_path)
    assert prompt.version == "7"
    assert prompt.render(**BRIEF_VARIABLES).startswith("Harbour dispute This is the whole")


def test_a_missing_placeholder_fails_at_load(tmp_path: Path) -> None:
    write_prompt(tmp_path, "brief", brief_template(FULL_USER.replace("{known_claims}", "")))
    with pytest.raises(PromptError, match="missing known_claims"):
        load_prompt("brief", directory=tmp_path)


def test_an_extra_placeholder_fails_at_load(tmp_path: Path) -> None:
    write_prompt(tmp_path, "brief", brief_template(FULL_USER + " {language}"))
    with pytest.raises(PromptError, match="unexpected language"):
        load_prompt("brief", directory=tmp_path)


def test_a_prompt_without_a_version_header_fails(tmp_path: Path) -> None:
    write_prompt(tmp_path, "brief", brief_template(FULL_USER, header=""))
    with pytest.raises(PromptError, match="version"):
        load_prompt("brief", directory=tmp_path)


def test_a_missing_file_or_unknown_name_fails(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match=r"brief\.md"):
        load_prompt("brief", directory=tmp_path)
    with pytest.raises(PromptError, match="unknown prompt"):
        load_prompt("poem", directory=tmp_path)


@pytest.mark.parametrize(
    "user",
    [
        FULL_USER + " {article!r}",
        FULL_USER + " {title.upper}",
        FULL_USER + " {unclosed",
    ],
)
def test_placeholders_must_be_plain_names(tmp_path: Path, user: str) -> None:
    write_prompt(tmp_path, "brief", brief_template(user))
    with pytest.raises(PromptError):
        load_prompt("brief", directory=tmp_path)


def test_a_prompt_needs_a_user_section(tmp_path: Path) -> None:
    write_prompt(tmp_path, "repair", "<!-- version: 1 -->\n<!-- system -->\nFix {error}\n")
    with pytest.raises(PromptError, match="user"):
        load_prompt("repair", directory=tmp_path)


def bump_version(directory: Path, name: str) -> str:
    """Raise the version header of `name.md` in `directory`; return the new version."""
    path = directory / f"{name}.md"
    raw = path.read_text(encoding="utf-8")
    old = load_prompt(name, directory).version
    new = f"{old}.1"
    path.write_text(
        re.sub(r"<!--\s*version:\s*[\w.\-]+\s*-->", f"<!-- version: {new} -->", raw, count=1),
        encoding="utf-8",
    )
    return new


async def test_the_llm_cache_key_carries_the_prompt_versions(tmp_path: Path) -> None:
    settings = Settings(openai_base_url="http://127.0.0.1:9/v1", _env_file=None)
    engine = build_engine(settings, "llm")
    try:
        key = engine_version(engine)
        assert prompt_version() in key
        for name in EXPECTED_PLACEHOLDERS:
            assert f"{name}-{load_prompt(name).version}" in key

        copy = tmp_path / "prompts"
        shutil.copytree(REPO_PROMPTS, copy)
        assert engine_version(engine, copy) == key, "the same files give the same key"
        bumped = bump_version(copy, "brief")
        changed = engine_version(engine, copy)
        assert changed != key
        assert f"brief-{bumped}" in changed
    finally:
        await close_engine(engine)


def test_the_offline_cache_key_does_not_depend_on_prompts(tmp_path: Path) -> None:
    copy = tmp_path / "prompts"
    shutil.copytree(REPO_PROMPTS, copy)
    bump_version(copy, "brief")
    offline = OfflineEngine()
    assert engine_version(offline, copy) == engine_version(offline)


def test_the_wheel_ships_the_prompts_and_every_package() -> None:
    """The top-level prompts/ is mapped into the wheel as bot/prompts, where the loader looks."""
    setuptools = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["package-dir"]["bot.prompts"] == "prompts"
    assert "*.md" in setuptools["package-data"]["bot.prompts"]
    on_disk = {
        ".".join(init.parent.relative_to(REPO_ROOT).parts)
        for init in (REPO_ROOT / "bot").rglob("__init__.py")
    }
    assert set(setuptools["packages"]) == on_disk | {"bot.prompts"}
