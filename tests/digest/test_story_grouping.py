"""Story grouping: names and numbers shared across outlets, outlet names, and one long name in
common not yet making the same story."""

from __future__ import annotations

from bot.digest.grouping import (
    SAME_STORY_THRESHOLD,
    group_stories,
    named_entities,
    outlet_name,
    same_story,
    stem,
    story_similarity,
)
from tests.digest.samples import (
    bridge_coastal,
    bridge_ledger,
    bridge_valley,
    comet_record,
    library_record,
    record,
    strike_records,
)


def test_entities_skip_sentence_starts_but_keep_names_and_numbers() -> None:
    found = named_entities(["The Harbor Bridge cost 14 million. Officials met Elena Voss in 2024."])
    assert {stem(word) for word in ("harbor", "bridge", "14", "elena", "voss")} <= found
    assert not {stem(word) for word in ("the", "officials", "2024")} & found


def test_briefs_are_grouped_by_story_across_outlets() -> None:
    records = [
        bridge_ledger(),
        *strike_records(),
        bridge_coastal(),
        library_record(),
        bridge_valley(),
        comet_record(),
    ]
    groups = group_stories(records)
    ids = sorted(sorted(records[i].brief_id for i in group) for group in groups)
    assert ids == [[1, 2, 3], [10, 11], [20], [21]]


def test_outlet_names_come_from_site_then_host() -> None:
    assert outlet_name(bridge_ledger()) == "Lakeport Ledger"
    assert outlet_name(bridge_valley()) == "valley-news.example"
    assert outlet_name(comet_record()) == "pasted text"


def test_one_long_name_in_common_is_not_yet_the_same_story() -> None:
    fees = record(
        30,
        title="Lakeport Harbour Authority raises mooring fees",
        summary=(
            "The Lakeport Harbour Authority will raise mooring fees by a tenth, its chair "
            "Nadia Quist said."
        ),
    )
    dredger = record(
        31,
        title="Dredger runs aground in channel",
        summary=(
            "A dredger working for the Lakeport Harbour Authority ran aground, captain "
            "Ivo Renn said."
        ),
    )
    assert story_similarity(fees, dredger) >= SAME_STORY_THRESHOLD  # three shared words...
    assert not same_story(fees, dredger)  # ...but one name
