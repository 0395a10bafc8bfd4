"""BriefStore against real SQLite files: what each chat can see, and how failures read."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from bot.errors import StoreError
from bot.models import Article, Brief, Claim
from bot.store.canonical_url import canonical_url
from bot.store.migrations import LATEST, MIGRATIONS, apply_migrations, schema_version, statements
from bot.store.sqlite import BriefStore

ENGINE, VERSION = "offline", "1"


def _article(key: str, url: str | None = None, final_url: str | None = None) -> Article:
    text = f"The mayor of Vellmoor said the {key} bridge would reopen in May."
    return Article(
        url=url,
        final_url=final_url,
        title=f"Bridge {key}",
        paragraphs=[text],
        text=text,
        content_hash=f"hash-{key}",
    )


def _brief(title: str) -> Brief:
    quote = "the bridge would reopen in May"
    return Brief(
        title=title,
        summary=f"{title}: the mayor expects a May reopening.",
        claims=[Claim(id="c1", text="It reopens in May.", by="the mayor", quote=quote)],
        engine=ENGINE,
    )


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[BriefStore]:
    opened = await BriefStore.open(tmp_path / "briefs.sqlite3")
    yield opened
    await opened.close()


async def _deliver(
    store: BriefStore,
    chat_id: int,
    key: str,
    *,
    url: str | None = None,
    final_url: str | None = None,
    message_ids: list[int] | None = None,
) -> int:
    article_id = await store.save_article(_article(key, url, final_url))
    brief_id = await store.save_brief(article_id, _brief(f"Bridge {key}"), ENGINE, VERSION)
    await store.record_delivery(chat_id, brief_id, message_ids or [])
    return brief_id


async def test_article_and_brief_round_trip(store: BriefStore) -> None:
    article = _article("north", url="https://news.example/north")
    article_id = await store.save_article(article)
    brief_id = await store.save_brief(article_id, _brief("North"), ENGINE, VERSION)

    cached = await store.cached_brief(article.content_hash, ENGINE, VERSION)
    assert cached is not None
    assert (cached.brief_id, cached.article_id, cached.delivered_at) == (brief_id, article_id, None)
    assert cached.article == article
    assert cached.brief == _brief("North")
    assert (cached.engine, cached.engine_version) == (ENGINE, VERSION)
    assert cached.created_at.tzinfo == dt.UTC

    await store.record_delivery(7, brief_id, [100])
    mine = await store.chat_brief(7, brief_id)
    assert mine is not None
    assert mine.brief == cached.brief
    assert mine.delivered_at is not None
    assert mine.delivered_at.tzinfo == dt.UTC
    assert mine.delivered_at >= mine.created_at


async def test_same_article_is_saved_once(store: BriefStore) -> None:
    first = await store.save_article(_article("a", url="https://News.example/a/?utm_source=x"))
    again = await store.save_article(_article("a", url="https://news.example/a"))
    elsewhere = await store.save_article(_article("a", url="https://other.example/a"))
    pasted = await store.save_article(_article("a"))
    assert first == again
    assert len({first, elsewhere, pasted}) == 3
    assert await store.save_article(_article("a")) == pasted


async def test_cache_is_keyed_by_engine_and_version(store: BriefStore) -> None:
    article_id = await store.save_article(_article("k"))
    await store.save_brief(article_id, _brief("K"), ENGINE, VERSION)
    assert await store.cached_brief("hash-k", ENGINE, "2") is None
    assert await store.cached_brief("hash-k", "llm:model", VERSION) is None
    assert await store.cached_brief("hash-other", ENGINE, VERSION) is None


async def test_a_new_brief_replaces_the_cached_one_but_not_the_delivered_one(
    store: BriefStore,
) -> None:
    old_id = await _deliver(store, 1, "r")
    article_id = await store.save_article(_article("r"))
    new_id = await store.save_brief(article_id, _brief("Refreshed"), ENGINE, VERSION)
    cached = await store.cached_brief("hash-r", ENGINE, VERSION)
    assert cached is not None
    assert cached.brief_id == new_id != old_id
    kept = await store.chat_brief(1, old_id)
    assert kept is not None
    assert kept.brief.title == "Bridge r"


async def test_a_brief_of_one_chat_stays_out_of_another(store: BriefStore) -> None:
    url = "https://news.example/secret"
    brief_id = await _deliver(store, 1, "s", url=url, message_ids=[50])
    await store.add_turn(1, brief_id, "Who said it?", "The mayor.")

    assert await store.chat_brief(2, brief_id) is None
    assert await store.chat_brief_for_url(2, url) is None
    assert await store.brief_for_message(2, 50) is None
    assert await store.chat_history(2, limit=10) == []
    assert await store.chat_briefs_since(2, None) == []
    assert await store.turns(2, brief_id) == []

    assert await store.chat_brief(1, brief_id) is not None
    assert [turn.answer for turn in await store.turns(1, brief_id)] == ["The mayor."]


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://News.Example/Story/", "https://news.example/Story"),
        ("https://news.example/story#comments", "https://news.example/story"),
        (
            "https://news.example/story?utm_source=tg&id=4&UTM_Medium=x",
            "https://news.example/story?id=4",
        ),
        ("https://news.example:443/story", "https://news.example/story"),
        ("http://news.example:8080/story", "http://news.example:8080/story"),
        ("https://news.example/", "https://news.example"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


async def test_a_link_sent_again_finds_the_chat_brief(store: BriefStore) -> None:
    brief_id = await _deliver(
        store,
        1,
        "u",
        url="https://short.example/u",
        final_url="https://news.example/2031/bridge-u/",
    )
    for spelling in (
        "https://short.example/u",
        "HTTPS://SHORT.example/u/#top",
        "https://news.example/2031/bridge-u?utm_campaign=daily",
    ):
        found = await store.chat_brief_for_url(1, spelling)
        assert found is not None, spelling
        assert found.brief_id == brief_id
    assert await store.chat_brief_for_url(1, "https://news.example/2031/other") is None
    assert await store.chat_brief_for_url(1, "") is None


async def test_a_cached_brief_from_another_link_is_found_by_the_new_link(
    store: BriefStore,
) -> None:
    brief_id = await _deliver(store, 1, "m", url="https://first.example/m")
    await store.save_article(_article("m", url="https://mirror.example/m"))
    await store.record_delivery(2, brief_id, [])
    found = await store.chat_brief_for_url(2, "https://mirror.example/m")
    assert found is not None
    assert found.brief_id == brief_id


async def test_a_message_leads_to_its_brief(store: BriefStore) -> None:
    first = await _deliver(store, 1, "one", message_ids=[10, 11])
    second = await _deliver(store, 1, "two", message_ids=[12])
    for message_id, brief_id in ((10, first), (11, first), (12, second)):
        found = await store.brief_for_message(1, message_id)
        assert found is not None
        assert found.brief_id == brief_id
    assert await store.brief_for_message(1, 13) is None

    await store.record_delivery(1, second, [11])
    moved = await store.brief_for_message(1, 11)
    assert moved is not None
    assert moved.brief_id == second


async def test_history_lists_distinct_briefs_newest_delivery_first(store: BriefStore) -> None:
    ids = [await _deliver(store, 1, key) for key in ("a", "b", "c")]
    await store.record_delivery(1, ids[0], [99])
    history = await store.chat_history(1, limit=10)
    assert [item.brief_id for item in history] == [ids[0], ids[2], ids[1]]
    assert [item.brief_id for item in await store.chat_history(1, limit=2)] == [ids[0], ids[2]]


async def test_briefs_since_are_the_new_ones_oldest_first(store: BriefStore) -> None:
    early = await _deliver(store, 1, "early")
    since = dt.datetime.now(dt.UTC)
    later = [await _deliver(store, 1, key) for key in ("x", "y")]
    await store.record_delivery(1, early, [])
    assert [item.brief_id for item in await store.chat_briefs_since(1, None)] == [early, *later]
    assert [item.brief_id for item in await store.chat_briefs_since(1, since)] == later


async def test_turns_keep_the_last_ones_oldest_first(store: BriefStore) -> None:
    brief_id = await _deliver(store, 1, "t")
    other = await _deliver(store, 1, "other")
    for number in range(12):
        await store.add_turn(1, brief_id, f"question {number}", f"answer {number}")
    await store.add_turn(1, other, "elsewhere", "elsewhere")
    turns = await store.turns(1, brief_id)
    assert [turn.question for turn in turns] == [f"question {n}" for n in range(2, 12)]
    assert [turn.answer for turn in await store.turns(1, brief_id, limit=3)] == [
        "answer 9",
        "answer 10",
        "answer 11",
    ]


async def test_forget_chat_removes_what_only_that_chat_had(store: BriefStore) -> None:
    shared = await _deliver(store, 1, "shared", url="https://news.example/shared", message_ids=[5])
    await store.record_delivery(2, shared, [6])
    private = await _deliver(store, 1, "private", message_ids=[7])
    await store.add_turn(1, shared, "q", "a")
    await store.add_turn(2, shared, "q2", "a2")
    for chat_id in (1, 2):
        await store.set_subscription(chat_id, dt.time(8, 0), "Europe/Vienna")
        await store.mark_briefing_sent(chat_id, dt.datetime(2031, 5, 1, 8, tzinfo=dt.UTC))

    await store.forget_chat(1)

    assert await store.chat_history(1, limit=10) == []
    assert await store.brief_for_message(1, 5) is None
    assert await store.chat_brief_for_url(1, "https://news.example/shared") is None
    assert await store.turns(1, shared) == []
    assert await store.subscription(1) is None
    assert await store.last_briefing_at(1) is None
    assert await store.cached_brief("hash-private", ENGINE, VERSION) is None
    assert await store.chat_brief(1, private) is None

    assert [item.brief_id for item in await store.chat_history(2, limit=10)] == [shared]
    assert await store.brief_for_message(2, 6) is not None
    assert [turn.question for turn in await store.turns(2, shared)] == ["q2"]
    assert await store.subscription(2) is not None
    assert await store.last_briefing_at(2) is not None
    assert await store.cached_brief("hash-shared", ENGINE, VERSION) is not None


async def test_subscriptions(store: BriefStore) -> None:
    assert await store.subscription(3) is None
    await store.set_subscription(3, dt.time(7, 30), "Asia/Tokyo")
    await store.set_subscription(4, dt.time(21, 5, 9), "UTC", quiet=True)
    await store.set_subscription(3, dt.time(6, 45), "Europe/Lisbon", quiet=True)
    found = await store.subscription(3)
    assert found is not None
    assert (found.chat_id, found.time, found.timezone, found.quiet) == (
        3,
        dt.time(6, 45),
        "Europe/Lisbon",
        True,
    )
    listed = await store.subscriptions()
    assert [(s.chat_id, s.time) for s in listed] == [(3, dt.time(6, 45)), (4, dt.time(21, 5, 9))]
    await store.remove_subscription(3)
    await store.remove_subscription(3)
    assert [s.chat_id for s in await store.subscriptions()] == [4]


async def test_briefing_marks(store: BriefStore) -> None:
    assert await store.last_briefing_at(5) is None
    first = dt.datetime(2031, 5, 1, 6, 0, tzinfo=dt.UTC)
    await store.mark_briefing_sent(5, first)
    assert await store.last_briefing_at(5) == first
    vienna = dt.timezone(dt.timedelta(hours=2))
    await store.mark_briefing_sent(5, dt.datetime(2031, 5, 2, 8, 0, tzinfo=vienna))
    assert await store.last_briefing_at(5) == dt.datetime(2031, 5, 2, 6, 0, tzinfo=dt.UTC)


async def test_data_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "briefs.sqlite3"
    store = await BriefStore.open(path)
    brief_id = await _deliver(store, 1, "kept", url="https://news.example/kept", message_ids=[3])
    await store.add_turn(1, brief_id, "q", "a")
    await store.set_subscription(1, dt.time(9, 0), "UTC")
    await store.close()

    reopened = await BriefStore.open(str(path))
    try:
        found = await reopened.chat_brief_for_url(1, "https://news.example/kept")
        assert found is not None
        assert found.brief_id == brief_id
        assert await reopened.brief_for_message(1, 3) is not None
        assert len(await reopened.turns(1, brief_id)) == 1
        assert await reopened.subscription(1) is not None
    finally:
        await reopened.close()


async def test_memory_database(tmp_path: Path) -> None:
    store = await BriefStore.open(":memory:")
    try:
        assert await _deliver(store, 1, "mem") > 0
    finally:
        await store.close()
    assert not (Path.cwd() / ":memory:").exists()


async def test_migrations_run_once(tmp_path: Path) -> None:
    path = tmp_path / "briefs.sqlite3"
    for _ in range(2):
        store = await BriefStore.open(path)
        await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (LATEST,)
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    db.close()
    async with aiosqlite.connect(path, isolation_level=None) as connection:
        assert await apply_migrations(connection) == LATEST
        assert await schema_version(connection) == LATEST
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == tables
    db.close()


def test_migration_scripts_split_into_whole_statements() -> None:
    for script in MIGRATIONS:
        for statement in statements(script):
            assert sqlite3.complete_statement(statement)
    assert list(statements("CREATE TABLE t (a TEXT DEFAULT ';');\n-- done\n")) == [
        "CREATE TABLE t (a TEXT DEFAULT ';');"
    ]
    with pytest.raises(ValueError, match="incomplete"):
        list(statements("CREATE TABLE t (a"))


async def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer briefbot"):
        await BriefStore.open(path)


async def test_a_corrupt_file_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "noise.sqlite3"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(StoreError) as caught:
        await BriefStore.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert "corrupt" in message
    assert "Traceback" not in message
    assert "\n" not in message


async def test_damaged_pages_are_found_at_open(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    store = await BriefStore.open(path)
    for n in range(20):
        await _deliver(store, 1, f"d{n}-" + "x" * 2000)
    await store.close()
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    path.write_bytes(bytes(data))
    opened: BriefStore | None = None
    try:
        with pytest.raises(StoreError) as caught:
            opened = await BriefStore.open(path)
    finally:
        if opened is not None:  # the damage went unnoticed: do not leak the connection
            await opened.close()
    assert str(caught.value) == f"{path} is not a usable briefbot database (corrupt pages)"


async def test_a_folder_that_cannot_exist_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the folder"):
        await BriefStore.open(blocker / "briefs.sqlite3")


def _skip_unless_permissions_bind(tmp_path: Path) -> None:
    """Root (euid 0 with its usual capabilities) writes through file modes; nothing to test then."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    probe = tmp_path / "probe"
    probe.write_text("")
    probe.chmod(0o444)
    try:
        with probe.open("a"):
            pytest.skip("running as root: file modes do not stop writes")
    except PermissionError:
        pass
    finally:
        probe.chmod(0o644)


