"""The job queue: one procrastinate App, its tasks, and how jobs are deferred.

- `handle_update` runs one Telegram update with the bot's handlers, under the lock
  `chat:<id>`: procrastinate runs jobs with the same lock one at a time, in the order they were
  deferred, whichever worker takes them, so each chat's replies keep their order.
- `send_briefing` sends one chat's daily briefing due at a moment, under the same chat lock.
- `scan_briefings` (periodic) claims the subscriptions that are due and defers their sends.
- `retry_stalled` (periodic) puts back the jobs of workers whose heartbeat stopped (a worker
  killed mid-job), so another worker takes them within `stalled_after` seconds and a little.

Periodic tasks are deferred once per period however many workers run (procrastinate's periodic
deferrer). The tasks find the worker's runtime (services, PTB application) in the job context.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Protocol

from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued, ConnectorException

log = logging.getLogger(__name__)

RUNTIME = "briefbot_runtime"
"""The key of the worker's runtime in procrastinate's additional context."""
HANDLE_UPDATE = "briefbot.handle_update"
SEND_BRIEFING = "briefbot.send_briefing"
SCAN_BRIEFINGS = "briefbot.scan_briefings"
RETRY_STALLED = "briefbot.retry_stalled"

SCAN_EVERY = "* * * * * */10"
"""Cron, seconds last: the scanner runs every 10 s (a briefing goes out within that of its time)."""
STALLED_EVERY = "* * * * * */5"

_RETRY = RetryStrategy(max_attempts=5, exponential_wait=2)
"""A job that fails outside the handlers (the database or the Bot API gone) is tried again;
failures inside the handlers are told to the person by the error handler, as in one process."""


class JobRunner(Protocol):
    """What a worker offers the tasks (bot.scale.worker.WorkerRuntime)."""

    stalled_after: float

    async def handle_update(self, update: dict[str, Any]) -> None: ...

    async def send_briefing(self, chat_id: int, due_at: dt.datetime) -> None: ...

    async def scan_briefings(self, queue: Queue, now: dt.datetime) -> int: ...


def chat_lock(chat_id: int) -> str:
    return f"chat:{chat_id}"


def update_chat(update: dict[str, Any]) -> int | None:
    """The chat an update belongs to (as PTB's `effective_chat` would find it), from its JSON."""
    for key, value in update.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        chat = value.get("chat")
        if chat is None and isinstance(value.get("message"), dict):
            chat = value["message"].get("chat")  # a callback query's message
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return int(chat["id"])
    return None


def _runner(context: JobContext) -> JobRunner:
    runner = context.additional_context.get(RUNTIME)
    if runner is None:
        raise RuntimeError("a briefbot job ran outside `briefbot worker`")
    return runner  # type: ignore[no-any-return]


async def _handle_update(context: JobContext, update: dict[str, Any]) -> None:
    await _runner(context).handle_update(update)


async def _send_briefing(context: JobContext, chat_id: int, due_at: str) -> None:
    await _runner(context).send_briefing(chat_id, dt.datetime.fromisoformat(due_at))


async def _scan_briefings(context: JobContext, timestamp: int) -> None:
    queue = Queue(context.app)
    sent = await _runner(context).scan_briefings(
        queue, dt.datetime.fromtimestamp(timestamp, dt.UTC)
    )
    if sent:
        log.info("deferred %d daily briefing(s)", sent)


async def _retry_stalled(context: JobContext, timestamp: int) -> None:
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=_runner(context).stalled_after)
    for job in stalled:
        if job.id == context.job.id:
            continue
        log.warning("job %s (%s) of a stopped worker is run again", job.id, job.task_name)
        try:
            await manager.retry_job(job)
        except ConnectorException as exc:  # it finished (or was put back) meanwhile
            log.info("job %s was not put back: %s", job.id, exc)


class Queue:
    """The App and the deferring of briefbot's jobs."""

    def __init__(self, app: App) -> None:
        self.app = app

    @classmethod
    def connect(cls, conninfo: str, *, max_connections: int = 10) -> Queue:
        connector = PsycopgConnector(conninfo=conninfo, min_size=1, max_size=max_connections)
        app = App(connector=connector, periodic_defaults={"max_delay": 60})
        app.task(name=HANDLE_UPDATE, pass_context=True, retry=_RETRY)(_handle_update)
        app.task(name=SEND_BRIEFING, pass_context=True, retry=_RETRY)(_send_briefing)
        scan = app.task(
            name=SCAN_BRIEFINGS,
            pass_context=True,
            queueing_lock=SCAN_BRIEFINGS,
            lock=SCAN_BRIEFINGS,
        )(_scan_briefings)
        app.periodic(cron=SCAN_EVERY)(scan)
        stalled = app.task(
            name=RETRY_STALLED, pass_context=True, queueing_lock=RETRY_STALLED, lock=RETRY_STALLED
        )(_retry_stalled)
        app.periodic(cron=STALLED_EVERY)(stalled)
        return cls(app)

    async def defer_update(self, update: dict[str, Any], *, connection: Any = None) -> int:
        """The update's job under its chat's lock; on `connection`'s transaction when given
        (committed with it, or never queued)."""
        chat = update_chat(update)
        lock = chat_lock(chat) if chat is not None else None
        deferrer = self.app.tasks[HANDLE_UPDATE].configure(lock=lock, connection=connection)
        return await deferrer.defer_async(update=update)

    async def defer_briefing(
        self, chat_id: int, due_at: dt.datetime, *, connection: Any = None
    ) -> int | None:
        """None when that chat's briefing due then is already waiting in the queue. On
        `connection`'s transaction when given, inside a savepoint, so that a refused insert
        leaves the rest of that transaction usable."""
        deferrer = self.app.tasks[SEND_BRIEFING].configure(
            lock=chat_lock(chat_id),
            queueing_lock=f"briefing:{chat_id}:{due_at.isoformat()}",
            connection=connection,
        )
        try:
            if connection is None:
                return await deferrer.defer_async(chat_id=chat_id, due_at=due_at.isoformat())
            async with connection.transaction():
                return await deferrer.defer_async(chat_id=chat_id, due_at=due_at.isoformat())
        except AlreadyEnqueued:
            return None
