"""The command line as a person uses it: output on stdout, one clear line on stderr on failure."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.testing.pages import PageServer, Route, serve_pages
from tests.conftest import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples" / "border-arms.html"

ARTICLE_HTML = (
    b"<html><head><title>Harbour fire inquiry</title></head><body><article>"
    b"<h1>Harbour fire inquiry</h1>"
    b"<p>Investigators in the port city of Marrow said on Monday that the warehouse fire was "
    b"started deliberately, citing traces of accelerant found in three places.</p>"
    b"<p>The warehouse owner, Dalia Renn, denied any involvement and called the finding "
    b"baseless, saying her company had lost its entire stock in the blaze.</p>"
    b"<p>Fire officials said laboratory tests of debris samples would be published next week, "
    b"and that no arrests had been made.</p>"
    b"</article></body></html>"
)


@pytest.fixture
def pages() -> Iterator[PageServer]:
    routes = {
        "/article": Route(body=ARTICLE_HTML),
        "/missing": Route(status=404, body=b"<html><body><p>gone</p></body></html>"),
        "/broken": Route(status=500, body=b"<html><body><p>error</p></body></html>"),
        "/slow": Route(body=ARTICLE_HTML, delay=1.5),
        "/huge": Route(endless=True),
        "/pdf": Route(body=b"%PDF-1.7 fake", content_type="application/pdf"),
        "/boilerplate": Route(
            body=b"<html><body><p>Subscribe now for unlimited access.</p>"
            b"<p>Already a subscriber? Log in.</p></body></html>"
        ),
    }
    with serve_pages(routes) as server:
        yield server


@pytest.fixture
def allow_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFBOT_FETCH_ALLOW", "127.0.0.1")
    monkeypatch.setenv("BRIEFBOT_FETCH_READ_TIMEOUT", "0.25")
    monkeypatch.setenv("BRIEFBOT_FETCH_MAX_BYTES", "200000")


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFBOT_ENGINE", "BRIEFBOT_FETCH_ALLOW"):
        monkeypatch.delenv(name, raising=False)


def _fails_with(capsys: pytest.CaptureFixture[str], argv: list[str], *fragments: str) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("briefbot: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment.lower() in lines[0].lower(), lines[0]
    return lines[0]


def test_extract_json_from_example_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("title", "text", "url", "site", "published", "removed"):
        assert key in data
    assert data["site"] == "The Northern Ledger"
    assert "utterly false" in data["text"]
    assert "daily free article limit" not in data["text"]
    assert data["text"].count("secretly supplying rifles") == 1
    assert data["removed"], "cleaning should report what it dropped"


def test_extract_readable_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Veloria accuses Karst")
    assert "Cleaning removed" in out


def test_extract_from_url(
    capsys: pytest.CaptureFixture[str], pages: PageServer, allow_loopback: None
) -> None:
    assert main(["extract", pages.url("/article"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["url"] == pages.url("/article")
    assert "accelerant" in data["text"]


@pytest.mark.slow
def test_extract_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Council denies water report\n\n"
        "The city council on Tuesday denied a report that the reservoir had been contaminated "
        "with industrial solvents, calling the claim false.\n\n"
        "The report, published by a residents' group, cited water samples tested at a private "
        "laboratory in the spring."
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "extract", "-", "--json"],
        input=text.encode(),
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "Council denies water report"
    assert data["text"].startswith("The city council on Tuesday denied")


@pytest.mark.parametrize(
    ("path", "fragments"),
    [
        ("/missing", ("404",)),
        ("/broken", ("500",)),
        ("/slow", ("time",)),
        ("/huge", ("large",)),
        ("/pdf", ("pdf",)),
        ("/boilerplate", ("empty",)),
    ],
)
def test_bad_urls_give_one_line(
    capsys: pytest.CaptureFixture[str],
    pages: PageServer,
    allow_loopback: None,
    path: str,
    fragments: tuple[str, ...],
) -> None:
    _fails_with(capsys, ["extract", pages.url(path)], *fragments)


def test_refused_address_without_allow_list(
    capsys: pytest.CaptureFixture[str], pages: PageServer
) -> None:
    _fails_with(capsys, ["extract", pages.url("/article")], "127.0.0.1")


@pytest.mark.parametrize("url", ["http://", "not a url://x", "ftp://example.org/file.txt"])
def test_invalid_urls(capsys: pytest.CaptureFixture[str], url: str) -> None:
    _fails_with(capsys, ["extract", url])


def test_unreachable_host(capsys: pytest.CaptureFixture[str], allow_loopback: None) -> None:
    # Port 9 on loopback: nothing listens there, so the connection is refused.
    _fails_with(capsys, ["extract", "http://127.0.0.1:9/story"], "connect")


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _fails_with(capsys, ["extract", str(tmp_path / "nope.html")], "no such file")


def test_binary_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "scan.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    _fails_with(capsys, ["extract", str(path)], "binary")


def test_unreadable_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "dir.txt"
    path.mkdir()
    _fails_with(capsys, ["extract", str(path)], "directory")


def test_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("   \n\n")
    _fails_with(capsys, ["extract", str(path)], "empty")


def test_all_boilerplate_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_text(
        "You've reached your daily free article limit. Subscribe for unlimited access.\n\n"
        "Already a subscriber? Log In\n\nClick here to read the entire article.\n"
    )
    _fails_with(capsys, ["extract", str(path)], "empty")


@pytest.mark.slow
def test_no_traceback_in_subprocess(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "extract", str(tmp_path / "missing.txt")],
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == b""
    assert b"Traceback" not in result.stderr
    assert result.stderr.decode().count("\n") == 1
