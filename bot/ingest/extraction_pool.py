"""Extraction and cleaning in worker processes that a deadline can stop.

trafilatura and lxml run in C and cannot be interrupted inside a thread, so each job goes to an
idle worker process from a small pool; a job past its deadline has its worker killed, and the
next job starts a fresh one. Workers ignore SIGINT: the bot decides when they stop. A page whose
markup has more tags than the budget is refused before any worker sees it, because extraction
time grows faster than linearly with the number of elements.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, ForkServerContext
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from bot.errors import BriefError, ExtractionError, ExtractionLimitError
from bot.models import Article

if TYPE_CHECKING:
    from bot.config import Settings

__all__ = ["ExtractionPool"]

_PRELOAD = ["bot.ingest.source", "bot.ingest.extract"]
"""Imported by the fork server once, before it forks any worker: the extraction stack."""
_LONG_LIVED_PRELOAD = [*_PRELOAD, "bot.ingest.preload_language"]
_JOIN_SECONDS = 2.0
# Pages with more tags than this take seconds to extract; ordinary articles have fewer.
HEAVY_TAGS = 10_000
Job = Callable[..., Article]


def _serve(connection: Connection) -> None:
    """A worker's life: run jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker's log lines would reach stderr through logging's last resort handler; what went
    # wrong comes back to the parent as the job's error instead.
    logging.getLogger().addHandler(logging.NullHandler())
    logging.getLogger().setLevel(logging.CRITICAL)
    while True:
        try:
            job, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, object] = ("ok", job(*args))
        except BriefError as exc:
            reply = ("error", exc)
        except Exception as exc:  # a parser crash on hostile markup is the page's fault
            reply = ("error", ExtractionError(f"the page could not be read ({type(exc).__name__})"))
        try:
            connection.send(reply)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, context: ForkContext | ForkServerContext) -> None:
        self.connection, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    async def call(self, job: Job, args: tuple[Any, ...]) -> object:
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        self.connection.send((job, args))
        descriptor = self.connection.fileno()

        def wake() -> None:
            if not readable.done():
                readable.set_result(None)

        loop.add_reader(descriptor, wake)
        try:
            await readable
        finally:
            loop.remove_reader(descriptor)
        status, value = self.connection.recv()
        if status == "ok":
            return value
        assert isinstance(value, BaseException)
        raise value

    def stop(self) -> None:
        """Kill the process; a call waiting on it then reads the end of the pipe."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(_JOIN_SECONDS)

    def close(self) -> None:
        self.stop()
        self.connection.close()


class ExtractionPool:
    """At most `workers` extractions at once, each stopped after `timeout` seconds."""

    def __init__(
        self, *, workers: int, timeout: float, max_tags: int, long_lived: bool = False
    ) -> None:
        """`long_lived`: the pool serves many pages (the bot), so its workers start with the
        language model loaded too (see `bot.ingest.preload_language`)."""
        self.workers = workers
        self.timeout = timeout
        self.max_tags = max_tags
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(_LONG_LIVED_PRELOAD if long_lived else _PRELOAD)
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._all = asyncio.Semaphore(workers)
        self._heavy = asyncio.Semaphore(max(1, workers - 1))
        self._lanes_loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    @classmethod
    def from_settings(cls, settings: Settings, *, long_lived: bool = False) -> ExtractionPool:
        return cls(
            workers=settings.extract_workers,
            timeout=settings.extract_timeout,
            max_tags=settings.extract_max_tags,
            long_lived=long_lived,
        )

    @classmethod
    def for_one_page(cls, settings: Settings) -> ExtractionPool:
        """A pool for the one page a command reads. While this process has a single thread,
        its first worker is forked from it at once: the worker shares what the command has
        imported, where a fork server would import it all again, and it holds none of the
        connections the command opens later. Later workers come from the fork server."""
        pool = cls.from_settings(settings)
        if threading.active_count() == 1:
            pool._idle.append(_Worker(multiprocessing.get_context("fork")))
        return pool

    def check_budget(self, html: str) -> bool:
        """Refuse markup over the budget; True when the page is heavy (see `run`)."""
        tags = html.count("<")
        if tags > self.max_tags:
            raise ExtractionLimitError(
                f"the page has too much markup to read ({tags:,} tags; at most "
                f"{self.max_tags:,} are read)"
            )
        return tags > HEAVY_TAGS

    async def run(self, job: Job, *args: Any, heavy: bool = False) -> Article:
        """`job(*args)` in a worker. Waiting for a free worker and running each have the
        deadline; past either, ExtractionLimitError. Heavy jobs may hold all workers but one,
        which stays free for ordinary pages."""
        async with AsyncExitStack() as stack:
            try:
                async with asyncio.timeout(self.timeout):
                    await stack.enter_async_context(self._lanes(heavy))
            except TimeoutError as exc:
                raise ExtractionLimitError(
                    f"other pages kept every reader busy for {self.timeout:g} s"
                ) from exc
            if self._closed:
                raise ExtractionError("the bot is stopping")
            worker = await self._take_worker()
            try:
                async with asyncio.timeout(self.timeout):
                    return await self._in_worker(worker, job, args)
            except TimeoutError as exc:
                raise ExtractionLimitError(
                    f"reading the page took longer than {self.timeout:g} s"
                ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    async def _take_worker(self) -> _Worker:
        if self._idle:
            return self._idle.pop()
        starting = asyncio.ensure_future(asyncio.to_thread(self._start))
        try:
            return await asyncio.shield(starting)
        except asyncio.CancelledError:
            starting.add_done_callback(self._keep_started)
            raise

    def _keep_started(self, starting: asyncio.Future[_Worker]) -> None:
        """A worker whose job was cancelled while it started joins the idle ones."""
        if starting.cancelled() or starting.exception() is not None:
            return
        worker = starting.result()
        if self._closed:
            worker.close()
        else:
            self._idle.append(worker)

    async def _in_worker(self, worker: _Worker, job: Job, args: tuple[Any, ...]) -> Article:
        self._busy.add(worker)
        try:
            result = await worker.call(job, args)
        except (EOFError, OSError) as exc:
            self._discard(worker)
            if self._closed:
                raise ExtractionError("the bot is stopping") from exc
            raise ExtractionError("the page could not be read: the reader stopped") from exc
        except BriefError:
            self._release(worker)
            raise
        except BaseException:  # cancelled, by the deadline among others: the worker is mid-job
            self._discard(worker)
            raise
        self._release(worker)
        assert isinstance(result, Article)
        return result

    def close(self) -> None:
        """Kill every worker, busy or idle; jobs still waiting fail at once."""
        self._closed = True
        for worker in self._idle:
            worker.close()
        self._idle.clear()
        for worker in self._busy:
            worker.stop()

    @asynccontextmanager
    async def _lanes(self, heavy: bool) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        if self._lanes_loop is not loop:
            self._all = asyncio.Semaphore(self.workers)
            self._heavy = asyncio.Semaphore(max(1, self.workers - 1))
            self._lanes_loop = loop
        async with AsyncExitStack() as stack:
            if heavy:
                await stack.enter_async_context(self._heavy)
            await stack.enter_async_context(self._all)
            yield

    def _start(self) -> _Worker:
        return _Worker(self._context)

    def _release(self, worker: _Worker) -> None:
        self._busy.discard(worker)
        if self._closed:
            worker.close()
        else:
            self._idle.append(worker)

    def _discard(self, worker: _Worker) -> None:
        self._busy.discard(worker)
        worker.close()
