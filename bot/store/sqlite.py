"""BriefStore: articles, briefs and each chat's deliveries, questions and subscriptions in SQLite.

Every chat sees only what was delivered to it: lookups by brief id, URL or message id all go
through the chat's own deliveries. One connection serves the whole process; a lock keeps its
transactions from interleaving, and every write runs in `BEGIN IMMEDIATE` so that a second
process waits (busy timeout) instead of failing half-way. `sqlite3.Error` never leaves this
module: it becomes a `StoreError` that names the database and says what went wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
from pydantic import ValidationError

from bot.errors import StoreError
from bot.models import Article, Brief, Turn
from bot.store.canonical_url import canonical_url
from bot.store.failures import describe_failure, store_failure
from bot.store.migrations import LATEST, apply_migrations, schema_version
from bot.store.records import StoredBrief, Subscription

log = logging.getLogger(__name__)


def _now() -> str:
    return _stamp(dt.datetime.now(dt.UTC))


def _stamp(moment: dt.datetime) -> str:
    """ISO text in UTC with fixed precision, so text order is time order."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


_BRIEF_COLUMNS = "b.id, b.article_id, a.data, b.data, b.engine, b.engine_version, b.created_at"
_CHAT_BRIEFS = f"""
    SELECT {_BRIEF_COLUMNS}, cb.last_at FROM chat_briefs cb
    JOIN briefs b ON b.id = cb.brief_id JOIN articles a ON a.id = b.article_id
"""

_STORY = "CASE WHEN a.url_key != '' THEN 'u:' || a.url_key ELSE 'h:' || a.content_hash END"
_ONE_PER_STORY = f"""
    SELECT {_BRIEF_COLUMNS}, cb.last_at, cb.last_seq AS seq, cb.first_seq AS first_seq,
    row_number() OVER (PARTITION BY {_STORY} ORDER BY cb.last_seq DESC) AS story_rank
    FROM chat_briefs cb JOIN briefs b ON b.id = cb.brief_id JOIN articles a ON a.id = b.article_id
"""


