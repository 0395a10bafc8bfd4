"""The queue's schema and the scale tables, applied at start-up by whichever process comes first.

procrastinate's `schema.sql` is not idempotent (it creates tables and types), so it is applied
only when its jobs table is missing, under an advisory lock held across the check and the
apply: processes that start together wait for the first, then find the schema there.
"""

from __future__ import annotations

import psycopg
from procrastinate.schema import SchemaManager

from bot.errors import StoreError
from bot.scale.locks import NAMESPACE, LockKey

SCALE_TABLES = """
CREATE TABLE IF NOT EXISTS scale_sent_messages (
    scope text NOT NULL,
    seq integer NOT NULL,
    response bytea,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, seq)
);
ALTER TABLE scale_sent_messages ADD COLUMN IF NOT EXISTS owner integer;
CREATE TABLE IF NOT EXISTS scale_user_events (
    user_key bigint NOT NULL,
    kind text NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS scale_user_events_key ON scale_user_events (user_key, kind, at);
CREATE TABLE IF NOT EXISTS scale_send_slots (
    chat_id bigint NOT NULL,
    at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS scale_send_slots_at ON scale_send_slots (at);
CREATE INDEX IF NOT EXISTS scale_send_slots_chat ON scale_send_slots (chat_id, at);
"""
"""The journal of messages sent per update (a retried job does not send them again), the user
rate-limit events, and the flood-limit reservations."""


async def apply_queue_schema(conninfo: str) -> bool:
    """Create what is missing; True when this process applied procrastinate's schema."""
    try:
        async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
            await conn.execute("SELECT pg_advisory_lock(%s, %s)", (NAMESPACE, LockKey.SCHEMA))
            try:
                cursor = await conn.execute("SELECT to_regclass('procrastinate_jobs') IS NULL")
                row = await cursor.fetchone()
                missing = bool(row and row[0])
                async with conn.transaction():
                    if missing:
                        await conn.execute(SchemaManager.get_schema())
                    await conn.execute(SCALE_TABLES)
            finally:
                await conn.execute("SELECT pg_advisory_unlock(%s, %s)", (NAMESPACE, LockKey.SCHEMA))
    except psycopg.Error as exc:
        raise StoreError(f"cannot prepare the job queue's tables: {exc}") from exc
    return missing
