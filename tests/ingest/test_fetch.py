"""fetch_page against a real loopback server: redirects, limits, content types, charsets, SSRF."""

from __future__ import annotations

import asyncio
import socket

import pytest

from bot.config import Settings
from bot.errors import (
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    RedirectError,
    RefusedAddressError,
    TooLargeError,
    UnsupportedContentError,
)
from bot.ingest.fetch import FetchedPage, fetch_page
from bot.testing.pages import ENDLESS_CHUNK_LIMIT, PageServer, Route

ARTICLE = (
    b"<!DOCTYPE html><html><head><title>Ferry timetable</title></head><body>"
    b"<p>The Lindqvist Bay ferry will run every forty minutes from Monday.</p></body></html>"
)

RUSSIAN = (
    "Городской совет Верхнего Озерска в четверг одобрил план ремонта старого моста через реку "
    "Светлую. По словам председателя совета Анны Кравец, работы начнутся весной и займут около "
    "восьми месяцев. Жители северного берега жалуются, что объезд удлинит дорогу до рынка почти "
    "на полчаса. Представитель подрядчика заявил, что временный пешеходный настил откроют уже "
    "в апреле."
)
JAPANESE = (
    "架空の港町ミナトハマでは、今年の夏祭りが三年ぶりに通常の規模で開かれることになった。"
    "実行委員長の佐倉陽子さんは、花火の数を昨年の二倍に増やすと説明した。"
    "一方で、商店街の一部からは、駐車場が足りないという声も上がっている。"
    "市は臨時のバスを運行する予定だと発表した。"
)


def closed_settings(**overrides: str) -> Settings:
    """The default policy: nothing allowed beyond public addresses. Values as in the environment."""
    return Settings.from_environ({f"BRIEFBOT_{name.upper()}": v for name, v in overrides.items()})


def loopback_settings(**overrides: str) -> Settings:
    """What a developer sets to try the bot on a local server: BRIEFBOT_FETCH_ALLOW=127.0.0.1."""
    return closed_settings(**{"fetch_allow": "127.0.0.1", **overrides})


class RecordingResolver:
    """A fake DNS: fixed answers per host, and a log of every question asked."""

    def __init__(self, answers: dict[str, list[list[str]]] | None = None) -> None:
        self.answers = answers or {}
        self.questions: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.questions.append(host)
        replies = self.answers.get(host)
        if not replies:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return replies.pop(0) if len(replies) > 1 else replies[0]


def one_line_naming(error: pytest.ExceptionInfo[FetchError], host: str) -> str:
    message = str(error.value)
    assert "\n" not in message
    assert host in message
    return message


# --- plain pages and redirects ----------------------------------------------------------------


async def test_fetches_an_html_page(page_server: PageServer) -> None:
    url = page_server.add("/story", Route(body=ARTICLE))
    settings = loopback_settings()

    page = await fetch_page(url, settings)

    assert isinstance(page, FetchedPage)
    assert page.status == 200
    assert page.url == page.final_url == url
    assert page.content_type == "text/html"
    assert page.encoding == "utf-8"
    assert "every forty minutes" in page.text
    assert page_server.user_agents == [settings.fetch_user_agent]


async def test_follows_a_redirect_chain_and_records_the_final_url(
    page_server: PageServer,
) -> None:
    page_server.redirect("/old", "/older", status=301)
    page_server.redirect("/older", page_server.url("/moved"), status=307)
    page_server.redirect("/moved", "story?from=moved", status=308)
    page_server.add("/story?from=moved", Route(body=ARTICLE))

    page = await fetch_page(page_server.url("/old"), loopback_settings())

    assert page.url == page_server.url("/old")
    assert page.final_url == page_server.url("/story?from=moved")
    assert page_server.requests == ["/old", "/older", "/moved", "/story?from=moved"]


def redirect_chain(server: PageServer, hops: int) -> str:
    for index in range(hops):
        server.redirect(f"/hop{index}", f"/hop{index + 1}")
    server.add(f"/hop{hops}", Route(body=ARTICLE))
    return server.url("/hop0")


async def test_five_redirects_are_followed(page_server: PageServer) -> None:
    page = await fetch_page(redirect_chain(page_server, 5), loopback_settings())
    assert page.final_url == page_server.url("/hop5")


async def test_six_redirects_are_refused(page_server: PageServer) -> None:
    with pytest.raises(RedirectError) as error:
        await fetch_page(redirect_chain(page_server, 6), loopback_settings())
    assert "more than 5" in one_line_naming(error, "127.0.0.1")
    assert "/hop6" not in page_server.requests


