"""Which hosts and IP addresses the fetcher may reach: the SSRF guard's rules.

A link sent to the bot must not make it reach the machine it runs on, the network behind it, or a
cloud metadata service. Only globally routable unicast addresses pass, unless the operator lists a
host or range in `BRIEFBOT_FETCH_ALLOW` (local testing, an intranet deployment).

Host literals are parsed the way the C resolver does (`inet_aton`): `2130706433`, `0x7f.1`,
`127.1` and `0177.0.0.1` all mean 127.0.0.1 to `getaddrinfo`, so they must mean it here too.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from bot.errors import RefusedAddressError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_IPV4_MAX = 0xFFFFFFFF
# Ranges Python's `is_global` lets through although they reach no public host.
_NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def parse_ipv4_literal(host: str) -> ipaddress.IPv4Address | None:
    """Parse `host` with inet_aton rules (1-4 parts, decimal, 0x hex or 0 octal), else None."""
    text = host.removesuffix(".")
    parts = text.split(".")
    if not text or len(parts) > 4:
        return None
    numbers: list[int] = []
    for part in parts:
        number = _parse_ipv4_part(part)
        if number is None:
            return None
        numbers.append(number)
    *leading, last = numbers
    if any(number > 0xFF for number in leading) or last >= 1 << (8 * (5 - len(numbers))):
        return None
    value = last
    for index, number in enumerate(leading):
        value |= number << (8 * (3 - index))
    return ipaddress.IPv4Address(value) if value <= _IPV4_MAX else None


def _parse_ipv4_part(part: str) -> int | None:
    lowered = part.lower()
    try:
        if lowered.startswith("0x"):
            return int(lowered[2:], 16) if lowered[2:] else 0
        if len(lowered) > 1 and lowered.startswith("0"):
            return int(lowered[1:], 8)
        if lowered.isdigit() and lowered.isascii():
            return int(lowered)
    except ValueError:
        return None
    return None


def parse_host_literal(host: str) -> IPAddress | None:
    """The IP address a URL host names literally (IPv6 with or without brackets), else None."""
    text = host.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if ":" in text:
        try:
            return ipaddress.IPv6Address(text)
        except ValueError:
            return None
    return parse_ipv4_literal(text)


def refusal_reason(address: IPAddress) -> str | None:
    """Why `address` must not be reached, or None when it is a public unicast address."""
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address):
        if address in ipaddress.IPv4Network("100.64.0.0/10"):
            return "a shared (carrier-grade NAT) address"
        if address.is_reserved:
            return "a reserved address"
        if address.is_private:
            return "a private address"
        return None if address.is_global else "a reserved address"
    return _ipv6_refusal_reason(address)


def _ipv6_refusal_reason(address: ipaddress.IPv6Address) -> str | None:
    embedded = _embedded_ipv4(address)
    if embedded:
        for inner in embedded:
            reason = refusal_reason(inner)
            if reason is not None:
                return f"{reason} inside an IPv6 address"
        return None
    if address in _NAT64_LOCAL or address.is_site_local:
        return "a private address"
    if address.is_private:
        return "a private address"
    if address.is_reserved or not address.is_global:
        return "a reserved address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (mapped, compatible, 6to4, Teredo, NAT64)."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address in _IPV4_COMPATIBLE or address in _NAT64_WELL_KNOWN:
        found.append(ipaddress.IPv4Address(int(address) & _IPV4_MAX))
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    return found


@dataclass(frozen=True)
class AddressPolicy:
    """The guard's rules plus the operator's exceptions (host names and IP ranges)."""

    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_allow_list(cls, entries: Iterable[str]) -> AddressPolicy:
        """Split `fetch_allow` entries into IP ranges (`10.0.0.0/8`, `::1`) and host names."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for raw in entries:
            entry = raw.strip()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(_normalise_host(entry))
        return cls(frozenset(hosts), tuple(networks))

    def host_is_allowed(self, host: str) -> bool:
        """An allowed host name may resolve to anything: the operator said so."""
        return _normalise_host(host) in self.allowed_hosts

    def address_is_allowed(self, address: IPAddress) -> bool:
        if refusal_reason(address) is None:
            return True
        candidates = [address]
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            candidates.append(address.ipv4_mapped)
        return any(
            candidate in network
            for candidate in candidates
            for network in self.allowed_networks
            if candidate.version == network.version
        )

    def check_host_literal(self, host: str) -> IPAddress | None:
        """Refuse a host that is itself a forbidden IP literal; return the parsed literal."""
        address = parse_host_literal(host)
        if address is not None and not self.host_is_allowed(host):
            self.check_addresses(host, [address])
        return address

    def check_addresses(self, host: str, addresses: Iterable[IPAddress]) -> None:
        """Refuse the host when any of its addresses is forbidden, so that a name with one
        public and one private record cannot be used to reach the private one."""
        if self.host_is_allowed(host):
            return
        for address in addresses:
            if not self.address_is_allowed(address):
                reason = refusal_reason(address) or "a forbidden address"
                named = f"[{host}]" if ":" in host else host
                shown = named if host == str(address) else f"{named} ({address})"
                raise RefusedAddressError(f"refusing to fetch {shown}: it is {reason}")


def _normalise_host(host: str) -> str:
    return host.strip().strip("[]").removesuffix(".").lower()
