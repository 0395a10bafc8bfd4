"""The offline engine's version follows its rule sources, and the cache follows the version."""

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engines.offline.engine import OfflineEngine
from bot.engines.offline.version import RULE_SOURCES
from bot.service import BriefService
from bot.store.sqlite import SQLiteStore

PASTE = (
    "The port authority said on Monday that the ferry operator had skipped two safety "
    "inspections this year.\n\n"
    "The operator denied the accusation and called it baseless."
)


def copy_rules(into: Path) -> list[Path]:
    copies = []
    for source in RULE_SOURCES:
        target = into / source.name
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        copies.append(target)
    return copies


def test_the_same_sources_give_the_same_version(tmp_path: Path) -> None:
    copies = copy_rules(tmp_path)
    assert OfflineEngine(copies).version == OfflineEngine().version


def test_a_changed_rule_source_gives_a_new_version(tmp_path: Path) -> None:
    copies = copy_rules(tmp_path)
    before = OfflineEngine(copies).version
    cues = copies[0] / "cues.py"
    cues.write_text(cues.read_text() + "\n# one more line\n")
    assert OfflineEngine(copies).version != before


def test_a_new_rule_file_gives_a_new_version(tmp_path: Path) -> None:
    copies = copy_rules(tmp_path)
    before = OfflineEngine(copies).version
    (copies[1] / "extra_rule.py").write_text("WORDS = ('rebut',)\n")
    assert OfflineEngine(copies).version != before


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SQLiteStore]:
    opened = await SQLiteStore.open(tmp_path / "briefs.db")
    yield opened
    await opened.close()


async def test_a_brief_of_old_rules_is_not_served_as_current(
    tmp_path: Path, store: SQLiteStore
) -> None:
    settings = Settings(_env_file=None)
    copies = copy_rules(tmp_path / "old")
    old_engine = OfflineEngine(copies)
    old = await BriefService(settings, old_engine, store).brief_text(1, PASTE)
    assert old.brief.engine_version == old_engine.version

    again = await BriefService(settings, OfflineEngine(copies), store).brief_text(2, PASTE)
    assert again.brief_id == old.brief_id, "the same rules serve the stored brief"

    classify = copies[0] / "classify.py"
    classify.write_text(classify.read_text() + "\n# a changed rule\n")
    new_engine = OfflineEngine(copies)
    new = await BriefService(settings, new_engine, store).brief_text(3, PASTE)
    assert new.brief_id != old.brief_id
    assert new.brief.engine_version == new_engine.version != old_engine.version