async def test_a_redirect_loop_is_refused(page_server: PageServer) -> None:
    page_server.redirect("/ping", "/pong")
    page_server.redirect("/pong", "/ping")
    with pytest.raises(RedirectError) as error:
        await fetch_page(page_server.url("/ping"), loopback_settings())
    assert "loop" in one_line_naming(error, "127.0.0.1")
    assert page_server.requests == ["/ping", "/pong"]


@pytest.mark.parametrize("status", [404, 500])
async def test_error_statuses_raise_http_status_error(page_server: PageServer, status: int) -> None:
    url = page_server.add("/broken", Route(status=status, body=b"<p>sorry</p>"))
    with pytest.raises(HTTPStatusError) as error:
        await fetch_page(url, loopback_settings())
    assert error.value.status == status
    assert str(status) in one_line_naming(error, "127.0.0.1")


# --- limits -----------------------------------------------------------------------------------


async def test_a_server_slower_than_the_read_timeout_times_out(page_server: PageServer) -> None:
    url = page_server.add("/slow", Route(body=ARTICLE, stall=True))
    with pytest.raises(FetchTimeoutError) as error:
        await fetch_page(url, loopback_settings(fetch_read_timeout="0.3"))
    assert "timed out" in one_line_naming(error, "127.0.0.1")


async def test_a_trickling_server_hits_the_whole_fetch_deadline(
    page_server: PageServer,
) -> None:
    """Each byte arrives inside the read timeout; the deadline for the whole fetch still ends it."""
    url = page_server.add("/trickle", Route(trickle=True))
    settings = loopback_settings(fetch_connect_timeout="0.1", fetch_read_timeout="0.3")
    with pytest.raises(FetchTimeoutError) as error:
        await fetch_page(url, settings)
    assert "took longer than 1.3 s" in one_line_naming(error, "127.0.0.1")


async def test_a_lookup_slower_than_the_connect_timeout_times_out() -> None:
    async def stalled_resolver(host: str, port: int) -> list[str]:
        await asyncio.sleep(5)
        return ["127.0.0.1"]

    settings = loopback_settings(fetch_connect_timeout="0.2")
    with pytest.raises(FetchTimeoutError) as error:
        await fetch_page("http://slow-dns.example/", settings, resolver=stalled_resolver)
    assert "could not connect" in one_line_naming(error, "slow-dns.example")


async def test_an_endless_body_stops_at_the_cap(page_server: PageServer) -> None:
    url = page_server.add("/endless", Route(endless=True))
    with pytest.raises(TooLargeError) as error:
        await fetch_page(url, loopback_settings(fetch_max_bytes="100000"))
    assert "100 kB" in one_line_naming(error, "127.0.0.1")
    # The server stopped because the client hung up, far from the end of its body.
    assert page_server.bytes_sent < ENDLESS_CHUNK_LIMIT * 16_384 // 4


async def test_a_declared_length_over_the_cap_is_refused(page_server: PageServer) -> None:
    url = page_server.add("/big", Route(body=b"<p>" + b"w" * 300_000 + b"</p>"))
    with pytest.raises(TooLargeError):
        await fetch_page(url, loopback_settings(fetch_max_bytes="100000"))


# --- content types ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("application/json", b'{"headline": "not a page"}'),
        ("application/octet-stream", b"\x00\x01\x02\x03"),
    ],
)
async def test_other_content_types_are_refused(
    page_server: PageServer, content_type: str, body: bytes
) -> None:
    url = page_server.add("/file", Route(body=body, content_type=content_type))
    with pytest.raises(UnsupportedContentError) as error:
        await fetch_page(url, loopback_settings())
    assert content_type in one_line_naming(error, "127.0.0.1")


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/xhtml+xml; charset=utf-8", "application/xhtml+xml"),
        ("text/plain; charset=utf-8", "text/plain"),
        ("TEXT/HTML", "text/html"),
    ],
)
async def test_xhtml_and_plain_text_are_accepted(
    page_server: PageServer, content_type: str, expected: str
) -> None:
    url = page_server.add("/doc", Route(body=ARTICLE, content_type=content_type))
    page = await fetch_page(url, loopback_settings())
    assert page.content_type == expected
    assert "every forty minutes" in page.text


async def test_a_page_without_content_type_is_sniffed(page_server: PageServer) -> None:
    html_url = page_server.add("/bare.html", Route(body=ARTICLE, content_type=None))
    png_url = page_server.add(
        "/bare.png", Route(body=b"\x89PNG\r\n\x1a\n" + bytes(64), content_type=None)
    )
    settings = loopback_settings()

    text_url = page_server.add("/bare.txt", Route(body=RUSSIAN.encode("cp1251"), content_type=None))

    page = await fetch_page(html_url, settings)
    assert page.content_type == "text/html"
    page = await fetch_page(text_url, settings)
    assert page.content_type == "text/plain"
    assert page.text == RUSSIAN
    with pytest.raises(UnsupportedContentError):
        await fetch_page(png_url, settings)