async def test_a_read_only_file_is_a_store_error(tmp_path: Path) -> None:
    _skip_unless_permissions_bind(tmp_path)
    path = tmp_path / "briefs.sqlite3"
    store = await BriefStore.open(path)
    await store.close()
    path.chmod(0o444)
    try:
        with pytest.raises(StoreError, match=r"read-only|cannot open"):
            await BriefStore.open(path)
    finally:
        path.chmod(0o644)


async def test_an_unwritable_folder_is_a_store_error(tmp_path: Path) -> None:
    _skip_unless_permissions_bind(tmp_path)
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="cannot open"):
            await BriefStore.open(folder / "briefs.sqlite3")
    finally:
        folder.chmod(0o755)


async def test_a_locked_database_is_a_store_error_and_passes(tmp_path: Path) -> None:
    path = tmp_path / "briefs.sqlite3"
    store = await BriefStore.open(path, busy_timeout=0.05)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError, match="locked"):
            await store.save_article(_article("busy"))
        with pytest.raises(StoreError, match="locked"):
            await BriefStore.open(path, busy_timeout=0.05)
        other.execute("ROLLBACK")
        assert await store.save_article(_article("busy")) > 0
    finally:
        other.close()
        await store.close()


async def test_a_full_disk_is_a_store_error(store: BriefStore) -> None:
    db = store._db
    assert db is not None
    async with db.execute("PRAGMA page_count") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    await db.execute(f"PRAGMA max_page_count = {row[0]}")
    big = _article("big").model_copy(update={"text": "Vellmoor. " * 50_000})
    with pytest.raises(StoreError, match="no space left"):
        await store.save_article(big)
    assert await store.chat_history(1, limit=5) == []


