"""Articles, briefs and what each chat received and asked: the queries both backends run.

See `bot.store.sessions` for how one SQL text serves SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from pydantic import ValidationError

from bot.errors import StoreError
from bot.models import Article, Brief, Turn
from bot.store.canonical_url import canonical_url
from bot.store.records import StoredBrief
from bot.store.sessions import EPOCH, SQLBackend, moment, utc_now

log = logging.getLogger(__name__)

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
_CHAT_TABLES = (
    "chat_messages",
    "turns",
    "chat_briefs",
    "subscriptions",
    "briefings",
    "briefing_claims",
)


class BriefQueries(SQLBackend):
    _DELIVERY = """
        INSERT INTO chat_briefs (chat_id, brief_id, first_at, last_at, first_seq, last_seq)
        SELECT ?, ?, ?, ?, seq, seq FROM (
            SELECT coalesce(max(last_seq), 0) + 1 AS seq FROM chat_briefs WHERE chat_id = ?
        ) AS next_seq WHERE true
        ON CONFLICT (chat_id, brief_id)
        DO UPDATE SET last_at = excluded.last_at, last_seq = excluded.last_seq
    """
    """Parameters: chat, brief, now, now, chat. `last_seq` orders the chat's deliveries."""

    async def _briefs(self, sql: str, params: Sequence[object]) -> list[StoredBrief]:
        found = []
        for row in await self._rows(sql, params):
            try:
                article = Article.model_validate_json(row[2])
                brief = Brief.model_validate_json(row[3])
                created = moment(row[6])
                delivered = moment(row[7]) if row[7] is not None else None
            except (ValidationError, ValueError) as exc:
                log.warning("skipped unreadable brief %s in %s: %s", row[0], self.where, exc)
                continue
            found.append(
                StoredBrief(
                    int(row[0]), int(row[1]), article, brief, row[4], row[5], created, delivered
                )
            )
        return found

    async def _brief(self, sql: str, params: Sequence[object]) -> StoredBrief | None:
        found = await self._briefs(sql, params)
        return found[0] if found else None

    async def save_article(self, article: Article) -> int:
        url_key = canonical_url(article.url) if article.url else ""
        final_key = canonical_url(article.final_url) if article.final_url else ""
        rows = await self._write_returning(
            """
            INSERT INTO articles (url_key, final_key, content_hash, data, created_at)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT (url_key, content_hash)
            DO UPDATE SET final_key = excluded.final_key, data = excluded.data RETURNING id
            """,
            (url_key, final_key, article.content_hash, article.model_dump_json(), utc_now()),
        )
        return int(rows[0][0])

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
        rows = await self._write_all(
            [
                (
                    """
                    INSERT INTO briefs (article_id, engine, engine_version, data, created_at)
                    SELECT id, ?, ?, ?, ? FROM articles WHERE id = ? RETURNING id
                    """,
                    (engine, engine_version, brief.model_dump_json(), utc_now(), article_id),
                ),
                # The latest brief of the article by that engine is the one just written (or
                # one as good, written by a process at the same moment).
                (
                    """
                    INSERT INTO brief_cache (content_hash, engine, engine_version, brief_id)
                    SELECT a.content_hash, b.engine, b.engine_version, b.id
                    FROM briefs b JOIN articles a ON a.id = b.article_id
                    WHERE b.id = (SELECT max(id) FROM briefs
                                  WHERE article_id = ? AND engine = ? AND engine_version = ?)
                    ON CONFLICT (content_hash, engine, engine_version)
                    DO UPDATE SET brief_id = excluded.brief_id
                    """,
                    (article_id, engine, engine_version),
                ),
            ],
            returning=True,
        )
        if not rows:
            raise StoreError(f"no article {article_id} in {self.where}")
        return int(rows[0][0])

    async def record_delivery(
        self, chat_id: int, brief_id: int, message_ids: Sequence[int]
    ) -> None:
        now = utc_now()
        await self._write_all(
            [
                (self._DELIVERY, (chat_id, brief_id, now, now, chat_id)),
                *(
                    (
                        "INSERT INTO chat_messages (chat_id, message_id, brief_id)"
                        " VALUES (?, ?, ?) ON CONFLICT (chat_id, message_id)"
                        " DO UPDATE SET brief_id = excluded.brief_id",
                        (chat_id, message_id, brief_id),
                    )
                    for message_id in message_ids
                ),
            ]
        )

    async def record_pending_delivery(self, chat_id: int, brief_id: int, message_id: int) -> None:
        await self._write_statement(
            "INSERT INTO chat_messages (chat_id, message_id, brief_id) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id, message_id) DO UPDATE SET brief_id = excluded.brief_id",
            (chat_id, message_id, brief_id),
        )

    async def brief_reached_chat(self, chat_id: int, brief_id: int) -> bool:
        rows = await self._rows(
            "SELECT 1 FROM chat_briefs WHERE chat_id = ? AND brief_id = ? UNION ALL"
            " SELECT 1 FROM chat_messages WHERE chat_id = ? AND brief_id = ?",
            (chat_id, brief_id, chat_id, brief_id),
        )
        return bool(rows)

    async def undo_delivery(self, chat_id: int, brief_id: int, message_id: int) -> None:
        await self._write_all(
            [
                (
                    "DELETE FROM chat_messages"
                    " WHERE chat_id = ? AND message_id = ? AND brief_id = ?",
                    (chat_id, message_id, brief_id),
                ),
                (
                    "DELETE FROM chat_briefs WHERE chat_id = ? AND brief_id = ? AND NOT EXISTS"
                    " (SELECT 1 FROM chat_messages m WHERE m.chat_id = ? AND m.brief_id = ?)",
                    (chat_id, brief_id, chat_id, brief_id),
                ),
            ]
        )

    async def chat_brief(self, chat_id: int, brief_id: int) -> StoredBrief | None:
        return await self._brief(
            f"{_CHAT_BRIEFS} WHERE cb.chat_id = ? AND cb.brief_id = ?", (chat_id, brief_id)
        )

    async def chat_brief_for_url(self, chat_id: int, url: str) -> StoredBrief | None:
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
        if not one_per_story:
            return await self._briefs(
                f"{_CHAT_BRIEFS} WHERE cb.chat_id = ? ORDER BY cb.last_seq DESC LIMIT ?",
                (chat_id, max(0, limit)),
            )
        return await self._briefs(
            f"""
            SELECT * FROM ({_ONE_PER_STORY} WHERE cb.chat_id = ?) AS ranked
            WHERE story_rank = 1 ORDER BY seq DESC LIMIT ?
            """,
            (chat_id, max(0, limit)),
        )

    async def chat_briefs_since(self, chat_id: int, since: dt.datetime | None) -> list[StoredBrief]:
        return await self._briefs(
            f"""
            SELECT * FROM ({_ONE_PER_STORY} WHERE cb.chat_id = ? AND cb.first_at > ?) AS ranked
            WHERE story_rank = 1 ORDER BY first_seq
            """,
            (chat_id, since if since is not None else EPOCH),
        )

    async def turns(self, chat_id: int, brief_id: int, limit: int = 10) -> list[Turn]:
        rows = await self._rows(
            """
            SELECT question, answer FROM (SELECT id, question, answer FROM turns
            WHERE chat_id = ? AND brief_id = ? ORDER BY id DESC LIMIT ?) AS latest ORDER BY id
            """,
            (chat_id, brief_id, max(0, limit)),
        )
        return [Turn(question=row[0], answer=row[1]) for row in rows]

    async def add_turn(self, chat_id: int, brief_id: int, question: str, answer: str) -> int:
        rows = await self._write_returning(
            "INSERT INTO turns (chat_id, brief_id, question, answer, created_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (chat_id, brief_id, question, answer, utc_now()),
        )
        return int(rows[0][0])

    async def turn_question(self, chat_id: int, turn_id: int) -> str | None:
        rows = await self._rows(
            "SELECT question FROM turns WHERE chat_id = ? AND id = ?", (chat_id, turn_id)
        )
        return str(rows[0][0]) if rows else None

    async def forget_chat(self, chat_id: int) -> None:
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
            for table in _CHAT_TABLES:
                await db.execute(f"DELETE FROM {table} WHERE chat_id = ?", (chat_id,))