# --- charsets ---------------------------------------------------------------------------------


def html_page(text: str, encoding: str, head: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{text[:20]}</title></head>"
        f"<body><p>{text}</p></body></html>"
    ).encode(encoding)


CHARSET_CASES: list[tuple[str, str, str]] = [
    (RUSSIAN, "windows-1251", "cp1251"),
    (JAPANESE, "shift_jis", "cp932"),
]


@pytest.mark.parametrize(("text", "encoding", "codec"), CHARSET_CASES)
@pytest.mark.parametrize(
    ("declare_in_header", "meta"),
    [
        (True, ""),
        (False, '<meta charset="{}">'),
        (False, '<meta http-equiv="Content-Type" content="text/html; charset={}">'),
        (False, ""),  # nothing declares it: detection
    ],
    ids=["header", "meta-charset", "meta-http-equiv", "detected"],
)
async def test_legacy_charsets_come_out_readable(
    page_server: PageServer,
    text: str,
    encoding: str,
    codec: str,
    declare_in_header: bool,
    meta: str,
) -> None:
    content_type = f"text/html; charset={encoding}" if declare_in_header else "text/html"
    body = html_page(text, encoding, meta.format(encoding))
    url = page_server.add("/legacy", Route(body=body, content_type=content_type))

    page = await fetch_page(url, loopback_settings())

    assert text in page.text
    assert page.encoding == codec


@pytest.mark.parametrize(("text", "encoding", "codec"), CHARSET_CASES)
async def test_plain_text_without_charset_is_detected(
    page_server: PageServer, text: str, encoding: str, codec: str
) -> None:
    url = page_server.add("/note.txt", Route(body=text.encode(encoding), content_type="text/plain"))
    page = await fetch_page(url, loopback_settings())
    assert page.text == text
    assert page.encoding == codec


async def test_a_header_charset_that_does_not_fit_gives_way(page_server: PageServer) -> None:
    body = html_page(RUSSIAN, "windows-1251", '<meta charset="windows-1251">')
    url = page_server.add("/mislabelled", Route(body=body, content_type="text/html; charset=utf-8"))
    page = await fetch_page(url, loopback_settings())
    assert RUSSIAN in page.text


# --- connection failures ----------------------------------------------------------------------


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_refused_connection_is_a_fetch_error() -> None:
    with pytest.raises(FetchError) as error:
        await fetch_page(f"http://127.0.0.1:{unused_port()}/", loopback_settings())
    assert type(error.value) is FetchError
    assert "could not connect to 127.0.0.1" in one_line_naming(error, "127.0.0.1")


async def test_a_name_that_does_not_resolve_is_a_fetch_error() -> None:
    resolver = RecordingResolver()
    with pytest.raises(FetchError) as error:
        await fetch_page("https://nowhere.example/news", closed_settings(), resolver=resolver)
    assert type(error.value) is FetchError
    assert "could not connect to nowhere.example" in one_line_naming(error, "nowhere.example")
    assert resolver.questions == ["nowhere.example"]


# --- URL validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a link",
        "ftp://files.example/report.html",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://",
        "http:///path-only",
        "https://reader:secret@news.example/story",
        "https://reader@news.example/story",
        "http://news.example:99999/",
    ],
)
async def test_unusable_urls_are_refused_before_any_lookup(url: str) -> None:
    resolver = RecordingResolver()
    with pytest.raises(InvalidURLError) as error:
        await fetch_page(url, closed_settings(), resolver=resolver)
    assert "\n" not in str(error.value)
    assert resolver.questions == []


# --- SSRF guard -------------------------------------------------------------------------------

FORBIDDEN_LITERALS = [
    "http://127.0.0.1/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://127.1/",
    "http://0177.0.0.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::1]/",
    "http://0.0.0.0/",
    "http://0/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[2002:c0a8:101::1]/",
    "https://127.0.0.1.:8443/",
]


@pytest.mark.parametrize("url", FORBIDDEN_LITERALS)
async def test_forbidden_addresses_are_refused_without_an_allow_list(url: str) -> None:
    loopback = [["127.0.0.1", "::1"]]
    resolver = RecordingResolver({"localhost": loopback, "localhost.": loopback})
    with pytest.raises(RefusedAddressError) as error:
        await fetch_page(url, closed_settings(), resolver=resolver)
    assert "refusing to fetch" in str(error.value)
    assert "\n" not in str(error.value)


