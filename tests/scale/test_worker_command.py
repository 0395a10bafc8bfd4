"""`briefbot worker` on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import REPO_ROOT


def test_worker_without_postgresql_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFBOT_DB", str(tmp_path / "bot.sqlite3"))
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    assert main(["worker"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("briefbot: briefbot worker needs BRIEFBOT_DB to be a postgresql:// URL")
    assert err.count("\n") == 1


@pytest.mark.slow  # a fresh interpreter
def test_the_embedded_bot_imports_neither_the_queue_nor_psycopg() -> None:
    probe = (
        "import sys, bot.cli, bot.service, bot.telegram.app; "
        "print(sorted(m for m in ('procrastinate', 'psycopg', 'bot.scale') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == "[]"
