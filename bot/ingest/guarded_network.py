"""An httpx transport that connects only to addresses the SSRF guard has approved.

The host of every request is resolved once, inside the connection step; each address is checked
by the policy and the socket is opened to that checked IP, never to the name. A DNS server that
answers differently the second time (DNS rebinding) therefore gets no second question. TLS still
verifies the certificate for the host name, because httpcore passes the URL's host as SNI.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import anyio
import httpcore
import httpx

from bot.errors import FetchError
from bot.ingest.address_policy import AddressPolicy, IPAddress
from bot.tls import default_ssl_context

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""Turns (host, port) into IP address strings; raises OSError when the name does not resolve."""

SocketOptions = Iterable[Any]


async def system_resolver(host: str, port: int) -> list[str]:
    """The event loop's getaddrinfo, the same lookup a plain connect would make."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolve, check, then connect to the checked IP through the wrapped backend."""

    def __init__(
        self,
        policy: AddressPolicy,
        resolver: Resolver | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._policy = policy
        self._resolver = resolver or system_resolver
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: SocketOptions | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                addresses = await self._checked_addresses(host, port)
                return await self._connect_first(
                    addresses, port, local_address=local_address, socket_options=socket_options
                )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"no connection to {host} in time") from exc

    async def _checked_addresses(self, host: str, port: int) -> list[IPAddress]:
        literal = self._policy.check_host_literal(host)
        if literal is not None:
            return [literal]
        try:
            answers = await self._resolver(host, port)
        except OSError as exc:
            raise FetchError(f"could not connect to {host}: the name does not resolve") from exc
        addresses = [_parse_answer(host, answer) for answer in answers]
        if not addresses:
            raise FetchError(f"could not connect to {host}: the name does not resolve")
        self._policy.check_addresses(host, addresses)
        return addresses

    async def _connect_first(
        self,
        addresses: list[IPAddress],
        port: int,
        *,
        local_address: str | None,
        socket_options: SocketOptions | None,
    ) -> httpcore.AsyncNetworkStream:
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address),
                    port,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: SocketOptions | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("the fetcher does not use unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _parse_answer(host: str, answer: str) -> IPAddress:
    try:
        return ipaddress.ip_address(answer)
    except ValueError as exc:
        raise FetchError(f"could not connect to {host}: the name does not resolve") from exc


_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextmanager
def _httpx_errors() -> Iterator[None]:
    """Give callers httpx's exception classes, as httpx's own transport does."""
    try:
        yield
    except Exception as exc:
        for source, target in _EXCEPTIONS:
            if isinstance(exc, source):
                raise target(str(exc)) from exc
        raise


class _ResponseStream(httpx.AsyncByteStream):
    def __init__(self, stream: httpcore.Response) -> None:
        self._response = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for part in self._response.aiter_stream():
                yield part

    async def aclose(self) -> None:
        with _httpx_errors():
            await self._response.aclose()


class GuardedTransport(httpx.AsyncBaseTransport):
    """httpx's transport contract over an httpcore pool that uses `GuardedBackend`.

    No proxy is ever used: through a proxy the guard would check the proxy's address instead of
    the page's."""

    def __init__(
        self,
        policy: AddressPolicy,
        resolver: Resolver | None = None,
        *,
        ssl_context: ssl.SSLContext | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context or default_ssl_context(),
            max_connections=4,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy, resolver, inner),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors():
            response = await self._pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()
