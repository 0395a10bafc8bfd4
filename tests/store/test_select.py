"""BRIEFBOT_DB chooses the store: a path is SQLite, a PostgreSQL URL the server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.config import Settings
from bot.service import BriefService
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SQLiteStore


async def test_a_path_opens_sqlite(tmp_path: Path) -> None:
    settings = Settings.from_environ(
        {"BRIEFBOT_DB": str(tmp_path / "briefs.sqlite3"), "BRIEFBOT_ENGINE": "offline"}
    )
    service = await BriefService.open(settings)
    try:
        assert isinstance(service.store, SQLiteStore)
    finally:
        await service.close()
    assert (tmp_path / "briefs.sqlite3").is_file()


async def test_a_postgres_url_opens_the_server(postgres_db: str) -> None:
    settings = Settings.from_environ(
        {"BRIEFBOT_DB": postgres_db, "BRIEFBOT_DB_POOL_SIZE": "2", "BRIEFBOT_ENGINE": "offline"}
    )
    service = await BriefService.open(settings)
    try:
        assert isinstance(service.store, PostgresStore)
        await service.subscribe(8, dt.time(7, 0), "UTC", quiet=False)
        assert [item.chat_id for item in await service.subscriptions()] == [8]
    finally:
        await service.close()
