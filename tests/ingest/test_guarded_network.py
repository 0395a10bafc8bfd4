"""The guarded transport: it resolves once, checks, and dials the checked IP, never the name.

A recording network backend stands in for the real one here, so that no test ever opens a socket
towards a private address even if the guard were broken.
"""

from __future__ import annotations

import ipaddress
import socket

import httpcore
import httpx
import pytest

from bot.errors import FetchError, RefusedAddressError
from bot.ingest.address_policy import AddressPolicy
from bot.ingest.guarded_network import GuardedBackend, GuardedTransport, system_resolver


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Records where it was asked to connect, then fails like a closed port."""

    def __init__(self) -> None:
        self.dialled: list[tuple[str, int]] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: object = None,
    ) -> httpcore.AsyncNetworkStream:
        self.dialled.append((host, port))
        raise httpcore.ConnectError("connection refused")


class FixedResolver:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.questions: list[tuple[str, int]] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.questions.append((host, port))
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.answers[host]


@pytest.mark.parametrize(
    "address",
    ["10.0.0.5", "192.168.1.20", "172.20.0.3", "169.254.169.254", "100.100.100.200", "fd00::5"],
)
async def test_a_name_mapped_to_a_private_address_is_never_dialled(address: str) -> None:
    inner = RecordingBackend()
    resolver = FixedResolver({"cms.example": [address]})
    transport = GuardedTransport(AddressPolicy(), resolver, inner=inner)

    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(RefusedAddressError) as error:
            await client.get("http://cms.example/admin")

    assert inner.dialled == []
    assert resolver.questions == [("cms.example", 80)]
    assert f"cms.example ({address})" in str(error.value)


async def test_the_socket_goes_to_the_checked_ip_not_the_name() -> None:
    inner = RecordingBackend()
    resolver = FixedResolver({"news.example": ["93.184.215.14", "2606:2800:21f:cb07::1"]})
    transport = GuardedTransport(AddressPolicy(), resolver, inner=inner)

    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get("https://news.example/today")

    # Every checked address is tried in turn; the name itself is never handed to the socket layer.
    assert inner.dialled == [("93.184.215.14", 443), ("2606:2800:21f:cb07::1", 443)]
    assert resolver.questions == [("news.example", 443)]


async def test_a_literal_host_is_not_sent_to_the_resolver() -> None:
    inner = RecordingBackend()
    resolver = FixedResolver({})
    backend = GuardedBackend(AddressPolicy(), resolver, inner)

    with pytest.raises(RefusedAddressError):
        await backend.connect_tcp("0177.0.0.1", 80)
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_tcp("8.8.8.8", 80)

    assert resolver.questions == []
    assert inner.dialled == [("8.8.8.8", 80)]


async def test_an_unresolvable_name_is_a_fetch_error() -> None:
    backend = GuardedBackend(AddressPolicy(), FixedResolver({}), RecordingBackend())
    with pytest.raises(FetchError, match=r"^could not connect to gone\.example: "):
        await backend.connect_tcp("gone.example", 443)


async def test_unix_sockets_are_not_used() -> None:
    backend = GuardedBackend(AddressPolicy(), FixedResolver({}), RecordingBackend())
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_unix_socket("/var/run/docker.sock")


async def test_the_system_resolver_answers_with_ip_strings() -> None:
    addresses = await system_resolver("localhost", 80)
    assert addresses
    assert all(ipaddress.ip_address(address).is_loopback for address in addresses)
