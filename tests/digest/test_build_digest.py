"""The rule-based digest of a story told by several outlets: merged items, what is new since the
earlier briefs, disagreements, and the order of stories."""

from __future__ import annotations

from bot.digest.digest import build_digest, same_item
from tests.digest.samples import (
    BOLTS,
    T0,
    UNDERBID,
    UNSAFE,
    bridge_coastal,
    bridge_ledger,
    bridge_valley,
    comet_record,
    record,
    strike_records,
)


def test_items_are_merged_across_outlets_by_quote_overlap() -> None:
    assert same_item(UNSAFE[0], UNSAFE[2], "Voss: not safe", "the bridge is no longer safe")
    assert not same_item(UNSAFE[0], UNSAFE[2], BOLTS[0], BOLTS[2])

    digest = build_digest([bridge_ledger(), bridge_coastal(), bridge_valley()])
    (story,) = digest.stories
    assert story.outlets == ["Lakeport Ledger", "Coastal Times", "valley-news.example"]
    assert [s.brief_id for s in story.sources] == [1, 2, 3]
    main = story.claims[0]
    assert main.text == UNSAFE[0]
    assert main.outlets == ["Lakeport Ledger", "Coastal Times", "valley-news.example"]
    assert main.brief_ids == [1, 2, 3]
    assert [c.text for c in story.claims[1:]] == ["Repairs will close two lanes until autumn"]
    assert len(story.denials) == 1
    assert story.denials[0].outlets == ["Lakeport Ledger", "valley-news.example"]
    assert len(story.evidence) == 1
    assert story.evidence[0].outlets == ["Lakeport Ledger", "Coastal Times"]
    assert story.headline == "Marlow council approves Harbor Bridge repairs at 14 million cost"


def test_a_denial_one_outlet_leaves_out_is_a_disagreement() -> None:
    digest = build_digest([bridge_ledger(), bridge_coastal(), bridge_valley()])
    (story,) = digest.stories
    (disagreement,) = story.disagreements
    assert disagreement.denial.by == "Brightline Works"
    assert disagreement.reported_by == ["Lakeport Ledger", "valley-news.example"]
    assert disagreement.left_out_by == ["Coastal Times"]

    strike = build_digest(strike_records()).stories[0]
    assert strike.disagreements == []  # both outlets carry the minister's denial
    assert (len(strike.denials), len(strike.claims)) == (1, 1)


def test_what_is_new_is_measured_against_earlier_briefs_of_the_same_story() -> None:
    earlier_bridge = record(
        90,
        title="Marlow mayor warns Harbor Bridge is unsafe",
        site="Lakeport Ledger",
        summary="Mayor Elena Voss said the Harbor Bridge in Marlow is unsafe for trucks.",
        claims=[UNSAFE],
        hours=-30,
    )
    earlier_other = record(
        91,
        title="Ferry timetable changes in Osterby",
        site="Coastal Times",
        summary="The Osterby ferry will sail hourly from April, operator Nordlys Lines said.",
        hours=-28,
    )
    recent = [bridge_ledger(), bridge_coastal(), *strike_records()]
    digest = build_digest(recent, [earlier_bridge, earlier_other], since=T0)

    assert digest.since == T0
    by_headline = {story.headline: story for story in digest.stories}
    assert len(digest.stories) == 2  # the ferry story had nothing new and is left out
    bridge = next(s for s in digest.stories if 1 in [src.brief_id for src in s.sources])
    assert bridge.follow_up
    assert [d.text for d in bridge.new_denials] == [UNDERBID[0]]
    assert [e.text for e in bridge.new_evidence] == [BOLTS[0]]
    assert [c.text for c in bridge.new_claims] == ["Repairs will close two lanes until autumn"]
    assert 90 not in [src.brief_id for src in bridge.sources]

    strike = next(s for s in by_headline.values() if s is not bridge)
    assert not strike.follow_up
    assert (strike.new_denials, strike.new_evidence) == ([], [])


def test_stories_with_more_outlets_come_first_and_no_briefs_give_no_stories() -> None:
    digest = build_digest([comet_record(), *strike_records(), bridge_ledger(), bridge_valley()])
    assert [len(s.outlets) for s in digest.stories] == [2, 2, 1]
    assert digest.stories[-1].headline.startswith("The Comet Festival in Westvale")
    assert build_digest([], [bridge_ledger()]).stories == []


def test_a_denial_the_other_outlet_prints_but_its_brief_missed_is_no_disagreement() -> None:
    coastal = record(
        2,
        title="Harbor Bridge repair plan clears Marlow council vote",
        site="Coastal Times",
        summary=(
            "Councillors in Marlow backed a 14 million repair of the Harbor Bridge. The first "
            "contractor, Brightline Works, denied that it had underbid."
        ),
        claims=[UNSAFE],
    )
    (story,) = build_digest([bridge_ledger(), coastal]).stories
    assert story.disagreements == []
