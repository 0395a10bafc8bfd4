"""`briefbot worker`: runs the queued jobs with the bot's own handlers and service.

Each job's update is rebuilt with `Update.de_json` against a bot bound to the configured Bot API
URL and handed to the PTB application's `process_update`, so the handlers, the gate, the error
handler and the rendering are the ones the embedded bot runs. What differs is around them: the
engine cap, the per-user limit and the flood limits are the shared ones (bot.scale.shared_limits)
and every message a job sends is journalled (bot.scale.sent_journal).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from typing import Any

from psycopg_pool import AsyncConnectionPool
from telegram import Update

from bot.config import Settings
from bot.engines.select import build_engine
from bot.scale.briefings import defer_due_briefings
from bot.scale.queue import RUNTIME, Queue
from bot.scale.sent_journal import JournalledRequest, SentJournal, sending_for
from bot.scale.shared_limits import (
    AdvisoryEngineSlots,
    ReservedFloodLimiter,
    ReservedPerRequest,
    TableUserLimiter,
)
from bot.service import BriefService
from bot.store.postgres import PostgresStore
from bot.store.records import DueBriefing
from bot.telegram.app import BotApplication, build_application
from bot.telegram.context import BotServices
from bot.telegram.jobs import send_due_briefing
from bot.telegram.sending import BriefingSender

log = logging.getLogger(__name__)

_POOL_TIMEOUT = 10.0
HEARTBEAT_EVERY = 5.0
"""Seconds between a worker's heartbeats; a worker silent for `worker_stalled_after` is dead."""
JOURNAL_KEPT_HOURS = 48.0


def update_scope(update: dict[str, Any]) -> str:
    return f"update:{update['update_id']}"


def briefing_scope(chat_id: int, due_at: dt.datetime) -> str:
    return f"briefing:{chat_id}:{due_at.astimezone(dt.UTC).isoformat()}"


class WorkerRuntime:
    """What the tasks run with: the application (handlers, bot) and its services."""

    def __init__(
        self,
        application: BotApplication,
        services: BotServices,
        store: PostgresStore,
        *,
        stalled_after: float,
    ) -> None:
        self.application = application
        self.services = services
        self.store = store
        self.stalled_after = stalled_after

    async def handle_update(self, update: dict[str, Any]) -> None:
        with sending_for(update_scope(update)):
            await self.application.process_update(Update.de_json(update, self.application.bot))

    async def send_briefing(self, chat_id: int, due_at: dt.datetime) -> None:
        with sending_for(briefing_scope(chat_id, due_at), paced=True):
            await send_due_briefing(
                self.application.bot, self.services, DueBriefing(chat_id, due_at)
            )

    async def scan_briefings(self, queue: Queue, now: dt.datetime) -> int:
        return await defer_due_briefings(self.store, queue, now)


async def run_worker(settings: Settings, conninfo: str) -> None:
    """Until SIGINT or SIGTERM; then the running jobs finish (none is cut off and lost)."""
    # The worker's own traffic (fetching, finishing, heartbeats, LISTEN) shares this pool: a
    # heartbeat held up behind a burst of finishing jobs would look like a stopped worker.
    queue = Queue.connect(conninfo, max_connections=12)
    async with contextlib.AsyncExitStack() as stack:
        # Opened first: it migrates the database, the queue's schema and the tables below too.
        store = await PostgresStore.open(conninfo, pool_size=settings.db_pool_size)
        stack.push_async_callback(store.close)
        pool = AsyncConnectionPool(conninfo, min_size=1, max_size=8, open=False)
        await pool.open()
        stack.push_async_callback(pool.close)
        slots = AdvisoryEngineSlots(conninfo, settings.max_concurrent_briefs)
        stack.push_async_callback(slots.aclose)
        briefs = BriefService(settings, build_engine(settings), store, engine_slots=slots)
        stack.push_async_callback(briefs.close)
        services = BotServices(
            settings=settings,
            briefs=briefs,
            limiter=TableUserLimiter(pool, settings.rate_limit_briefs, settings.rate_limit_window),
            sender=BriefingSender(ReservedPerRequest()),
        )
        journal = SentJournal(pool)
        stack.push_async_callback(journal.aclose)
        await journal.prune(JOURNAL_KEPT_HOURS)
        request = JournalledRequest(
            journal,
            connection_pool_size=settings.telegram_connections,
            pool_timeout=_POOL_TIMEOUT,
            flood=ReservedFloodLimiter(pool),
        )
        application = build_application(settings, services, request=request)
        await application.initialize()
        stack.push_async_callback(application.shutdown)
        runtime = WorkerRuntime(
            application, services, store, stalled_after=settings.worker_stalled_after
        )
        await stack.enter_async_context(queue.app.open_async())
        log.info("worker started: %d jobs at once", settings.worker_concurrency)
        await queue.app.run_worker_async(
            concurrency=settings.worker_concurrency,
            additional_context={RUNTIME: runtime},
            update_heartbeat_interval=HEARTBEAT_EVERY,
            stalled_worker_timeout=settings.worker_stalled_after,
            install_signal_handlers=True,
            delete_jobs="successful",
        )
