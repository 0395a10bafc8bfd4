"""The store fixtures: every contract test runs once on SQLite and once on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store.base import Store
from bot.store.select import open_store


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives: a new SQLite file, or a new database on the test server."""
    if request.param == "sqlite":
        return str(tmp_path / "briefs.sqlite3")
    dsn: str = request.getfixturevalue("migrated_db")
    return dsn


@pytest.fixture
async def store(database: str) -> AsyncIterator[Store]:
    opened = await open_store(database)
    yield opened
    await opened.close()
