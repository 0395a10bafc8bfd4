"""Settings: the contract's variable names, typed parsing, secrets hidden, every knob documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from bot.config import Settings
from tests.conftest import REPO_ROOT


def _settings(**env: str) -> Settings:
    return Settings.from_environ(env)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "TELEGRAM_BOT_TOKEN", "BRIEFBOT_ENGINE"):
        monkeypatch.delenv(name, raising=False)


def test_contract_names_are_read() -> None:
    s = _settings(
        TELEGRAM_BOT_TOKEN="123:abc",
        BRIEFBOT_TELEGRAM_API_URL="http://127.0.0.1:8081/bot",
        BRIEFBOT_DB="/tmp/x.sqlite3",
        BRIEFBOT_ENGINE="offline",
        OPENAI_API_KEY="sk-test",
        OPENAI_BASE_URL="http://127.0.0.1:9/v1",
        BRIEFBOT_LLM_MODEL="local-model",
        BRIEFBOT_FETCH_ALLOW="127.0.0.1, 10.0.0.0/8 ,localhost",
    )
    assert s.telegram_bot_token is not None
    assert s.telegram_bot_token.get_secret_value() == "123:abc"
    assert s.telegram_api_url == "http://127.0.0.1:8081/bot"
    assert str(s.db) == "/tmp/x.sqlite3"
    assert s.resolved_engine == "offline"
    assert s.llm_model == "local-model"
    assert s.fetch_allow == ["127.0.0.1", "10.0.0.0/8", "localhost"]


def test_secrets_never_show_in_repr() -> None:
    s = _settings(TELEGRAM_BOT_TOKEN="123:topsecret", OPENAI_API_KEY="sk-hidden")
    assert "topsecret" not in repr(s)
    assert "sk-hidden" not in repr(s)


def test_the_database_is_a_path_or_a_postgres_url_kept_secret() -> None:
    assert _settings().db == Path("briefbot.sqlite3")
    assert _settings(BRIEFBOT_DB="data/briefs.sqlite3").db == Path("data/briefs.sqlite3")
    for url in ("postgresql://bot:pw-hidden@db:5432/briefs", " Postgres://bot:pw-hidden@db/briefs"):
        s = _settings(BRIEFBOT_DB=url, BRIEFBOT_DB_POOL_SIZE="4")
        assert isinstance(s.db, SecretStr)
        assert s.db.get_secret_value() == url.strip()
        assert s.db_pool_size == 4
        assert "pw-hidden" not in repr(s)
    with pytest.raises(ValidationError, match="file path or a postgresql:// URL"):
        _settings(BRIEFBOT_DB="mysql://bot@db/briefs")


def test_env_file_is_read(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("BRIEFBOT_LLM_MODEL=from-file\nBRIEFBOT_FETCH_ALLOW=localhost\n")
    s = Settings.from_environ({}, env_file=str(env))
    assert s.llm_model == "from-file"
    assert s.fetch_allow == ["localhost"]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "offline"),
        ({"OPENAI_API_KEY": "sk"}, "llm"),
        ({"OPENAI_BASE_URL": "http://127.0.0.1:1/v1"}, "llm"),
        ({"OPENAI_API_KEY": "sk", "BRIEFBOT_ENGINE": "offline"}, "offline"),
        ({"BRIEFBOT_ENGINE": "llm"}, "llm"),
    ],
)
def test_auto_engine(env: dict[str, str], expected: str) -> None:
    assert _settings(**env).resolved_engine == expected


def test_bad_values_are_refused() -> None:
    with pytest.raises(ValidationError):
        _settings(BRIEFBOT_ENGINE="magic")
    with pytest.raises(ValidationError):
        _settings(BRIEFBOT_FETCH_MAX_BYTES="-5")


def test_allow_lists_parse_ids() -> None:
    s = _settings(BRIEFBOT_ALLOWED_USER_IDS="1, 22", BRIEFBOT_ALLOWED_CHAT_IDS="-100")
    assert s.allowed_user_ids == [1, 22]
    assert s.allowed_chat_ids == [-100]


def test_every_setting_is_in_env_example() -> None:
    text = (REPO_ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z_]+)=", text, flags=re.M))
    aliases = {
        "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
        "openai_api_key": "OPENAI_API_KEY",
        "openai_base_url": "OPENAI_BASE_URL",
    }
    for name in Settings.model_fields:
        variable = aliases.get(name, f"BRIEFBOT_{name.upper()}")
        assert variable in documented, f"{variable} missing from .env.example"


STRONG_SECRET = "Zm9vYmFyLWJhei1xdXV4LTEyMzQ1Njc4"


@pytest.mark.parametrize("secret", [None, "", "   "])
def test_webhook_url_without_a_secret_is_refused(secret: str | None) -> None:
    env = {"BRIEFBOT_WEBHOOK_URL": "https://bot.example.org"}
    if secret is not None:
        env["BRIEFBOT_WEBHOOK_SECRET"] = secret
    with pytest.raises(ValidationError) as caught:
        _settings(**env)
    (error,) = caught.value.errors()
    assert error["loc"] == ("webhook_secret",)
    assert "BRIEFBOT_WEBHOOK_SECRET must be set when BRIEFBOT_WEBHOOK_URL is set" in error["msg"]


@pytest.mark.parametrize("secret", ["short", "has spaces in the secret!", "x" * 257])
def test_weak_or_malformed_webhook_secret_is_refused(secret: str) -> None:
    with pytest.raises(ValidationError, match="16 to 256 characters"):
        _settings(BRIEFBOT_WEBHOOK_URL="https://bot.example.org", BRIEFBOT_WEBHOOK_SECRET=secret)


def test_webhook_with_a_strong_secret_and_polling_without_one() -> None:
    hook = _settings(
        BRIEFBOT_WEBHOOK_URL="https://bot.example.org", BRIEFBOT_WEBHOOK_SECRET=STRONG_SECRET
    )
    assert hook.webhook_secret is not None
    assert hook.webhook_secret.get_secret_value() == STRONG_SECRET
    # The blank lines of a copied .env.example mean long polling, no secret needed.
    polling = _settings(BRIEFBOT_WEBHOOK_URL="", BRIEFBOT_WEBHOOK_SECRET="")
    assert polling.webhook_url is None
    assert polling.webhook_secret is None


def test_run_without_a_webhook_secret_says_why_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import EXIT_USAGE, main

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("BRIEFBOT_WEBHOOK_URL", "https://bot.example.org")
    monkeypatch.delenv("BRIEFBOT_WEBHOOK_SECRET", raising=False)
    assert main(["run"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "invalid setting webhook_secret" in err
    assert "BRIEFBOT_WEBHOOK_SECRET must be set" in err
