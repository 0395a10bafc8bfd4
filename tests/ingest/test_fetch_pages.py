"""fetch_page against a real loopback server: plain pages, redirects, and error statuses with
what to do about them."""

from __future__ import annotations

import pytest

from bot.errors import HTTPStatusError, RedirectError
from bot.ingest.fetch import FetchedPage, fetch_page
from bot.testing.pages import PageServer, Route
from tests.ingest.fetching import ARTICLE, loopback_settings, one_line_naming


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
