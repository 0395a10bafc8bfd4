"""SQLite's schema as numbered, append-only migrations (PostgreSQL's: `postgres_migrations`).

Migration N (1-based) brings a database from `PRAGMA user_version` N-1 to N. Never edit or
reorder a released migration: databases in the field have already run it. Add a new one.

A change to the shared schema is two migrations, one here and one in `postgres_migrations`, each
the next number of its own list (the numbers need not match: PostgreSQL has tables SQLite never
needs); the queries in `sql_briefs` and `sql_schedule` run on both, so the tables and columns
they touch must exist under the same names in both. Each process applies what its database
lacks when it opens the store (under `BEGIN IMMEDIATE` here), so no separate step is needed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

import aiosqlite

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, briefs and what each chat received, asked and subscribed to.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url_key TEXT NOT NULL,          -- canonical url, '' for pasted text
        final_key TEXT NOT NULL,        -- canonical url after redirects, '' if none
        content_hash TEXT NOT NULL,
        data TEXT NOT NULL,             -- Article JSON
        created_at TEXT NOT NULL,
        UNIQUE (url_key, content_hash)
    );
    CREATE INDEX articles_final_key ON articles (final_key);
    CREATE INDEX articles_content_hash ON articles (content_hash);

    CREATE TABLE briefs (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        engine TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        data TEXT NOT NULL,             -- Brief JSON
        created_at TEXT NOT NULL
    );
    CREATE INDEX briefs_article ON briefs (article_id);

    -- The brief to reuse for an article text; a refresh points it at a newer brief.
    CREATE TABLE brief_cache (
        content_hash TEXT NOT NULL,
        engine TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        brief_id INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
        PRIMARY KEY (content_hash, engine, engine_version)
    );

    CREATE TABLE chat_briefs (
        chat_id INTEGER NOT NULL,
        brief_id INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (chat_id, brief_id)
    );
    CREATE INDEX chat_briefs_brief ON chat_briefs (brief_id);
    CREATE INDEX chat_briefs_last ON chat_briefs (chat_id, last_seq);

    CREATE TABLE chat_messages (
        chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        brief_id INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
        PRIMARY KEY (chat_id, message_id)
    );
    CREATE INDEX chat_messages_brief ON chat_messages (brief_id);

    CREATE TABLE turns (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        brief_id INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX turns_chat_brief ON turns (chat_id, brief_id, id);

    CREATE TABLE subscriptions (
        chat_id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,               -- local time of day, HH:MM:SS
        timezone TEXT NOT NULL,
        quiet INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE briefings (
        chat_id INTEGER PRIMARY KEY,
        sent_at TEXT NOT NULL
    );
    """,
    # 2: the briefing schedule kept in the database, claimed briefings, Telegram's update ids.
    # next_at stays NULL until the store computes it at open (it needs the time zone rules).
    """
    ALTER TABLE subscriptions ADD COLUMN next_at TEXT;      -- UTC, NULL for an unknown zone
    CREATE INDEX subscriptions_next_at ON subscriptions (next_at);

    CREATE TABLE briefing_claims (
        chat_id INTEGER NOT NULL,
        due_at TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        sent_at TEXT,
        PRIMARY KEY (chat_id, due_at)
    );
    CREATE INDEX briefing_claims_claimed ON briefing_claims (claimed_at);

    CREATE TABLE seen_updates (
        update_id INTEGER PRIMARY KEY,
        seen_at TEXT NOT NULL
    );
    CREATE INDEX seen_updates_seen ON seen_updates (seen_at);
    """,
)

LATEST = len(MIGRATIONS)


def statements(script: str) -> Iterator[str]:
    """Split a script into statements, so they run inside one transaction we control.

    `executescript` would commit any open transaction first, which defeats the point.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending.strip()
            pending = ""
    leftover = [line for line in pending.splitlines() if not line.strip().startswith("--")]
    if "".join(leftover).strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending.strip()[:60]!r}")


async def schema_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row is not None else 0


async def apply_migrations(db: aiosqlite.Connection) -> int:
    """Bring the schema up to date in one transaction and return the version reached.

    The version is read again under the write lock, so two processes starting together
    cannot both run the same migration.
    """
    await db.execute("BEGIN IMMEDIATE")
    try:
        version = await schema_version(db)
        for number in range(version + 1, LATEST + 1):
            for statement in statements(MIGRATIONS[number - 1]):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {number}")
        await db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                await db.execute("ROLLBACK")
        raise
    return max(version, LATEST)