class BriefStore:
    def __init__(self, db: aiosqlite.Connection, where: str) -> None:
        self._db: aiosqlite.Connection | None = db
        self._where = where
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, busy_timeout: float = 5.0) -> BriefStore:
        """Open (creating if needed) and migrate; fails once, with a StoreError, if unusable.

        Nothing is logged here: the caller reports the error (the CLI prints its one line).
        """
        where = str(path)
        if where != ":memory:":
            try:
                Path(where).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for {where}: {exc.strerror}") from None
        connecting = aiosqlite.connect(where, isolation_level=None, timeout=busy_timeout)
        try:
            db = await connecting
        except sqlite3.Error as exc:
            # aiosqlite stops its worker thread without waiting; if the loop closed first, the
            # thread would print a traceback after our one-line error.
            await asyncio.to_thread(connecting._thread.join, 5.0)
            raise StoreError(describe_failure(where, exc)) from exc
        store = cls(db, where)
        try:
            await db.execute(f"PRAGMA busy_timeout = {max(0, int(busy_timeout * 1000))}")
            await db.execute("PRAGMA foreign_keys = ON")
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA synchronous = NORMAL")
            found = await schema_version(db)
            if found > LATEST:
                raise StoreError(
                    f"{where} was written by a newer briefbot "
                    f"(schema {found}, this one knows {LATEST})"
                )
            # A damaged page would otherwise surface at the first read, in the middle of a chat.
            async with db.execute("PRAGMA quick_check(1)") as cursor:
                verdict = await cursor.fetchone()
            if verdict is None or verdict[0] != "ok":
                raise StoreError(f"{where} is not a usable briefbot database (corrupt pages)")
            await apply_migrations(db)
            # Fail now, not at the first brief, if nothing can be written.
            await db.execute("BEGIN IMMEDIATE")
            await db.execute("DELETE FROM briefings WHERE 0")
            await db.execute("ROLLBACK")
        except sqlite3.Error as exc:
            await store.close()
            raise StoreError(describe_failure(where, exc)) from exc
        except BaseException:
            await store.close()
            raise
        return store

    async def close(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                await db.close()

    @contextlib.asynccontextmanager
    async def _guard(self) -> AsyncIterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise store_failure(describe_failure(self._where, exc), exc) from exc

    def _connection(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StoreError(f"{self._where} is closed")
        return self._db

    @contextlib.asynccontextmanager
    async def _read(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock, self._guard():
            yield self._connection()

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock, self._guard():
            db = self._connection()
            await db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                if db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        await db.execute("ROLLBACK")
                raise
            await db.execute("COMMIT")

    async def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        async with self._read() as db:
            return list(await db.execute_fetchall(sql, params))

    async def _briefs(self, sql: str, params: tuple[Any, ...]) -> list[StoredBrief]:
        found = []
        for row in await self._rows(sql, params):
            try:
                article = Article.model_validate_json(row[2])
                brief = Brief.model_validate_json(row[3])
                created, delivered = _moment(row[6]), row[7] and _moment(row[7])
            except (ValidationError, ValueError) as exc:
                log.warning("skipped unreadable brief %s in %s: %s", row[0], self._where, exc)
                continue
            found.append(
                StoredBrief(row[0], row[1], article, brief, row[4], row[5], created, delivered)
            )
        return found

    async def _brief(self, sql: str, params: tuple[Any, ...]) -> StoredBrief | None:
        found = await self._briefs(sql, params)
        return found[0] if found else None

    async def save_article(self, article: Article) -> int:
        url_key = canonical_url(article.url) if article.url else ""
        final_key = canonical_url(article.final_url) if article.final_url else ""
        async with self._write() as db:
            rows = await db.execute_fetchall(
                """
                INSERT INTO articles (url_key, final_key, content_hash, data, created_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (url_key, content_hash)
                DO UPDATE SET final_key = excluded.final_key, data = excluded.data RETURNING id
                """,
                (url_key, final_key, article.content_hash, article.model_dump_json(), _now()),
            )
        return int(next(iter(rows))[0])

    async def cached_brief(
        self, content_hash: str, engine: str, engine_version: str
    ) -> StoredBrief | None:
        return await self._brief(
            f"""
            SELECT {_BRIEF_COLUMNS}, NULL FROM brief_cache c
            JOIN briefs b ON b.id = c.brief_id JOIN articles a ON a.id = b.article_id
            WHERE c.content_hash = ? AND c.engine = ? AND c.engine_version = ?
            """,
            (content_hash, engine, engine_version),
        )

    async def save_brief(
        self, article_id: int, brief: Brief, engine: str, engine_version: str
    ) -> int:
        """Keep the brief and make it the cached one for its article text and engine."""
        async with self._write() as db:
            rows = list(
                await db.execute_fetchall(
                    """
                    INSERT INTO briefs (article_id, engine, engine_version, data, created_at)
                    SELECT id, ?, ?, ?, ? FROM articles WHERE id = ? RETURNING id
                    """,
                    (engine, engine_version, brief.model_dump_json(), _now(), article_id),
                )
            )
            if not rows:
                raise StoreError(f"no article {article_id} in {self._where}")
            await db.execute(
                """
                INSERT INTO brief_cache (content_hash, engine, engine_version, brief_id)
                SELECT a.content_hash, b.engine, b.engine_version, b.id
                FROM briefs b JOIN articles a ON a.id = b.article_id WHERE b.id = ?
                ON CONFLICT DO UPDATE SET brief_id = excluded.brief_id
                """,
                (rows[0][0],),
            )
        return int(rows[0][0])

    async def record_delivery(self, chat_id: int, brief_id: int, message_ids: list[int]) -> None:
        async with self._write() as db:
            await db.execute(
                """
                INSERT INTO chat_briefs (chat_id, brief_id, first_at, last_at, first_seq, last_seq)
                SELECT ?1, ?2, ?3, ?3, seq, seq FROM (
                    SELECT coalesce(max(last_seq), 0) + 1 AS seq FROM chat_briefs WHERE chat_id = ?1
                ) WHERE true
                ON CONFLICT DO UPDATE SET last_at = excluded.last_at, last_seq = excluded.last_seq
                """,
                (chat_id, brief_id, _now()),
            )
            await db.executemany(
                "INSERT OR REPLACE INTO chat_messages (chat_id, message_id, brief_id)"
                " VALUES (?, ?, ?)",
                [(chat_id, message_id, brief_id) for message_id in message_ids],
            )

    async def undo_delivery(self, chat_id: int, brief_id: int, message_id: int) -> None:
        """Take back a delivery recorded ahead of a send that failed; the chat keeps the brief
        only if other messages of it carry the brief."""
        async with self._write() as db:
            await db.execute(
                "DELETE FROM chat_messages WHERE chat_id = ? AND message_id = ? AND brief_id = ?",
                (chat_id, message_id, brief_id),
            )
            await db.execute(
                "DELETE FROM chat_briefs WHERE chat_id = ?1 AND brief_id = ?2 AND NOT EXISTS"
                " (SELECT 1 FROM chat_messages WHERE chat_id = ?1 AND brief_id = ?2)",
                (chat_id, brief_id),
            )

    async def chat_brief(self, chat_id: int, brief_id: int) -> StoredBrief | None:
        return await self._brief(
            f"{_CHAT_BRIEFS} WHERE cb.chat_id = ? AND cb.brief_id = ?", (chat_id, brief_id)
        )

    async def chat_brief_for_url(self, chat_id: int, url: str) -> StoredBrief | None:
        """The chat's newest brief of that page, also when it came from another link's cache."""
        key = canonical_url(url)
        if not key:
            return None
        return await self._brief(
            f"""
            {_CHAT_BRIEFS} WHERE cb.chat_id = ? AND EXISTS (
                SELECT 1 FROM articles other WHERE other.content_hash = a.content_hash
                AND (other.url_key = ? OR other.final_key = ?)
            ) ORDER BY cb.last_seq DESC LIMIT 1
            """,
            (chat_id, key, key),
        )

    async def brief_for_message(self, chat_id: int, message_id: int) -> StoredBrief | None:
        return await self._brief(
            f"""
            {_CHAT_BRIEFS} JOIN chat_messages m ON m.chat_id = cb.chat_id AND m.brief_id = b.id
            WHERE cb.chat_id = ? AND m.message_id = ?
            """,
            (chat_id, message_id),
        )

    async def chat_history(
        self, chat_id: int, limit: int, *, one_per_story: bool = True
    ) -> list[StoredBrief]:
        """Newest first; a story briefed again (Refresh, a changed page) counts once, as its
        newest brief, unless `one_per_story` is False."""
        if not one_per_story:
            return await self._briefs(
                f"{_CHAT_BRIEFS} WHERE cb.chat_id = ? ORDER BY cb.last_seq DESC LIMIT ?",
                (chat_id, max(0, limit)),
            )
        return await self._briefs(
            f"""
            SELECT * FROM ({_ONE_PER_STORY} WHERE cb.chat_id = ?)
            WHERE story_rank = 1 ORDER BY seq DESC LIMIT ?
            """,
            (chat_id, max(0, limit)),
        )

    async def chat_briefs_since(self, chat_id: int, since: dt.datetime | None) -> list[StoredBrief]:
        """Briefs new to the chat since `since`: a brief shown again later does not count; a
        story briefed twice in that time counts once, as its newest brief."""
        return await self._briefs(
            f"""
            SELECT * FROM ({_ONE_PER_STORY} WHERE cb.chat_id = ? AND cb.first_at > ?)
            WHERE story_rank = 1 ORDER BY first_seq
            """,
            (chat_id, _stamp(since) if since is not None else ""),
        )

    async def turns(self, chat_id: int, brief_id: int, limit: int = 10) -> list[Turn]:
        rows = await self._rows(
            """
            SELECT question, answer FROM (SELECT id, question, answer FROM turns
            WHERE chat_id = ? AND brief_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id
            """,
            (chat_id, brief_id, max(0, limit)),
        )
        return [Turn(question=row[0], answer=row[1]) for row in rows]

    async def add_turn(self, chat_id: int, brief_id: int, question: str, answer: str) -> int:
        async with self._write() as db:
            rows = await db.execute_fetchall(
                "INSERT INTO turns (chat_id, brief_id, question, answer, created_at)"
                " VALUES (?, ?, ?, ?, ?) RETURNING id",
                (chat_id, brief_id, question, answer, _now()),
            )
        return int(next(iter(rows))[0])

    async def turn_question(self, chat_id: int, turn_id: int) -> str | None:
        """The question of one of the chat's turns; another chat's turn id finds nothing."""
        rows = await self._rows(
            "SELECT question FROM turns WHERE chat_id = ? AND id = ?", (chat_id, turn_id)
        )
        return str(rows[0][0]) if rows else None

    async def forget_chat(self, chat_id: int) -> None:
        """Delete the chat's traces, and the articles and briefs that no other chat received."""
        others = "SELECT 1 FROM chat_briefs o WHERE o.brief_id = {} AND o.chat_id != ?"
        mine = "SELECT brief_id FROM chat_briefs WHERE chat_id = ?"
        async with self._write() as db:
            await db.execute(
                f"""
                DELETE FROM articles
                WHERE id IN (SELECT article_id FROM briefs WHERE id IN ({mine}))
                AND NOT EXISTS (SELECT 1 FROM briefs b WHERE b.article_id = articles.id
                                AND EXISTS ({others.format("b.id")}))
                """,
                (chat_id, chat_id),
            )
            await db.execute(
                f"DELETE FROM briefs WHERE id IN ({mine})"
                f" AND NOT EXISTS ({others.format('briefs.id')})",
                (chat_id, chat_id),
            )
            for table in ("chat_messages", "turns", "chat_briefs", "subscriptions", "briefings"):
                await db.execute(f"DELETE FROM {table} WHERE chat_id = ?", (chat_id,))

    async def set_subscription(
        self, chat_id: int, at: dt.time, timezone: str, *, quiet: bool = False
    ) -> None:
        clock = at.replace(tzinfo=None).isoformat(timespec="seconds")
        async with self._write() as db:
            await db.execute(
                """
                INSERT INTO subscriptions (chat_id, at, timezone, quiet) VALUES (?, ?, ?, ?)
                ON CONFLICT DO UPDATE
                SET at = excluded.at, timezone = excluded.timezone, quiet = excluded.quiet
                """,
                (chat_id, clock, timezone, int(quiet)),
            )

    async def subscription(self, chat_id: int) -> Subscription | None:
        rows = await self._rows(
            "SELECT chat_id, at, timezone, quiet FROM subscriptions WHERE chat_id = ?",
            (chat_id,),
        )
        return _subscription(rows[0]) if rows else None

    async def subscriptions(self) -> list[Subscription]:
        rows = await self._rows(
            "SELECT chat_id, at, timezone, quiet FROM subscriptions ORDER BY chat_id"
        )
        return [_subscription(row) for row in rows]

    async def remove_subscription(self, chat_id: int) -> None:
        async with self._write() as db:
            await db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))

    async def last_briefing_at(self, chat_id: int) -> dt.datetime | None:
        rows = await self._rows("SELECT sent_at FROM briefings WHERE chat_id = ?", (chat_id,))
        return _moment(rows[0][0]) if rows else None

    async def mark_briefing_sent(self, chat_id: int, at: dt.datetime) -> None:
        async with self._write() as db:
            await db.execute(
                """
                INSERT INTO briefings (chat_id, sent_at) VALUES (?, ?)
                ON CONFLICT DO UPDATE SET sent_at = excluded.sent_at
                """,
                (chat_id, _stamp(at)),
            )


def _subscription(row: Any) -> Subscription:
    return Subscription(
        chat_id=int(row[0]),
        time=dt.time.fromisoformat(row[1]),
        timezone=str(row[2]),
        quiet=bool(row[3]),
    )