async def test_a_name_resolving_to_a_forbidden_address_is_refused() -> None:
    resolver = RecordingResolver({"intranet.example": [["93.184.215.14", "127.0.0.7"]]})
    with pytest.raises(RefusedAddressError) as error:
        await fetch_page("http://intranet.example/wiki", closed_settings(), resolver=resolver)
    assert "intranet.example (127.0.0.7)" in one_line_naming(error, "intranet.example")
    assert resolver.questions == ["intranet.example"]


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/inside",
        "http://[::1]:{port}/inside",
        "http://0x7f.0.0.3:{port}/inside",
        "http://2130706434:{port}/inside",
        "http://metadata.example:{port}/inside",
        "gopher://127.0.0.1:{port}/inside",
        "http://reader:secret@127.0.0.1:{port}/inside",
    ],
)
async def test_a_redirect_to_a_forbidden_address_is_refused(
    page_server: PageServer, target: str
) -> None:
    resolver = RecordingResolver({"metadata.example": [["127.0.0.9"]]})
    page_server.add("/inside", Route(body=ARTICLE))
    url = page_server.redirect("/out", target.format(port=page_server.port))
    with pytest.raises((RefusedAddressError, InvalidURLError)):
        await fetch_page(url, loopback_settings(), resolver=resolver)
    assert page_server.requests == ["/out"]


async def test_a_malformed_redirect_is_a_fetch_error(page_server: PageServer) -> None:
    url = page_server.redirect("/out", "http://[::1/inside")
    with pytest.raises(FetchError) as error:
        await fetch_page(url, loopback_settings())
    assert "malformed" in one_line_naming(error, "127.0.0.1")


async def test_the_checked_address_is_the_one_connected_to(page_server: PageServer) -> None:
    """The name is looked up once; the socket goes to that answer, not to a second lookup that a
    rebinding DNS server could answer differently. `news.example` exists only in the fake."""
    page_server.add("/story", Route(body=ARTICLE))
    resolver = RecordingResolver({"news.example": [["127.0.0.1"], ["127.0.0.2"]]})
    url = page_server.url("/story", host="news.example")

    page = await fetch_page(url, loopback_settings(), resolver=resolver)

    assert page.final_url == url
    assert "every forty minutes" in page.text
    assert resolver.questions == ["news.example"]


async def test_a_redirect_on_the_same_host_reuses_the_checked_connection(
    page_server: PageServer,
) -> None:
    page_server.add("/story", Route(body=ARTICLE))
    page_server.redirect("/start", "/story")
    resolver = RecordingResolver({"news.example": [["127.0.0.1"], ["127.0.0.2"]]})

    page = await fetch_page(
        page_server.url("/start", host="news.example"), loopback_settings(), resolver=resolver
    )

    assert page.final_url == page_server.url("/story", host="news.example")
    assert resolver.questions == ["news.example"]


@pytest.mark.parametrize(
    ("allow", "host"),
    [
        ("127.0.0.0/8", "127.0.0.1"),
        ("localhost", "localhost"),
        ("10.0.0.0/8, 127.0.0.1", "127.0.0.1"),
        ("::ffff:127.0.0.1", "[::ffff:127.0.0.1]"),
    ],
)
async def test_the_allow_list_lets_named_hosts_and_ranges_through(
    page_server: PageServer, allow: str, host: str
) -> None:
    page_server.add("/story", Route(body=ARTICLE))
    resolver = RecordingResolver({"localhost": [["::1", "127.0.0.1"]]})
    settings = closed_settings(fetch_allow=allow)

    page = await fetch_page(page_server.url("/story", host=host), settings, resolver=resolver)

    assert "every forty minutes" in page.text


@pytest.mark.parametrize(
    ("status", "headers", "advice"),
    [
        (404, {}, "check the link; the page may have moved or been removed"),
        (500, {}, "try again later"),
        (429, {"Retry-After": "120"}, "try again in 2 minutes"),
        (429, {"Retry-After": "45"}, "try again in 45 s"),
        (503, {"Retry-After": "soon"}, "try again in a few minutes"),
        (403, {}, "paste the article's text instead"),
    ],
)
async def test_an_error_status_says_what_to_do(
    page_server: PageServer, status: int, headers: dict[str, str], advice: str
) -> None:
    url = page_server.add("/refused", Route(status=status, body=b"<p>no</p>", headers=headers))
    with pytest.raises(HTTPStatusError) as error:
        await fetch_page(url, loopback_settings())
    assert one_line_naming(error, "127.0.0.1").endswith(advice)


async def test_a_utf16_page_without_a_bom_is_read_whatever_its_label(
    page_server: PageServer,
) -> None:
    body = ARTICLE.decode().encode("utf-16-le")
    url = page_server.add("/wide", Route(body=body, content_type="text/html; charset=utf-8"))
    page = await fetch_page(url, loopback_settings())
    assert page.encoding == "utf-16-le"
    assert page.text == ARTICLE.decode()
