"""Article pages over real HTTP on 127.0.0.1, for the fetcher, the CLI, the bot and the benchmarks.

The server runs on its own thread and event loop, so a synchronous test or a subprocess can
fetch from it as well as a coroutine on the test's loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web

_ENDLESS_CHUNK = b"<p>" + b"z" * 16_377 + b"</p>"  # 16 KiB
ENDLESS_CHUNK_LIMIT = 4_096
"""An endless body stops by itself after this many chunks (64 MiB)."""

_NO_CONTENT_TYPE = "X-Test-No-Content-Type"
_NOT_FOUND = b"<html><body><p>Not found</p></body></html>"


@dataclass
class Route:
    """What the server answers on one path. `content_type=None` sends no Content-Type at all."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering."""
    stall: bool = False
    """Wait before answering until the server stops (at most 10 s)."""
    endless: bool = False
    """Stream chunks until the client hangs up or `ENDLESS_CHUNK_LIMIT` is reached."""
    trickle: bool = False
    """Send one byte every `trickle_every` seconds, for at most 10 s."""
    trickle_every: float = 0.1


@dataclass
class PageServer:
    routes: dict[str, Route] = field(default_factory=dict)
    port: int = 0
    requests: list[str] = field(default_factory=list)
    """Every path (with its query) asked for, in order."""
    user_agents: list[str] = field(default_factory=list)
    bytes_sent: int = 0
    _stopping: asyncio.Event = field(init=False, repr=False, default_factory=asyncio.Event)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        return self.add(path, Route(status=status, headers={"Location": location}))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path_qs)
        self.user_agents.append(request.headers.get("User-Agent", ""))
        route = self.routes.get(request.path_qs)
        if route is None:
            route = Route(status=404, body=_NOT_FOUND)
        if route.delay:
            with contextlib.suppress(TimeoutError):  # stopping the server cuts the wait short
                await asyncio.wait_for(self._stopping.wait(), timeout=route.delay)
        if route.stall:
            await asyncio.wait_for(self._stopping.wait(), timeout=10)
        response = web.StreamResponse(status=route.status, headers=route.headers)
        if route.content_type is not None:
            response.headers["Content-Type"] = route.content_type
        else:
            response.headers[_NO_CONTENT_TYPE] = "1"
        if route.trickle:
            await response.prepare(request)
            try:
                for _ in range(round(10 / route.trickle_every)):
                    await response.write(b" ")
                    if self._stopping.is_set():
                        break
                    await asyncio.sleep(route.trickle_every)
            except ConnectionResetError:
                pass
            return response
        if route.endless:
            await response.prepare(request)
            try:
                for _ in range(ENDLESS_CHUNK_LIMIT):
                    await response.write(_ENDLESS_CHUNK)
                    self.bytes_sent += len(_ENDLESS_CHUNK)
            except ConnectionResetError:
                pass
            return response
        response.content_length = len(route.body)
        await response.prepare(request)
        await response.write(route.body)
        self.bytes_sent += len(route.body)
        await response.write_eof()
        return response

    async def _start(self) -> web.AppRunner:
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        app.on_response_prepare.append(_drop_default_content_type)
        runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner.addresses[0][1]
        return runner

    async def _stop(self, runner: web.AppRunner) -> None:
        self._stopping.set()
        await runner.cleanup()


async def _drop_default_content_type(request: web.Request, response: web.StreamResponse) -> None:
    """aiohttp adds `application/octet-stream` to bodies without a type; some servers don't."""
    if response.headers.pop(_NO_CONTENT_TYPE, None) is not None:
        response.headers.popall("Content-Type", None)


@contextmanager
def serve_pages(routes: dict[str, Route] | None = None) -> Iterator[PageServer]:
    """A server for `routes` (more can be added while it runs); stopped when the block ends."""
    server = PageServer(routes if routes is not None else {})
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="page-server", daemon=True)
    thread.start()
    try:
        runner = asyncio.run_coroutine_threadsafe(server._start(), loop).result(timeout=10)
        try:
            yield server
        finally:
            asyncio.run_coroutine_threadsafe(server._stop(runner), loop).result(timeout=10)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        loop.close()
