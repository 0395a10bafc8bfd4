"""The store for `BRIEFBOT_DB`: a path is SQLite (the default), a PostgreSQL URL the server.

psycopg is imported only for a PostgreSQL URL, so the default install runs without the
`scale` extra; asking for PostgreSQL without it is a `StoreBackendMissingError` in words.
"""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings, is_postgres_url
from bot.errors import StoreBackendMissingError
from bot.store.base import Store


async def open_store(target: Path | str, *, pool_size: int = 10) -> Store:
    """Open the database at `target` (a path or a PostgreSQL URL), migrated and ready."""
    if isinstance(target, str) and is_postgres_url(target):
        try:
            from bot.store.postgres import PostgresStore
        except ImportError as exc:
            if not (exc.name or "").startswith("psycopg"):
                raise
            raise StoreBackendMissingError(
                "BRIEFBOT_DB is a PostgreSQL URL, which needs the scale extra: "
                "pip install 'briefbot[scale]'"
            ) from None
        return await PostgresStore.open(target, pool_size=pool_size)
    from bot.store.sqlite import SQLiteStore

    return await SQLiteStore.open(target)


async def open_configured_store(settings: Settings) -> Store:
    """The store the settings name (`BRIEFBOT_DB`, `BRIEFBOT_DB_POOL_SIZE`)."""
    target = settings.db if isinstance(settings.db, Path) else settings.db.get_secret_value()
    return await open_store(target, pool_size=settings.db_pool_size)
