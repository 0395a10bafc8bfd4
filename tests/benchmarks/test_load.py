"""The load benchmark end to end, tiny: every message answered once, cache hits cost no LLM call."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

KEYS = {
    "requests",
    "briefs_delivered",
    "answers_delivered",
    "questions_sent",
    "messages_lost",
    "duplicate_replies",
    "engine_calls_expected",
    "ideal_s",
    "wall_s",
    "wall_over_ideal",
    "within_1_15x_ideal",
    "latency_ms",
    "cache_hit_latency_ms",
    "answer_latency_ms",
    "llm",
}


@pytest.mark.slow
def test_a_tiny_load_run_loses_and_duplicates_nothing() -> None:
    chats, links = 3, 2
    result = subprocess.run(
        [
            sys.executable, str(REPO_ROOT / "benchmarks" / "load.py"),
            "--chats", str(chats), "--links", str(links), "--questions", "1",
            "--repeat-share", "0.5", "--llm-latency", "0.05",
        ],
        capture_output=True,
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            # This checkout's package, as an install of it would provide.
            "PYTHONPATH": str(REPO_ROOT),
        },
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.stdout, result.stderr.decode()
    data = json.loads(result.stdout)
    assert set(data) >= KEYS
    assert data["messages_lost"] == 0
    assert data["duplicate_replies"] == 0
    assert data["error_replies"] == 0
    assert data["requests"] == chats * (links + 1 + 1)  # links, one question, one repeat
    assert data["briefs_delivered"] == chats * (links + 1)
    assert data["answers_delivered"] == data["questions_sent"] == chats
    # One LLM call per distinct article and per question; the repeated links were cache hits.
    assert data["engine_calls_expected"] == chats * (links + 1)
    assert data["llm"]["requests"] == data["engine_calls_expected"]
    assert isinstance(data["within_1_15x_ideal"], bool)
    assert result.returncode == (0 if data["within_1_15x_ideal"] else 1)
