"""The story fixtures, articles of several outlets and distractors briefed by the offline engine:
grouped exactly as their manifest tells, and the briefing names the outlet that alone carries
a denial."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.digest.digest import build_digest
from bot.digest.grouping import group_stories, outlet_name
from bot.engines.offline.engine import write_brief
from bot.ingest.source import article_from_text
from bot.telegram.sending import render_digest_parts
from tests.digest.samples import T0, Record

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
