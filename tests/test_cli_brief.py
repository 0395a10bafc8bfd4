"""`briefbot brief`: the Brief JSON contract, readable output, the LLM engine, bad input."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.engines.llm.prompts import prompt_version
from bot.testing.openai_server import MODEL, OpenAIStandIn
from bot.testing.pages import PageServer, Route, serve_pages
from tests.conftest import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples" / "border-arms.html"
ITEM_KINDS = ("claims", "denials", "evidence")
OPTIONAL_TEXT = (str, type(None))
PAGE = (
    b"<html><head><title>Harbour fire inquiry</title></head><body><article>"
    b"<p>Investigators said on Monday that the warehouse fire was started deliberately.</p>"
    b"<p>The owner, Dalia Renn, denied any involvement and called the finding baseless.</p>"
    b"</article></body></html>"
)


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFBOT_ENGINE", "BRIEFBOT_FETCH_ALLOW"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def pages() -> Iterator[PageServer]:
    with serve_pages({"/article": Route(body=PAGE)}) as server:
        yield server


def brief_json(capsys: pytest.CaptureFixture[str], source: Path) -> dict[str, Any]:
    assert main(["brief", str(source), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    data: dict[str, Any] = json.loads(out)
    return data


def article_text(capsys: pytest.CaptureFixture[str], source: Path) -> str:
    assert main(["extract", str(source), "--json"]) == 0
    text: str = json.loads(capsys.readouterr().out)["text"]
    return text


def squeeze(text: str) -> str:
    return " ".join(text.split())


def check_brief_contract(data: dict[str, Any]) -> None:
    """The keys and types DESIGN.md promises; ids and references between items consistent."""
    for key in ("title", "url", "site", "published"):
        assert isinstance(data[key], OPTIONAL_TEXT), key
    assert isinstance(data["summary"], str)
    assert data["summary"].strip()
    assert isinstance(data["engine"], str)
    for kind in (*ITEM_KINDS, "unverified"):
        assert isinstance(data[kind], list), kind
    for kind in ITEM_KINDS:
        for item in data[kind]:
            assert isinstance(item["id"], str)
            assert isinstance(item["text"], str)
            assert isinstance(item["by"], OPTIONAL_TEXT)
            assert isinstance(item["quote"], str)
    for item in data["unverified"]:
        assert isinstance(item["text"], str)
        assert isinstance(item["quote"], str)
    ids = [item["id"] for kind in ITEM_KINDS for item in data[kind]]
    assert len(ids) == len(set(ids)), ids
    claim_ids = {claim["id"] for claim in data["claims"]}
    for denial in data["denials"]:
        assert denial["responds_to"] is None or denial["responds_to"] in claim_ids, denial
    for evidence in data["evidence"]:
        assert isinstance(evidence["supports"], list)
        assert set(evidence["supports"]) <= claim_ids, evidence
    grounding = data["grounding"]
    for key in ("checked", "verified", "dropped"):
        assert type(grounding[key]) is int, key


def quotes_of(data: dict[str, Any]) -> list[str]:
    return [item["quote"] for kind in (*ITEM_KINDS, "unverified") for item in data[kind]]


def test_brief_json_keeps_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    data = brief_json(capsys, EXAMPLE)
    check_brief_contract(data)
    assert data["engine"] == "offline"
    assert data["site"] == "The Northern Ledger"
    assert data["url"] is None
    assert data["claims"], "the example has a claim"
    assert data["denials"], "the example has a denial"
    assert data["evidence"], "the example has evidence"
    assert data["unverified"], "the example has unverified points"


def test_every_quote_is_a_span_of_the_extracted_text(capsys: pytest.CaptureFixture[str]) -> None:
    data = brief_json(capsys, EXAMPLE)
    text = squeeze(article_text(capsys, EXAMPLE))
    quotes = quotes_of(data)
    assert quotes
    for quote in quotes:
        assert quote.strip()
        assert squeeze(quote) in text, quote
    assert data["grounding"]["verified"] == len(quotes)


def test_readable_brief_is_the_overview_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(EXAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Veloria accuses Karst")
    assert "The Northern Ledger · 20 Nov 2026" in lines
    for kind in ("Claim", "Denial", "Evidence", "Caveat", "Unverified"):
        assert any(line.startswith(kind + " ") for line in lines), kind
    assert "Claims:" not in lines
    assert "--full" in out
    assert len(out) < 1400
    assert not out.lstrip().startswith("{")


def test_full_brief_has_its_sections_each_item_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(EXAMPLE), "--full"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    for heading in ("Claims:", "Denials:", "Evidence:", "Unverified:"):
        assert heading in lines, heading
    assert "Engine: offline" in lines
    assert any("answers C1" in line for line in lines)
    full = squeeze(out)
    data = brief_json(capsys, EXAMPLE)
    for quote in quotes_of(data):
        assert full.count(squeeze(quote)) >= 1, quote
    assert "Bottom line" not in out


async def run_cli(*argv: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *argv,
        env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def endpoint_env(server: OpenAIStandIn) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("OPENAI_", "BRIEFBOT_"))
    }
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT),
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_API_KEY": "sk-local-test",
            "BRIEFBOT_LLM_MODEL": MODEL,
            "BRIEFBOT_LLM_MAX_RETRIES": "0",
            "BRIEFBOT_LLM_TIMEOUT": "20",
        }
    )
    return env


@pytest.mark.slow
async def test_llm_engine_against_the_stand_in(tmp_path: Path) -> None:
    async with OpenAIStandIn() as server:
        server.answer_automatically(latency=0.0)
        code, out, err = await run_cli(
            "brief", str(EXAMPLE), "--engine", "llm", "--json",
            env=endpoint_env(server), cwd=tmp_path,
        )  # fmt: skip
        requests = list(server.requests)
    assert code == 0, err
    assert err == ""
    data = json.loads(out)
    check_brief_contract(data)
    assert data["engine"] == f"llm:{MODEL}"
    assert data["prompt_version"] == prompt_version()
    assert not data["notes"], "the brief should not come from the fallback engine"
    assert data["claims"]
    assert len(requests) == 1
    assert requests[0]["model"] == MODEL


def test_llm_engine_without_an_endpoint_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    line = fails_with(capsys, ["brief", str(EXAMPLE), "--engine", "llm"])
    assert "OPENAI_BASE_URL" in line


def fails_with(capsys: pytest.CaptureFixture[str], argv: list[str], *fragments: str) -> str:
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("briefbot: ")
    for fragment in fragments:
        assert fragment in lines[0].lower(), lines[0]
    return lines[0]


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fails_with(capsys, ["brief", str(tmp_path / "nope.html"), "--json"], "no such file")


def test_binary_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "scan.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    fails_with(capsys, ["brief", str(path), "--json"], "binary")


def test_empty_after_cleaning(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_text(
        "You've reached your daily free article limit. Subscribe for unlimited access.\n\n"
        "Already a subscriber? Log In\n\nClick here to read the entire article.\n"
    )
    fails_with(capsys, ["brief", str(path), "--json"], "empty")


def test_refused_address(capsys: pytest.CaptureFixture[str], pages: PageServer) -> None:
    fails_with(capsys, ["brief", pages.url("/article"), "--json"], "refus", "127.0.0.1")
