"""Settings: one typed object, read from the environment and `.env`, built once at start-up."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

EngineChoice = Literal["auto", "offline", "llm"]


_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{16,256}")
"""Telegram allows 1-256 of these characters; fewer than 16 would be guessable."""


_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(value: str) -> bool:
    return value.strip().lower().startswith(_POSTGRES_SCHEMES)


def _split_commas(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Every knob of briefbot. Secrets are `SecretStr` so they never show in a repr or a log."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFBOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    # Telegram
    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "telegram_bot_token")
    )
    telegram_api_url: str = "https://api.telegram.org/bot"
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_path: str = "telegram"
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    telegram_connections: int = Field(default=8, ge=1, le=256)
    """Open connections to the Bot API at most. Every call looks over the idle ones (a system
    call or two for each), so more connections cost CPU on every call: 32 cost half as much again
    as 8 per call. 8 carry Telegram's 30 messages a second even at 250 ms a call."""

    # Bot behaviour and limits
    allowed_user_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    allowed_chat_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    rate_limit_briefs: int = Field(default=10, ge=1)
    rate_limit_window: float = Field(default=600.0, gt=0)
    max_concurrent_briefs: int = Field(default=4, ge=1, le=64)
    max_links_per_message: int = Field(default=3, ge=1, le=10)
    min_text_chars: int = Field(default=300, ge=1)
    history_size: int = Field(default=10, ge=1, le=50)
    default_timezone: str = "UTC"

    # Storage
    db: Path | SecretStr = Path("briefbot.sqlite3")
    """A SQLite file (the default), or a PostgreSQL URL for several processes on several machines
    (a secret: it may carry the password)."""
    db_pool_size: int = Field(default=10, ge=1, le=100)
    """Connections each process keeps to PostgreSQL at most."""

    # Several processes (BRIEFBOT_DB a postgresql:// URL)
    worker_concurrency: int = Field(default=8, ge=1, le=1024)
    """Jobs one `briefbot worker` runs at once (different chats; one chat's jobs run in turn)."""
    worker_stalled_after: float = Field(default=20.0, ge=5.0, le=600.0)
    """Seconds without a worker's heartbeat after which its running jobs go to another worker."""

    # Diagnostics
    loop_lag_report: Path | None = None

    # Engines
    engine: EngineChoice = "auto"
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "openai_api_key")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "openai_base_url")
    )
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = Field(default=60.0, gt=0)
    llm_max_retries: int = Field(default=3, ge=0, le=10)
    llm_token_budget: int = Field(default=6000, ge=500)

    # Fetching
    fetch_allow: Annotated[list[str], NoDecode] = Field(default_factory=list)
    fetch_max_bytes: int = Field(default=5_000_000, gt=0)
    fetch_connect_timeout: float = Field(default=5.0, gt=0)
    fetch_read_timeout: float = Field(default=15.0, gt=0)
    fetch_max_redirects: int = Field(default=5, ge=0, le=20)
    fetch_user_agent: str = "briefbot/0.1 (news brief bot; +https://example.org/briefbot)"

    # Extraction
    extract_timeout: float = Field(default=15.0, gt=0)
    extract_workers: int = Field(default=2, ge=1, le=16)
    extract_max_tags: int = Field(default=50_000, ge=100)
    stdin_timeout: float = Field(default=30.0, gt=0)

    @field_validator("fetch_allow", "allowed_user_ids", "allowed_chat_ids", mode="before")
    @classmethod
    def _parse_allow(cls, value: object) -> object:
        return _split_commas(value)

    @field_validator("db", mode="before")
    @classmethod
    def _path_or_postgres(cls, value: object) -> object:
        if isinstance(value, str):
            if is_postgres_url(value):
                return SecretStr(value.strip())
            if "://" in value:
                raise ValueError("BRIEFBOT_DB must be a file path or a postgresql:// URL")
            return Path(value)
        return value

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _blank_url_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_needs_a_secret(cls, value: SecretStr | None, info: ValidationInfo) -> object:
        """Without the secret header check, anyone who finds the URL could post fake updates."""
        secret = value.get_secret_value().strip() if value is not None else ""
        if not info.data.get("webhook_url"):
            return value or None
        if not secret:
            raise ValueError(
                "BRIEFBOT_WEBHOOK_SECRET must be set when BRIEFBOT_WEBHOOK_URL is set "
                "(e.g. the output of: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        if not _WEBHOOK_SECRET.fullmatch(secret):
            raise ValueError(
                "BRIEFBOT_WEBHOOK_SECRET must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -"
            )
        return SecretStr(secret)

    @field_validator("loop_lag_report", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def resolved_engine(self) -> Literal["offline", "llm"]:
        """`auto` means the LLM engine when an endpoint or key is configured."""
        if self.engine == "auto":
            return "llm" if (self.openai_api_key or self.openai_base_url) else "offline"
        return self.engine

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], env_file: str | None = None) -> Settings:
        """Build settings from an explicit mapping (tests) instead of the process environment.

        Values from `env_file` come first; the mapping wins over them.
        """
        merged: dict[str, str] = {}
        if env_file is not None:
            from dotenv import dotenv_values

            merged.update(
                {key: value for key, value in dotenv_values(env_file).items() if value is not None}
            )
        merged.update(environ)
        return cls.model_validate(_field_values(merged))


_SDK_NAMES = {
    "TELEGRAM_BOT_TOKEN": "telegram_bot_token",
    "OPENAI_API_KEY": "openai_api_key",
    "OPENAI_BASE_URL": "openai_base_url",
}


def _field_values(environ: Mapping[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, raw in environ.items():
        if key in _SDK_NAMES:
            values[_SDK_NAMES[key]] = raw
        elif key.startswith("BRIEFBOT_"):
            values[key.removeprefix("BRIEFBOT_").lower()] = raw
    return values