async def test_a_missing_brief_cannot_be_delivered(store: BriefStore) -> None:
    with pytest.raises(StoreError):
        await store.record_delivery(1, 12345, [1])
    with pytest.raises(StoreError):
        await store.save_brief(12345, _brief("none"), ENGINE, VERSION)
    assert await store.chat_history(1, limit=5) == []


async def test_a_closed_store_is_a_store_error(tmp_path: Path) -> None:
    store = await BriefStore.open(tmp_path / "briefs.sqlite3")
    await store.close()
    await store.close()
    with pytest.raises(StoreError, match="closed"):
        await store.chat_history(1, limit=5)


async def test_concurrent_writes_all_land(tmp_path: Path) -> None:
    path = tmp_path / "briefs.sqlite3"
    first = await BriefStore.open(path)
    second = await BriefStore.open(path)
    try:
        stores = (first, second)
        await asyncio.gather(
            *(
                _deliver(
                    stores[n % 2], 1, f"c{n}", url=f"https://news.example/{n}", message_ids=[n]
                )
                for n in range(50)
            )
        )
        history = await first.chat_history(1, limit=100)
        assert len(history) == 50
        assert len({item.brief_id for item in history}) == 50
        for n in (0, 25, 49):
            found = await second.brief_for_message(1, n)
            assert found is not None
            assert found.article.url == f"https://news.example/{n}"
    finally:
        await first.close()
        await second.close()


