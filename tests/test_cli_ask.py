"""`briefbot ask` answers from the article's own words, or says plainly that it does not say."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples" / "border-arms.html"
PASTED = """Pier closure disputed

The harbour board of Lindquay said on Friday that the eastern pier would close for a year.

The board's chair, Oskar Brune, denied that the closure was meant to favour a private marina.
"That is simply untrue," he said.

Repairs are expected to cost 4.2 million crowns, according to the board's survey.
"""


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFBOT_ENGINE", "BRIEFBOT_FETCH_ALLOW"):
        monkeypatch.delenv(name, raising=False)


def ask_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["ask", *argv, "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    data: dict[str, object] = json.loads(out)
    return data


def test_answered_with_verbatim_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    data = ask_json(capsys, str(EXAMPLE), "Who denied the claim?")
    assert data["answered"] is True
    assert data["engine"] == "offline"
    quotes = data["quotes"]
    assert isinstance(quotes, list)
    assert 1 <= len(quotes) <= 3
    assert main(["extract", str(EXAMPLE), "--json"]) == 0
    text = json.loads(capsys.readouterr().out)["text"]
    assert all(quote in text for quote in quotes)
    assert any("rejected the accusation" in quote for quote in quotes)
    assert isinstance(data["answer"], str)
    assert "Foreign Ministry" in data["answer"]


def test_not_said_is_an_answer_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    data = ask_json(capsys, str(EXAMPLE), "What did the mayor say about the new stadium?")
    assert data["answered"] is False
    assert data["quotes"] == []
    assert isinstance(data["answer"], str)
    assert data["answer"].startswith("The article does not say")


def test_a_figure_the_article_lacks(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "pier.txt"
    source.write_text(PASTED, encoding="utf-8")
    data = ask_json(capsys, str(source), "How many boats use the marina?")
    assert data["answered"] is False
    data = ask_json(capsys, str(source), "How much will the repairs cost?")
    assert data["answered"] is True
    assert data["quotes"] == [
        "Repairs are expected to cost 4.2 million crowns, according to the board's survey."
    ]


@pytest.mark.slow
def test_pasted_text_from_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "-", "Who denied it?", "--json"],
        input=PASTED.encode(),
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    data = json.loads(result.stdout)
    assert data["answered"] is True
    assert any("Oskar Brune, denied" in quote for quote in data["quotes"])


def test_readable_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", str(EXAMPLE), "Who denied the claim?"]) == 0
    out = capsys.readouterr().out
    assert "rejected the accusation" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["ask", str(EXAMPLE), "   "], "question is empty"),
        (["ask", "no-such-file.txt", "Who denied it?"], "no such file"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("briefbot: ")
    assert fragment in err
