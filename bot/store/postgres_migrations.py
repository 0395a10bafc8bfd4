"""PostgreSQL's schema as numbered, append-only migrations (SQLite's: `sqlite_migrations`).

Migration N (1-based) brings a database from version N-1 to N; the versions applied are rows of
`briefbot_schema`. Never edit or reorder a released migration: add the next one to the list.
Each entry is one SQL script, run as it is (several statements are fine: PostgreSQL runs DDL
inside a transaction). A change to the tables the shared queries (`sql_briefs`,
`sql_schedule`) touch needs its twin in `sqlite_migrations`; tables only the job queue or other
PostgreSQL-only parts use (procrastinate's schema, shared limits) are added here alone.

Any process may start first, and several may start at once: each opens the store, which takes
`pg_advisory_xact_lock(MIGRATION_LOCK)`, reads the version under it and applies what is
missing in that one transaction. A second process waits on the lock, then finds nothing left to
do. A process older than the database (a version it does not know) refuses to start.
"""

from __future__ import annotations

from typing import Any, LiteralString

from psycopg import AsyncConnection

from bot.errors import StoreError

MIGRATION_LOCK = 0x62726965_66000001
"""The advisory-lock key that serialises migrations (other advisory locks use other keys)."""

MIGRATIONS: tuple[LiteralString, ...] = (
    # 1: everything of SQLite's 1 and 2: articles, briefs, deliveries, questions, the daily
    # schedule with its claims, and Telegram's update ids.
    """
    CREATE TABLE articles (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        url_key TEXT NOT NULL,          -- canonical url, '' for pasted text
        final_key TEXT NOT NULL,        -- canonical url after redirects, '' if none
        content_hash TEXT NOT NULL,
        data TEXT NOT NULL,             -- Article JSON
        created_at TIMESTAMPTZ NOT NULL,
        UNIQUE (url_key, content_hash)
    );
    CREATE INDEX articles_final_key ON articles (final_key);
    CREATE INDEX articles_content_hash ON articles (content_hash);

    CREATE TABLE briefs (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        engine TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        data TEXT NOT NULL,             -- Brief JSON
        created_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX briefs_article ON briefs (article_id);

    CREATE TABLE brief_cache (
        content_hash TEXT NOT NULL,
        engine TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        brief_id BIGINT NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
        PRIMARY KEY (content_hash, engine, engine_version)
    );
    CREATE INDEX brief_cache_brief ON brief_cache (brief_id);

    -- One sequence for all chats: each chat's deliveries stay in order across processes.
    CREATE SEQUENCE delivery_seq;

    CREATE TABLE chat_briefs (
        chat_id BIGINT NOT NULL,
        brief_id BIGINT NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
        first_at TIMESTAMPTZ NOT NULL,
        last_at TIMESTAMPTZ NOT NULL,
        first_seq BIGINT NOT NULL,
        last_seq BIGINT NOT NULL,
        PRIMARY KEY (chat_id, brief_id)
    );
    CREATE INDEX chat_briefs_brief ON chat_briefs (brief_id);
    CREATE INDEX chat_briefs_last ON chat_briefs (chat_id, last_seq);

    CREATE TABLE chat_messages (
        chat_id BIGINT NOT NULL,
        message_id BIGINT NOT NULL,
        brief_id BIGINT NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
        PRIMARY KEY (chat_id, message_id)
    );
    CREATE INDEX chat_messages_brief ON chat_messages (brief_id);

    CREATE TABLE turns (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        chat_id BIGINT NOT NULL,
        brief_id BIGINT NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX turns_chat_brief ON turns (chat_id, brief_id, id);

    CREATE TABLE subscriptions (
        chat_id BIGINT PRIMARY KEY,
        at TIME NOT NULL,               -- local time of day
        timezone TEXT NOT NULL,
        quiet BOOLEAN NOT NULL DEFAULT false,
        next_at TIMESTAMPTZ             -- NULL for an unknown zone
    );
    CREATE INDEX subscriptions_next_at ON subscriptions (next_at);

    CREATE TABLE briefings (
        chat_id BIGINT PRIMARY KEY,
        sent_at TIMESTAMPTZ NOT NULL
    );

    CREATE TABLE briefing_claims (
        chat_id BIGINT NOT NULL,
        due_at TIMESTAMPTZ NOT NULL,
        claimed_at TIMESTAMPTZ NOT NULL,
        sent_at TIMESTAMPTZ,
        PRIMARY KEY (chat_id, due_at)
    );
    CREATE INDEX briefing_claims_claimed ON briefing_claims (claimed_at);

    CREATE TABLE seen_updates (
        update_id BIGINT PRIMARY KEY,
        seen_at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX seen_updates_seen ON seen_updates (seen_at);
    """,
)

LATEST = len(MIGRATIONS)


async def schema_version(db: AsyncConnection[Any]) -> int:
    """The highest version applied; 0 for a database briefbot never opened."""
    cursor = await db.execute("SELECT to_regclass('briefbot_schema') IS NOT NULL")
    exists = await cursor.fetchone()
    if exists is None or not exists[0]:
        return 0
    cursor = await db.execute("SELECT coalesce(max(version), 0) FROM briefbot_schema")
    row = await cursor.fetchone()
    return int(row[0]) if row is not None else 0


async def apply_migrations(db: AsyncConnection[Any], where: str) -> int:
    """Bring the schema up to date in one transaction under the migration lock; returns the
    version reached. `db` must be in autocommit mode (the transaction is this function's)."""
    async with db.transaction():
        await db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        await db.execute(
            "CREATE TABLE IF NOT EXISTS briefbot_schema ("
            " version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        version = await schema_version(db)
        if version > LATEST:
            raise StoreError(
                f"{where} was written by a newer briefbot "
                f"(schema {version}, this one knows {LATEST})"
            )
        for number in range(version + 1, LATEST + 1):
            await db.execute(MIGRATIONS[number - 1])
            await db.execute("INSERT INTO briefbot_schema (version) VALUES (%s)", (number,))
    return max(version, LATEST)