async def test_the_journal_is_write_ahead(tmp_path: Path) -> None:
    path = tmp_path / "wal.sqlite3"
    store = await BriefStore.open(path)
    try:
        await _deliver(store, 1, "w")
        # Asked from another connection: WAL is a property of the file, not of our session.
        with contextlib.closing(sqlite3.connect(path)) as other:
            (mode,) = other.execute("PRAGMA journal_mode").fetchone()
        assert mode == "wal"
    finally:
        await store.close()


async def test_a_write_failing_half_way_leaves_nothing_half_written(tmp_path: Path) -> None:
    path = tmp_path / "atomic.sqlite3"
    store = await BriefStore.open(path)
    try:
        article_id = await store.save_article(_article("h"))
        brief_id = await store.save_brief(article_id, _brief("H"), ENGINE, VERSION)
        # record_delivery writes chat_briefs, then chat_messages: make the second one fail.
        with contextlib.closing(sqlite3.connect(path)) as other:
            other.execute(
                "CREATE TRIGGER refuse_messages BEFORE INSERT ON chat_messages"
                " BEGIN SELECT RAISE(ABORT, 'constraint failed: refused by test'); END"
            )
            other.commit()
        with pytest.raises(StoreError, match="refused by test"):
            await store.record_delivery(1, brief_id, [10, 11])
        assert await store.chat_brief(1, brief_id) is None
        assert await store.chat_history(1, limit=5) == []

        with contextlib.closing(sqlite3.connect(path)) as other:
            other.execute("DROP TRIGGER refuse_messages")
            other.commit()
        # No transaction was left open: the next write lands whole.
        await store.record_delivery(1, brief_id, [10])
        assert [item.brief_id for item in await store.chat_history(1, limit=5)] == [brief_id]
        found = await store.brief_for_message(1, 10)
        assert found is not None
        assert found.brief_id == brief_id
    finally:
        await store.close()


async def test_turns_know_their_chat(store: BriefStore) -> None:
    brief_id = await _deliver(store, 1, "q")
    first = await store.add_turn(1, brief_id, "Who said it?", "The mayor.")
    second = await store.add_turn(1, brief_id, "When?", "In May.")
    assert second > first
    assert await store.turn_question(1, first) == "Who said it?"
    assert await store.turn_question(2, first) is None
    assert await store.turn_question(1, second + 100) is None
    await store.forget_chat(1)
    assert await store.turn_question(1, first) is None
