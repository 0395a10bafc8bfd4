"""A loopback page server for the fetcher's tests: real HTTP on 127.0.0.1, one per test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

_ENDLESS_CHUNK = b"<p>" + b"z" * 16_377 + b"</p>"  # 16 KiB
ENDLESS_CHUNK_LIMIT = 4_096  # an endless body stops by itself after 64 MiB


@dataclass
class Page:
    """What the server answers on one path. `content_type=None` sends no Content-Type at all."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    stall: bool = False  # wait before answering until the test ends
    endless: bool = False  # stream chunks until the client hangs up
    trickle: bool = False  # send one byte every 0.1 s, for at most 10 s


@dataclass
class LoopbackPages:
    port: int
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    bytes_sent: int = 0
    stopping: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, page: Page) -> str:
        self.pages[path] = page
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        return self.add(path, Page(status=status, headers={"Location": location}))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path_qs)
        self.user_agents.append(request.headers.get("User-Agent", ""))
        page = self.pages.get(request.path_qs)
        if page is None:
            return web.Response(status=404, text="<p>nothing here</p>", content_type="text/html")
        if page.stall:
            await asyncio.wait_for(self.stopping.wait(), timeout=10)
        response = web.StreamResponse(status=page.status, headers=page.headers)
        if page.content_type is not None:
            response.headers["Content-Type"] = page.content_type
        else:
            response.headers["X-Test-No-Content-Type"] = "1"
        if page.trickle:
            await response.prepare(request)
            try:
                for _ in range(100):
                    await response.write(b" ")
                    if self.stopping.is_set():
                        break
                    await asyncio.sleep(0.1)
            except ConnectionResetError:
                pass
            return response
        if page.endless:
            await response.prepare(request)
            try:
                for _ in range(ENDLESS_CHUNK_LIMIT):
                    await response.write(_ENDLESS_CHUNK)
                    self.bytes_sent += len(_ENDLESS_CHUNK)
            except ConnectionResetError:
                pass
            return response
        response.content_length = len(page.body)
        await response.prepare(request)
        await response.write(page.body)
        self.bytes_sent += len(page.body)
        await response.write_eof()
        return response


async def _drop_default_content_type(request: web.Request, response: web.StreamResponse) -> None:
    """aiohttp adds `application/octet-stream` to bodies without a type; some servers don't."""
    if response.headers.pop("X-Test-No-Content-Type", None) is not None:
        response.headers.popall("Content-Type", None)


@pytest.fixture
async def page_server() -> AsyncIterator[LoopbackPages]:
    app = web.Application()
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1.0)
    server = LoopbackPages(port=0)
    app.router.add_route("GET", "/{tail:.*}", server.handle)
    app.on_response_prepare.append(_drop_default_content_type)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.port = runner.addresses[0][1]
    try:
        yield server
    finally:
        server.stopping.set()
        await runner.cleanup()
