"""`briefbot worker` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


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
