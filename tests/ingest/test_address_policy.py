"""The SSRF policy: host literals parsed as the C resolver does, and which addresses pass."""

from __future__ import annotations

import ipaddress

import pytest

from bot.errors import RefusedAddressError
from bot.ingest.address_policy import (
    AddressPolicy,
    parse_host_literal,
    parse_ipv4_literal,
    refusal_reason,
)


@pytest.mark.parametrize(
    ("literal", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0X7F.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("10.0x10.1", "10.16.0.1"),
        ("169.254.43518", "169.254.169.254"),
        ("0", "0.0.0.0"),
        ("127.0.0.1.", "127.0.0.1"),
        ("8.8.8.8", "8.8.8.8"),
    ],
)
def test_ipv4_literals_follow_inet_aton(literal: str, address: str) -> None:
    assert parse_ipv4_literal(literal) == ipaddress.IPv4Address(address)


@pytest.mark.parametrize(
    "text",
    [
        "example.org",
        "1.2.3.4.5",
        "256.0.0.1",
        "1.2.3.256",
        "1.16777216",
        "4294967296",
        "08.0.0.1",
        "1..2.3",
        "",
        "-1.0.0.1",
        "1.2.3.4x",
        "١٢٧.0.0.1",
    ],
)
def test_non_literals_are_left_to_the_resolver(text: str) -> None:
    assert parse_ipv4_literal(text) is None


def test_ipv6_literals_with_and_without_brackets() -> None:
    assert parse_host_literal("[::1]") == ipaddress.IPv6Address("::1")
    assert parse_host_literal("::ffff:127.0.0.1") == ipaddress.IPv6Address("::ffff:7f00:1")
    assert parse_host_literal("[not:an:address") is None
    assert parse_host_literal("news.example") is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("10.0.0.1", "private"),
        ("172.31.255.1", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "shared"),
        ("100.127.255.254", "shared"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.10", "private"),
        ("198.18.0.1", "private"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::10.0.0.1", "private"),
        ("64:ff9b::10.0.0.1", "private"),
        ("64:ff9b:1::8.8.8.8", "private"),
        ("2002:7f00:1::1", "loopback"),
        ("2002:c0a8:101::1", "private"),
    ],
)
def test_forbidden_addresses_have_a_reason(address: str, reason: str) -> None:
    found = refusal_reason(ipaddress.ip_address(address))
    assert found is not None
    assert reason in found


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "93.184.215.14",
        "1.1.1.1",
        "2606:4700:4700::1111",
        "::ffff:8.8.8.8",
        "64:ff9b::8.8.8.8",
        "2002:808:808::1",
    ],
)
def test_public_addresses_pass(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is None


def test_allow_list_entries_are_split_into_ranges_and_names() -> None:
    policy = AddressPolicy.from_allow_list(
        ["127.0.0.1", " 10.0.0.0/8 ", "[::1]", "Intranet.Example.", ""]
    )
    assert policy.allowed_hosts == frozenset({"intranet.example"})
    assert {str(network) for network in policy.allowed_networks} == {
        "127.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
    }


def test_allowed_ranges_cover_their_mapped_forms() -> None:
    policy = AddressPolicy.from_allow_list(["127.0.0.0/8"])
    assert policy.address_is_allowed(ipaddress.ip_address("127.0.0.5"))
    assert policy.address_is_allowed(ipaddress.ip_address("::ffff:127.0.0.5"))
    assert not policy.address_is_allowed(ipaddress.ip_address("::1"))
    assert not policy.address_is_allowed(ipaddress.ip_address("10.0.0.1"))


def test_an_allowed_name_may_resolve_anywhere() -> None:
    policy = AddressPolicy.from_allow_list(["wiki.intranet.example"])
    policy.check_addresses("WIKI.intranet.example.", [ipaddress.ip_address("10.9.8.7")])
    with pytest.raises(RefusedAddressError):
        policy.check_addresses("mail.intranet.example", [ipaddress.ip_address("10.9.8.7")])


def test_one_forbidden_record_refuses_the_whole_name() -> None:
    policy = AddressPolicy()
    records = [ipaddress.ip_address("93.184.215.14"), ipaddress.ip_address("192.168.4.4")]
    with pytest.raises(RefusedAddressError) as error:
        policy.check_addresses("mixed.example", records)
    assert str(error.value) == (
        "refusing to fetch mixed.example (192.168.4.4): it is a private address"
    )


def test_a_forbidden_literal_host_is_refused_with_its_reason() -> None:
    with pytest.raises(RefusedAddressError) as error:
        AddressPolicy().check_host_literal("0x7f.1")
    assert str(error.value) == "refusing to fetch 0x7f.1 (127.0.0.1): it is a loopback address"
    assert AddressPolicy().check_host_literal("news.example") is None
