"""A tiny threaded HTTP server on 127.0.0.1 for tests that drive synchronous entry points."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    endless: bool = False


@dataclass
class PageServer:
    port: int
    routes: dict[str, Route]
    requested: list[str] = field(default_factory=list)
    """Every path asked for, in order."""

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler(routes: dict[str, Route], requested: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            route = routes.get(self.path)
            if route is None:
                route = Route(status=404, body=b"<html><body><p>Not found</p></body></html>")
            if route.delay:
                time.sleep(route.delay)
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.endless:
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_536 + b"</p>"
                try:
                    for _ in range(2_000):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            try:
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # a client that gave up (a timeout test) hung up first

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def serve_pages(routes: dict[str, Route]) -> Iterator[PageServer]:
    requested: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes, requested))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield PageServer(port=server.server_address[1], routes=routes, requested=requested)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


RouteFactory = Callable[[], dict[str, Route]]
