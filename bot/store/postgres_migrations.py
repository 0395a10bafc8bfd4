"""PostgreSQL's schema as numbered, append-only migrations (SQLite's: `sqlite_migrations`).

Migration N (1-based) brings a database from version N-1 to N; the versions applied are rows of
`briefbot_schema`. Never edit or reorder a released migration: add the next one to the list.
Most entries are one SQL script, run as it is (several statements are fine: PostgreSQL runs DDL
inside a transaction); an entry that needs to look before it acts is a coroutine given the
connection. A change to the tables the shared queries (`sql_briefs`, `sql_schedule`) touch
needs its twin in `sqlite_migrations`; tables only the job queue or other PostgreSQL-only parts
use (procrastinate's schema, shared limits) are added here alone.

Any process may start first, and several may start at once: each opens the store, which takes
`pg_advisory_xact_lock(MIGRATION_LOCK)`, reads the version under it and applies what is
missing in that one transaction. A second process waits on the lock, then finds nothing left to
do. A process older than the database (a version it does not know) refuses to start.

The job queue's schema is a step of this one list, not a second list that only the ingress and
the workers apply. A PostgreSQL database is only ever opened with the `scale` extra installed
(psycopg comes with it), and that extra brings procrastinate too, so every process that can
reach the database can apply every step; one numbering then says the whole state of a database,
whichever process (ingress, worker, a one-off command) opened it first, and a later migration
of the store's own tables never waits behind a queue step that process did not know how to run.
procrastinate is imported inside its step, so `bot.store.postgres` stays free of it, and the
default install (SQLite) never imports this module at all. Migrations 2 and 3 were applied
before, outside this list, by each scale process at start-up; they are written so that a
database that already has their tables (and no row for them here) takes them without error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, LiteralString

from psycopg import AsyncConnection

from bot.errors import StoreBackendMissingError, StoreError

MIGRATION_LOCK = 0x62726965_66000001
"""The advisory-lock key that serialises migrations (other advisory locks use other keys)."""

Migration = LiteralString | Callable[[AsyncConnection[Any]], Awaitable[None]]
"""A script run as it is, or a step given the migrating connection (inside its transaction)."""


async def _queue_schema(db: AsyncConnection[Any]) -> None:
    """procrastinate's tables, types and functions. Its `schema.sql` is not idempotent, so it
    runs only where procrastinate's jobs table is missing (a database the scale processes
    prepared before this step existed has it already)."""
    try:
        from procrastinate.schema import SchemaManager
    except ImportError as exc:
        if not (exc.name or "").startswith("procrastinate"):
            raise
        raise StoreBackendMissingError(
            "the job queue's tables need procrastinate, part of the scale extra: "
            "pip install 'briefbot[scale]'"
        ) from None
    cursor = await db.execute("SELECT to_regclass('procrastinate_jobs') IS NULL")
    missing = await cursor.fetchone()
    if missing is not None and missing[0]:
        await db.execute(SchemaManager.get_schema())


MIGRATIONS: tuple[Migration, ...] = (
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
    # 2: the tables of the scale processes: the journal of the messages each update's job sent
    # (a job run again does not send them again) with the number of the process sending, the
    # per-user rate-limit events, and the flood-limit reservations. IF NOT EXISTS throughout:
    # the processes created these themselves before this migration existed.
    """
    CREATE TABLE IF NOT EXISTS scale_sent_messages (
        scope TEXT NOT NULL,
        seq INTEGER NOT NULL,
        response BYTEA,
        claimed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, seq)
    );
    ALTER TABLE scale_sent_messages ADD COLUMN IF NOT EXISTS owner INTEGER;

    CREATE TABLE IF NOT EXISTS scale_user_events (
        user_key BIGINT NOT NULL,
        kind TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX IF NOT EXISTS scale_user_events_key ON scale_user_events (user_key, kind, at);

    CREATE TABLE IF NOT EXISTS scale_send_slots (
        chat_id BIGINT NOT NULL,
        at TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX IF NOT EXISTS scale_send_slots_at ON scale_send_slots (at);
    CREATE INDEX IF NOT EXISTS scale_send_slots_chat ON scale_send_slots (chat_id, at);
    """,
    # 3: the job queue's schema (procrastinate's), where it is missing.
    _queue_schema,
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
            migration = MIGRATIONS[number - 1]
            if isinstance(migration, str):
                await db.execute(migration)
            else:
                await migration(db)
            await db.execute("INSERT INTO briefbot_schema (version) VALUES (%s)", (number,))
    return max(version, LATEST)
