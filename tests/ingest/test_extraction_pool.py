"""Extraction under a deadline and a markup budget, in worker processes that can be stopped."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.errors import ExtractionError, ExtractionLimitError
from bot.ingest.extraction_pool import ExtractionPool
from bot.ingest.source import article_from_html, article_from_url
from bot.testing.pages import PageServer, Route
from tests.ingest.fetching import loopback_settings

STORY = (
    "<html><head><title>Ferry timetable</title></head><body><article>"
    "<p>The Lindqvist Bay ferry will run every forty minutes from Monday, the operator said "
    "on Tuesday after weeks of complaints from commuters on the northern shore.</p>"
    "<p>Harbour master Ola Brekke said the new timetable had been agreed with the unions and "
    "would be reviewed in the spring once the winter storms were over.</p>"
    "</article></body></html>"
)


def tiny_elements(size: int) -> str:
    """A page of `size` bytes made of one-word paragraphs, slow for any HTML extractor."""
    return "<html><body>" + "<p>said</p>" * (size // 11) + "</body></html>"


@pytest.fixture
async def pool() -> AsyncIterator[ExtractionPool]:
    pool = ExtractionPool(workers=2, timeout=60.0, max_tags=1_000_000)
    try:
        yield pool
    finally:
        pool.close()


async def test_a_page_of_tiny_elements_over_the_budget_is_refused_unread(
    page_server: PageServer,
) -> None:
    settings = loopback_settings()
    pool = ExtractionPool.from_settings(settings)
    try:
        url = page_server.add("/said", Route(body=tiny_elements(1_000_000).encode()))
        with pytest.raises(ExtractionLimitError) as error:
            await article_from_url(url, settings, pool=pool)
        assert "too much markup" in str(error.value)
        assert pool._idle == []  # no worker was started for it
        assert pool._busy == set()
    finally:
        pool.close()


async def test_a_page_past_the_deadline_is_stopped_and_the_pool_goes_on(
    page_server: PageServer,
) -> None:
    pool = ExtractionPool(workers=1, timeout=0.2, max_tags=1_000_000)
    try:
        slow = page_server.add("/slow", Route(body=tiny_elements(400_000).encode()))
        with pytest.raises(ExtractionLimitError) as error:
            await article_from_url(slow, loopback_settings(), pool=pool)
        assert "took longer than 0.2 s" in str(error.value)
        good = page_server.add("/good", Route(body=STORY.encode()))
        pool.timeout = 60.0  # a new worker starts for this one: time enough on a busy machine
        article = await article_from_url(good, loopback_settings(), pool=pool)
        assert "Lindqvist Bay" in article.text
    finally:
        pool.close()


async def test_heavy_pages_leave_a_worker_for_an_ordinary_one(pool: ExtractionPool) -> None:
    heavy = [
        asyncio.create_task(article_from_html(tiny_elements(400_000), pool=pool)) for _ in range(4)
    ]
    article = await article_from_html(STORY, pool=pool)
    assert "Lindqvist Bay" in article.text
    assert not any(task.done() for task in heavy)
    for task in heavy:
        task.cancel()
    for task in heavy:
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_closing_the_pool_ends_a_running_extraction(pool: ExtractionPool) -> None:
    slow = asyncio.create_task(article_from_html(tiny_elements(400_000), pool=pool))
    while not pool._busy:  # noqa: ASYNC110 - the pool signals nothing when a job starts
        await asyncio.sleep(0.01)
    pool.close()
    with pytest.raises(ExtractionError) as error:
        await slow
    assert "stopping" in str(error.value)


async def test_an_error_in_the_worker_comes_back_as_the_same_error(pool: ExtractionPool) -> None:
    with pytest.raises(ExtractionError) as error:
        await article_from_html("<html><body><script>x</script></body></html>", pool=pool)
    assert "no article text" in str(error.value)


_ONE_PAGE = """
import asyncio, os, sys, threading
from bot.config import Settings
from bot.ingest.extraction_pool import ExtractionPool
from bot.ingest.source import article_from_html

if sys.argv[1] == "threads":
    threading.Thread(target=threading.Event().wait, daemon=True).start()
pool = ExtractionPool.for_one_page(Settings())
forked = [worker.process.pid for worker in pool._idle]
try:
    article = asyncio.run(article_from_html(sys.argv[2], pool=pool))
    parents = {open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1] for pid in forked}
    print(article.title, len(forked), parents == {str(os.getpid())} if forked else "-")
finally:
    pool.close()
"""


@pytest.mark.slow  # a fresh interpreter each
@pytest.mark.parametrize(
    ("threads", "expected"),
    [("one", "Ferry timetable 1 True"), ("threads", "Ferry timetable 0 -")],
)
def test_a_one_page_pool_forks_its_first_worker_from_a_process_with_one_thread(
    threads: str, expected: str, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _ONE_PAGE, threads, STORY],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "BRIEFBOT_DB": str(tmp_path / "b.db")},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
