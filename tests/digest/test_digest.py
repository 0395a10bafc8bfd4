"""The rule-based digest: stories across outlets, merged items, what is new, disagreements."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.digest.digest import build_digest, same_item
from bot.digest.grouping import (
    SAME_STORY_THRESHOLD,
    group_stories,
    named_entities,
    outlet_name,
    same_story,
    stem,
    story_similarity,
)
from bot.engines.offline.engine import write_brief
from bot.ingest.source import article_from_text
from bot.models import Article, Brief, Claim, Denial, Evidence
from bot.telegram.sending import render_digest_parts

T0 = datetime(2025, 3, 20, 7, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Record:
    brief_id: int
    article: Article
    brief: Brief
    created_at: datetime


def record(
    brief_id: int,
    *,
    title: str | None,
    summary: str,
    site: str | None = None,
    url: str | None = None,
    claims: list[tuple[str, str | None, str]] = (),  # type: ignore[assignment]
    denials: list[tuple[str, str | None, str]] = (),  # type: ignore[assignment]
    evidence: list[tuple[str, str | None, str]] = (),  # type: ignore[assignment]
    hours: float = 1.0,
) -> Record:
    article = Article(
        url=url,
        title=title,
        site=site,
        paragraphs=[summary],
        text=summary,
        content_hash=str(brief_id),
    )
    brief = Brief(
        title=title,
        url=url,
        site=site,
        summary=summary,
        claims=[Claim(id=f"c{i}", text=t, by=b, quote=q) for i, (t, b, q) in enumerate(claims, 1)],
        denials=[
            Denial(id=f"d{i}", text=t, by=b, quote=q) for i, (t, b, q) in enumerate(denials, 1)
        ],
        evidence=[
            Evidence(id=f"e{i}", text=t, by=b, quote=q) for i, (t, b, q) in enumerate(evidence, 1)
        ],
        engine="offline",
    )
    return Record(brief_id, article, brief, T0 + timedelta(hours=hours))


UNSAFE = (
    "The Harbor Bridge is unsafe for heavy trucks",
    "Mayor Elena Voss",
    "The bridge is no longer safe for heavy trucks, and we will not wait for an accident",
)
UNDERBID = (
    "Brightline Works denies that it underbid the original contract",
    "Brightline Works",
    "We did not underbid anyone; our 2019 price covered the work that was ordered",
)
BOLTS = (
    "Inspectors counted 40 cracked bolts on the eastern span",
    "city inspectors",
    "inspectors counted 40 cracked bolts on the eastern span in February",
)


def bridge_ledger(brief_id: int = 1, hours: float = 1.0) -> Record:
    return record(
        brief_id,
        title="Marlow council approves Harbor Bridge repairs at 14 million cost",
        site="Lakeport Ledger",
        url="https://ledger.example/marlow-bridge",
        summary=(
            "The Marlow city council voted to fund repairs of the Harbor Bridge. Mayor Elena "
            "Voss said work starts in May. Brightline Works rejected claims it underbid."
        ),
        claims=[UNSAFE],
        denials=[UNDERBID],
        evidence=[BOLTS],
        hours=hours,
    )


def bridge_coastal(brief_id: int = 2) -> Record:
    return record(
        brief_id,
        title="Harbor Bridge repair plan clears Marlow council vote",
        site="Coastal Times",
        url="https://coastal.example/news/8812",
        summary=(
            "Councillors in Marlow backed a 14 million repair of the Harbor Bridge after "
            "Mayor Elena Voss warned of its condition."
        ),
        claims=[
            (
                "Voss says the Harbor Bridge is not safe for trucks",
                "Elena Voss",
                "the bridge is no longer safe for heavy trucks",
            ),
            (
                "Repairs will close two lanes until autumn",
                "Marlow transport office",
                "two of the four lanes will stay closed until the autumn",
            ),
        ],
        evidence=[BOLTS],
        hours=2,
    )


def bridge_valley(brief_id: int = 3) -> Record:
    return record(
        brief_id,
        title="Voss: Harbor Bridge to close lanes for repairs",
        url="https://www.valley-news.example/voss-bridge",
        summary=(
            "Mayor Elena Voss of Marlow says the Harbor Bridge needs urgent repairs. "
            "Brightline Works, the first contractor, says its price was fair."
        ),
        claims=[UNSAFE],
        denials=[
            (
                "The contractor says it did not underbid",
                "Brightline Works spokesperson Ida Crane",
                "We did not underbid anyone",
            )
        ],
        hours=3,
    )


def strike_records() -> list[Record]:
    return [
        record(
            10,
            title="Dunmore teachers begin three-day strike over class sizes",
            site="Dunmore Daily",
            summary=(
                "Teachers in Dunmore walked out on Monday. Union leader Petra Holm said classes "
                "of 38 pupils are unsafe. Education Minister Aldo Ferris denied that classes had "
                "grown."
            ),
            claims=[
                (
                    "Classes have grown to 38 pupils",
                    "Petra Holm",
                    "some of our classes now have 38 pupils in them",
                )
            ],
            denials=[
                (
                    "The minister denies class sizes have grown",
                    "Aldo Ferris",
                    "Average class sizes are exactly where they were five years ago",
                )
            ],
            hours=1.5,
        ),
        record(
            11,
            title="Strike closes Dunmore schools as Holm and Ferris trade blame",
            site="Northern Wire",
            summary=(
                "Most Dunmore schools were shut as the strike led by Petra Holm began. "
                "Aldo Ferris called the walkout political."
            ),
            claims=[
                (
                    "Holm says classes of 38 pupils are common",
                    "Petra Holm",
                    "Some of our classes now have 38 pupils in them.",
                )
            ],
            denials=[
                (
                    "Ferris says class sizes have not changed",
                    "Aldo Ferris",
                    "average class sizes are exactly where they were five years ago",
                )
            ],
            hours=2.5,
        ),
    ]


def library_record() -> Record:
    return record(
        20,
        title="Marlow library extends its opening hours",
        site="Lakeport Ledger",
        summary="The Marlow public library will open until nine on weekdays, head librarian "
        "Tomas Brandt said.",
        hours=4,
    )


def comet_record() -> Record:
    return record(
        21,
        title=None,
        summary="The Comet Festival in Westvale drew a record 52,000 visitors, organiser "
        "Lina Okafor said on Sunday.",
        hours=0.5,
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


# ------------------------------------------------- story sets: several outlets, distractors

STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "stories"


def story_manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((STORIES / "manifest.json").read_text(encoding="utf-8"))
    return data


@cache
def story_records() -> tuple[tuple[str, Record], ...]:
    """Each fixture article briefed by the offline engine, as the link the manifest gives."""
    found = []
    for number, (name, entry) in enumerate(story_manifest()["articles"].items(), 1):
        article = article_from_text((STORIES / name).read_text(encoding="utf-8"), url=entry["url"])
        brief = write_brief(article)
        found.append((name, Record(number, article, brief, T0 + timedelta(minutes=number))))
    return tuple(found)


def true_stories() -> dict[str, list[str]]:
    stories: dict[str, list[str]] = {}
    for name, entry in story_manifest()["articles"].items():
        stories.setdefault(entry["story"], []).append(name)
    return stories


def test_story_fixtures_are_articles_of_several_outlets_and_distractors() -> None:
    manifest = story_manifest()
    assert sorted(manifest["articles"]) == sorted(p.name for p in STORIES.glob("*.txt"))
    for name in manifest["articles"]:
        lines = (STORIES / name).read_text(encoding="utf-8").split("\n")
        assert lines[0], name
        assert lines[0] == lines[0].strip(), name
        assert lines[1] == "", name
        paragraphs = [p for p in "\n".join(lines[2:]).split("\n\n") if p.strip()]
        assert 4 <= len(paragraphs) <= 8, name
    records = dict(story_records())
    multi = {k: v for k, v in true_stories().items() if len(v) > 1}
    assert len(multi) >= 5
    assert len(true_stories()) - len(multi) >= 4
    for story, names in multi.items():
        outlets = {outlet_name(records[name]) for name in names}
        assert len(outlets) == len(names) >= 3, story
    marked = manifest["denial_only_in"]
    assert len(marked) >= 2
    for story, entry in marked.items():
        assert entry["file"] in multi[story]


def test_fixture_stories_are_grouped_exactly_as_told() -> None:
    names = [name for name, _ in story_records()]
    records = [r for _, r in story_records()]
    truth = sorted(sorted(group) for group in true_stories().values())
    for order in (records, records[::-1]):
        groups = group_stories(order)
        found = sorted(sorted(names[records.index(order[i])] for i in group) for group in groups)
        assert found == truth


def test_the_briefing_says_which_outlet_alone_carries_a_denial() -> None:
    by_name = dict(story_records())
    digest = build_digest([r for _, r in story_records()], since=T0)
    marked = story_manifest()["denial_only_in"]
    for story_id, names in true_stories().items():
        ids = {by_name[name].brief_id for name in names}
        (story,) = (s for s in digest.stories if {src.brief_id for src in s.sources} == ids)
        if story_id not in marked:
            assert story.disagreements == [], story_id
            continue
        alone = outlet_name(by_name[marked[story_id]["file"]])
        others = [o for o in story.outlets if o != alone]
        assert story.disagreements, story_id
        for found in story.disagreements:
            assert (found.reported_by, found.left_out_by) == ([alone], others)
        assert any(marked[story_id]["by"] in (d.denial.by or "") for d in story.disagreements)

    text = "\n".join(part.plain for part in render_digest_parts(digest, ZoneInfo("UTC")))
    assert text.count("leave it out") + text.count("leaves it out") == len(marked)
    for story_id, entry in marked.items():
        others = [outlet_name(by_name[n]) for n in true_stories()[story_id] if n != entry["file"]]
        (line,) = (x for x in text.splitlines() if "it out)" in x and entry["by"] in x)
        assert "denied by " in line
        verb = "leaves" if len(others) == 1 else "leave"
        assert line.endswith(f"({' and '.join(others)} {verb} it out)"), line
