"""Shared fixtures. Loopback traffic must never go through a proxy from the environment."""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.testing.postgres import PostgresServer, postgres_binaries, running_postgres
from bot.testing.telegram import TelegramStandIn, running_telegram_stand_in

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Without the scale extra the PostgreSQL-only modules cannot even be imported; outside CI they
# are left out (the contract tests' PostgreSQL half skips through `postgres_server`).
_IN_CI = os.environ.get("CI", "").lower() == "true"
collect_ignore = (
    []
    if _IN_CI or importlib.util.find_spec("psycopg") is not None
    else [
        "store/test_postgres.py",
        "store/test_postgres_migrations.py",
        "store/test_select.py",
        "testing/test_postgres.py",
    ]
)


@pytest.fixture(autouse=True)
def _loopback_without_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost,::1")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost,::1")
    # PTB 22 warns about RetryAfter's int form unless this is set; warnings are errors here.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    return


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramStandIn]:
    """The Bot API stand-in, one per test like the application that talks to it."""
    async with running_telegram_stand_in() as stand_in:
        yield stand_in


def _postgres_missing() -> str | None:
    if postgres_binaries() is None:
        return "PostgreSQL's initdb and pg_ctl are not installed"
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (the scale extra)"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test on the PostgreSQL server counts as slow: the fast loop (`pytest -m "not slow"`)
    runs the store on SQLite alone; the whole run (CI, the README's command) runs both."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_server = "postgres_server" in getattr(item, "fixturenames", ()) or (
            callspec is not None and callspec.params.get("database") == "postgres"
        )
        if on_server:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole run; skipped without PostgreSQL, except in
    CI (CI=true), where a missing server is a failure rather than tests quietly not run."""
    missing = _postgres_missing()
    if missing is not None:
        if _IN_CI:
            pytest.fail(f"{missing}, and CI=true needs the PostgreSQL tests")
        pytest.skip(missing)
    with running_postgres() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_dsn(postgres_server: PostgresServer) -> str:
    """The server's maintenance database; tests that write use `postgres_db`."""
    return postgres_server.dsn


_DATABASE_NAMES = itertools.count(1)


@pytest.fixture
def postgres_db(postgres_server: PostgresServer) -> Iterator[str]:
    """The DSN of a new, empty database for one test, dropped after it."""
    name = f"test_{next(_DATABASE_NAMES)}"
    dsn = postgres_server.create_database(name)
    yield dsn
    postgres_server.drop_database(name)


@pytest.fixture(scope="session")
def migrated_template(postgres_server: PostgresServer) -> str:
    """A database with every migration applied, once per run: the template of `migrated_db`."""
    from bot.store.postgres import migrate

    name = "briefbot_migrated"
    asyncio.run(migrate(postgres_server.create_database(name)))
    return name


@pytest.fixture
def migrated_db(postgres_server: PostgresServer, migrated_template: str) -> Iterator[str]:
    """The DSN of a new database as the migrations leave it, for one test (a copy of the
    template is a third of the time of migrating an empty one), dropped after it."""
    name = f"test_{next(_DATABASE_NAMES)}"
    dsn = postgres_server.create_database(name, template=migrated_template)
    yield dsn
    postgres_server.drop_database(name)
