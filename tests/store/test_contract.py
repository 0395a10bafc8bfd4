"""The store's contract, run on SQLite and on PostgreSQL: what each chat can see."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.errors import StoreError
from bot.store.base import Store
from bot.store.canonical_url import canonical_url
from bot.store.select import open_store
from tests.store.samples import ENGINE, VERSION, deliver, make_article, make_brief


async def test_article_and_brief_round_trip(store: Store) -> None:
    article = make_article("north", url="https://news.example/north")
    article_id = await store.save_article(article)
    brief_id = await store.save_brief(article_id, make_brief("North"), ENGINE, VERSION)

    cached = await store.cached_brief(article.content_hash, ENGINE, VERSION)
    assert cached is not None
    assert (cached.brief_id, cached.article_id, cached.delivered_at) == (brief_id, article_id, None)
    assert cached.article == article
    assert cached.brief == make_brief("North")
    assert (cached.engine, cached.engine_version) == (ENGINE, VERSION)
    assert cached.created_at.tzinfo == dt.UTC

    await store.record_delivery(7, brief_id, [100])
    mine = await store.chat_brief(7, brief_id)
    assert mine is not None
    assert mine.brief == cached.brief
    assert mine.delivered_at is not None
    assert mine.delivered_at.tzinfo == dt.UTC
    assert mine.delivered_at >= mine.created_at


async def test_same_article_is_saved_once(store: Store) -> None:
    first = await store.save_article(make_article("a", url="https://News.example/a/?utm_source=x"))
    again = await store.save_article(make_article("a", url="https://news.example/a"))
    elsewhere = await store.save_article(make_article("a", url="https://other.example/a"))
    pasted = await store.save_article(make_article("a"))
    assert first == again
    assert len({first, elsewhere, pasted}) == 3
    assert await store.save_article(make_article("a")) == pasted


async def test_cache_is_keyed_by_engine_and_version(store: Store) -> None:
    article_id = await store.save_article(make_article("k"))
    await store.save_brief(article_id, make_brief("K"), ENGINE, VERSION)
    assert await store.cached_brief("hash-k", ENGINE, "2") is None
    assert await store.cached_brief("hash-k", "llm:model", VERSION) is None
    assert await store.cached_brief("hash-other", ENGINE, VERSION) is None


async def test_a_new_brief_replaces_the_cached_one_but_not_the_delivered_one(
    store: Store,
) -> None:
    old_id = await deliver(store, 1, "r")
    article_id = await store.save_article(make_article("r"))
    new_id = await store.save_brief(article_id, make_brief("Refreshed"), ENGINE, VERSION)
    cached = await store.cached_brief("hash-r", ENGINE, VERSION)
    assert cached is not None
    assert cached.brief_id == new_id != old_id
    kept = await store.chat_brief(1, old_id)
    assert kept is not None
    assert kept.brief.title == "Bridge r"


async def test_a_brief_of_one_chat_stays_out_of_another(store: Store) -> None:
    url = "https://news.example/secret"
    brief_id = await deliver(store, 1, "s", url=url, message_ids=[50])
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


async def test_a_link_sent_again_finds_the_chat_brief(store: Store) -> None:
    brief_id = await deliver(
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
    store: Store,
) -> None:
    brief_id = await deliver(store, 1, "m", url="https://first.example/m")
    await store.save_article(make_article("m", url="https://mirror.example/m"))
    await store.record_delivery(2, brief_id, [])
    found = await store.chat_brief_for_url(2, "https://mirror.example/m")
    assert found is not None
    assert found.brief_id == brief_id


async def test_a_message_leads_to_itsbrief(store: Store) -> None:
    first = await deliver(store, 1, "one", message_ids=[10, 11])
    second = await deliver(store, 1, "two", message_ids=[12])
    for message_id, brief_id in ((10, first), (11, first), (12, second)):
        found = await store.brief_for_message(1, message_id)
        assert found is not None
        assert found.brief_id == brief_id
    assert await store.brief_for_message(1, 13) is None

    await store.record_delivery(1, second, [11])
    moved = await store.brief_for_message(1, 11)
    assert moved is not None
    assert moved.brief_id == second


async def test_history_lists_distinct_briefs_newest_delivery_first(store: Store) -> None:
    ids = [await deliver(store, 1, key) for key in ("a", "b", "c")]
    await store.record_delivery(1, ids[0], [99])
    history = await store.chat_history(1, limit=10)
    assert [item.brief_id for item in history] == [ids[0], ids[2], ids[1]]
    assert [item.brief_id for item in await store.chat_history(1, limit=2)] == [ids[0], ids[2]]


async def test_briefs_since_are_the_new_ones_oldest_first(store: Store) -> None:
    early = await deliver(store, 1, "early")
    since = dt.datetime.now(dt.UTC)
    later = [await deliver(store, 1, key) for key in ("x", "y")]
    await store.record_delivery(1, early, [])
    assert [item.brief_id for item in await store.chat_briefs_since(1, None)] == [early, *later]
    assert [item.brief_id for item in await store.chat_briefs_since(1, since)] == later


async def test_turns_keep_the_last_ones_oldest_first(store: Store) -> None:
    brief_id = await deliver(store, 1, "t")
    other = await deliver(store, 1, "other")
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


async def test_forget_chat_removes_what_only_that_chat_had(store: Store) -> None:
    shared = await deliver(store, 1, "shared", url="https://news.example/shared", message_ids=[5])
    await store.record_delivery(2, shared, [6])
    private = await deliver(store, 1, "private", message_ids=[7])
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


async def test_subscriptions(store: Store) -> None:
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


async def test_briefing_marks(store: Store) -> None:
    assert await store.last_briefing_at(5) is None
    first = dt.datetime(2031, 5, 1, 6, 0, tzinfo=dt.UTC)
    await store.mark_briefing_sent(5, first)
    assert await store.last_briefing_at(5) == first
    vienna = dt.timezone(dt.timedelta(hours=2))
    await store.mark_briefing_sent(5, dt.datetime(2031, 5, 2, 8, 0, tzinfo=vienna))
    assert await store.last_briefing_at(5) == dt.datetime(2031, 5, 2, 6, 0, tzinfo=dt.UTC)


async def test_data_survives_reopening(database: str) -> None:
    store = await open_store(database)
    brief_id = await deliver(store, 1, "kept", url="https://news.example/kept", message_ids=[3])
    await store.add_turn(1, brief_id, "q", "a")
    await store.set_subscription(1, dt.time(9, 0), "UTC")
    await store.close()

    reopened = await open_store(database)
    try:
        found = await reopened.chat_brief_for_url(1, "https://news.example/kept")
        assert found is not None
        assert found.brief_id == brief_id
        assert await reopened.brief_for_message(1, 3) is not None
        assert len(await reopened.turns(1, brief_id)) == 1
        assert await reopened.subscription(1) is not None
    finally:
        await reopened.close()


async def test_a_missing_brief_cannot_be_delivered(store: Store) -> None:
    with pytest.raises(StoreError):
        await store.record_delivery(1, 12345, [1])
    with pytest.raises(StoreError):
        await store.save_brief(12345, make_brief("none"), ENGINE, VERSION)
    assert await store.chat_history(1, limit=5) == []


async def test_a_closed_store_is_a_store_error(database: str) -> None:
    store = await open_store(database)
    await store.close()
    await store.close()
    with pytest.raises(StoreError, match="closed"):
        await store.chat_history(1, limit=5)


async def test_concurrent_writes_all_land(database: str) -> None:
    """Two stores on one database, as two processes have: every write lands."""
    first = await open_store(database)
    second = await open_store(database)
    try:
        stores = (first, second)
        await asyncio.gather(
            *(
                deliver(stores[n % 2], 1, f"c{n}", url=f"https://news.example/{n}", message_ids=[n])
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


async def test_turns_know_their_chat(store: Store) -> None:
    brief_id = await deliver(store, 1, "q")
    first = await store.add_turn(1, brief_id, "Who said it?", "The mayor.")
    second = await store.add_turn(1, brief_id, "When?", "In May.")
    assert second > first
    assert await store.turn_question(1, first) == "Who said it?"
    assert await store.turn_question(2, first) is None
    assert await store.turn_question(1, second + 100) is None
    await store.forget_chat(1)
    assert await store.turn_question(1, first) is None


async def test_recording_a_delivery_again_changes_nothing(store: Store) -> None:
    """A job retried after a worker died records its delivery a second time."""
    first = await deliver(store, 1, "first", message_ids=[20, 21])
    second = await deliver(store, 1, "second", message_ids=[22])
    before = [item.brief_id for item in await store.chat_history(1, limit=10)]
    for _ in range(2):
        await store.record_delivery(1, second, [22])
    assert [item.brief_id for item in await store.chat_history(1, limit=10)] == before
    assert [item.brief_id for item in await store.chat_history(1, 10, one_per_story=False)] == [
        second,
        first,
    ]
    for message_id, brief_id in ((20, first), (21, first), (22, second)):
        found = await store.brief_for_message(1, message_id)
        assert found is not None
        assert found.brief_id == brief_id
    assert [item.brief_id for item in await store.chat_briefs_since(1, None)] == [first, second]


async def test_two_stores_recording_one_delivery_at_once_keep_one(database: str) -> None:
    first = await open_store(database)
    second = await open_store(database)
    try:
        brief_id = await deliver(first, 3, "twice")
        await asyncio.gather(
            *(store.record_delivery(4, brief_id, [40, 41]) for store in (first, second) * 5)
        )
        history = await second.chat_history(4, 10, one_per_story=False)
        assert [item.brief_id for item in history] == [brief_id]
        await first.undo_delivery(4, brief_id, 40)
        assert await first.chat_brief(4, brief_id) is not None  # message 41 still carries it
        await first.undo_delivery(4, brief_id, 41)
        assert await first.chat_brief(4, brief_id) is None
    finally:
        await first.close()
        await second.close()


async def test_a_pending_delivery_is_not_a_delivery_until_the_brief_is_out(store: Store) -> None:
    """The status message is recorded before the brief goes out; a job run again after a stop
    in between must not take the brief for delivered, yet the brief reached that chat."""
    url = "https://news.example/pending"
    article_id = await store.save_article(make_article("pending", url=url))
    brief_id = await store.save_brief(article_id, make_brief("Pending"), ENGINE, VERSION)
    await store.record_pending_delivery(5, brief_id, 50)
    assert await store.chat_brief_for_url(5, url) is None
    assert await store.chat_brief(5, brief_id) is None
    assert await store.chat_history(5, limit=10) == []
    assert await store.brief_reached_chat(5, brief_id)
    assert not await store.brief_reached_chat(6, brief_id)  # another chat's
    await store.record_delivery(5, brief_id, [51])  # the brief went out
    found = await store.chat_brief_for_url(5, url)
    assert found is not None
    assert found.brief_id == brief_id
    await store.undo_delivery(6, brief_id, 60)
    await store.record_pending_delivery(7, brief_id, 70)
    await store.undo_delivery(7, brief_id, 70)  # the send failed
    assert not await store.brief_reached_chat(7, brief_id)


async def test_a_brief_of_an_unknown_article_is_refused_and_caches_nothing(store: Store) -> None:
    with pytest.raises(StoreError, match="no article"):
        await store.save_brief(987_654, make_brief("Nowhere"), ENGINE, VERSION)
    assert await store.cached_brief("hash-nowhere", ENGINE, VERSION) is None


async def test_the_cache_points_at_the_latest_brief_of_an_article(store: Store) -> None:
    article_id = await store.save_article(make_article("twice"))
    await store.save_brief(article_id, make_brief("First"), ENGINE, VERSION)
    second = await store.save_brief(article_id, make_brief("Second"), ENGINE, VERSION)
    other = await store.save_brief(article_id, make_brief("Other"), ENGINE, "2")
    cached = await store.cached_brief("hash-twice", ENGINE, VERSION)
    assert cached is not None
    assert (cached.brief_id, cached.brief.title) == (second, "Second")
    newer = await store.cached_brief("hash-twice", ENGINE, "2")
    assert newer is not None
    assert newer.brief_id == other
