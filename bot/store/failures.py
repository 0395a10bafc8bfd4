"""SQLite's errors said in words: what the log and the operator read about the database.

PostgreSQL's are in `bot.store.postgres` (this module must not need psycopg).
"""

from __future__ import annotations

import logging
import sqlite3

from bot.errors import StoreError

log = logging.getLogger("bot.store")


def describe_failure(where: str, exc: sqlite3.Error) -> str:
    """A short sentence for the log and the operator, never the exception's repr."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{where} is not a usable briefbot database (corrupt or not SQLite)"
    if "locked" in text or "busy" in text:
        return f"{where} is locked by another process"
    if "readonly" in text or "read-only" in text:
        return f"{where} is read-only"
    if "foreign key" in text:
        return f"{where} no longer holds that brief or article"
    if "full" in text:
        return f"no space left to write {where}"
    if "unable to open" in text:
        return f"cannot open {where} (missing folder or no permission)"
    return f"database error in {where}: {exc}"


def store_failure(message: str, cause: Exception | None = None) -> StoreError:
    log.error("%s%s", message, f" ({cause})" if cause is not None else "")
    return StoreError(message)
