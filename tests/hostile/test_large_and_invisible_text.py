"""Pasted text at its worst: a megabyte of it, more than the cap, and characters no one sees.

Quotes must stay verbatim spans of the cleaned article text whatever the input carries.
"""

from __future__ import annotations

import asyncio
import io
import os
import random
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engines.offline.engine import OfflineEngine
from bot.ingest.source import MAX_FILE_BYTES, load_source
from bot.models import Answer, Article, Brief, Claim, Denial, Evidence, Turn
from bot.service import brief_article
from bot.telegram.render import MAX_VISIBLE, render_brief_parts
from bot.testing.telegram_html import parse_html, utf16_length
from tests.hostile.conftest import quotes_of

ZWSP, ZWJ, BOM, RLM, LRM = "\u200b", "\u200d", "\ufeff", "\u200f", "\u200e"
FAMILY = f"👨{ZWJ}👩{ZWJ}👧"
PARAGRAPHS = [
    f"Mayor Salma Haddad{ZWSP} of Qirvan said on Monday that the tram company had raised fares "
    "by 40 per cent without telling the council 🚋.",
    "قالت سلمى حداد إن شركة الترام رفعت الأسعار دون إبلاغ المجلس.",
    f"The company{RLM} spokesman, Yoav Ben-Ami, denied the claim. “Every fare was published "
    "weeks in advance,” he said.",
    "דובר החברה הכחיש את הטענה ואמר שהמחירים פורסמו מראש.",
    f"Fare records{BOM} obtained by the Qirvan Ledger show the price of a single ticket rose "
    f"from 2.50 to 3.50 dinars on 1 March, according to the council {FAMILY}.",
    "Residents of the Ωmega district and of улица Садовая said the new fares were posted only "
    f"in Latin script {LRM}(not Arabic or Hebrew).",
    "A driver, who asked not to be named, said managers had ordered the fare machines reset at "
    "night, a claim that could not be independently verified 🇳🇴.",
]
PASTE = f"{BOM}Qirvan tram fares row 🚋\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


def cli(
    args: Sequence[str], stdin: bytes, cwd: Path, timeout: float
) -> subprocess.CompletedProcess[bytes]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "BRIEFBOT_", "TELEGRAM_"))
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,  # no stray .env
        env=env,
        timeout=timeout,
        check=False,
    )


async def read_paste(text: str) -> Article:
    """The article `briefbot brief -` reads from this text on standard input."""
    return await load_source("-", Settings(_env_file=None), stdin=io.BytesIO(text.encode()))


def megabyte_of_prose(seed: int = 11) -> str:
    """About 1 MB of invented, varied reporting in short paragraphs, single-spaced ASCII."""
    rng = random.Random(seed)
    people = [
        f"{a} {b}"
        for a in ("Maren", "Odile", "Tarek", "Ansel", "Della", "Evren")
        for b in ("Tolvik", "Brask", "Halloran", "Quenby", "Ostrander", "Drummel")
    ]
    places = ["Essenby", "Krellgate", "Dunmarrow", "Varnholt", "Harrowmere", "Oskel", "Tamsby"]
    things = [
        "the tram depot",
        "the grain store",
        "the river lock",
        "the ferry landing",
        "the school annex",
        "the water tower",
        "the old mill",
    ]
    fates = [
        "had been sold below its value",
        "was closed without notice",
        "had failed an inspection",
        "was rebuilt with cheap steel",
        "had lost its licence",
    ]
    verbs = ["said", "told the council", "wrote in a letter", "claimed", "argued"]
    paragraphs = ["Essenby depot row"]
    size = 0
    while size < 1_000_000:
        sentences = [
            f"{rng.choice(people)} of {rng.choice(places)} {rng.choice(verbs)} on day "
            f"{rng.randint(1, 900)} that {rng.choice(things)} in {rng.choice(places)} "
            f"{rng.choice(fates)}."
            for _ in range(rng.randint(2, 5))
        ]
        if rng.random() < 0.2:
            sentences.append(f"The {rng.choice(places)} board denied it.")
        paragraphs.append(" ".join(sentences))
        size += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["short paragraphs", "one paragraph"])
def test_a_megabyte_pasted_on_stdin_is_briefed_with_verbatim_quotes(
    tmp_path: Path, shape: str
) -> None:
    text = megabyte_of_prose()
    if shape == "one paragraph":
        text = text.replace("\n\n", " ") + " " + text[: len(text) // 100].replace("\n\n", " ")
    assert len(text.encode()) > 1_000_000

    # The bound only stops a hang (the work used to be quadratic and took minutes); the
    # speed itself is a benchmark's business.
    result = cli(["brief", "-", "--json", "--engine", "offline"], text.encode(), tmp_path, 120)

    assert result.returncode == 0, result.stderr.decode()
    brief = Brief.model_validate_json(result.stdout)
    assert brief.claims
    # The paste is single-spaced ASCII, so cleaning changes no span: the text is the reference.
    assert all(quote in text for quote in quotes_of(brief))


@pytest.mark.slow
def test_more_than_the_cap_on_stdin_is_one_clear_line(tmp_path: Path) -> None:
    line = b"The Qirvan tram company raised fares, the mayor said, and the company denied it.\n"
    flood = line * (MAX_FILE_BYTES // len(line) + 2)

    result = cli(["brief", "-", "--engine", "offline"], flood, tmp_path, 60)

    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.decode() == (
        f"briefbot: standard input is larger than {MAX_FILE_BYTES // 1_000_000} MB\n"
    )


async def test_invisible_characters_and_mixed_scripts_are_briefed_verbatim() -> None:
    article = await read_paste(PASTE)

    brief = await brief_article(article, OfflineEngine())

    assert article.title == "Qirvan tram fares row 🚋"
    assert ZWSP not in article.text
    for kept in (FAMILY, "🇳🇴", "улица Садовая", "Ωmega", PARAGRAPHS[1], PARAGRAPHS[3]):
        assert kept in article.text
    assert brief.claims
    assert all(quote and quote in article.text for quote in quotes_of(brief))
    for part in render_brief_parts(brief, article):
        shown = parse_html(part.html).text
        assert utf16_length(shown) <= MAX_VISIBLE
    assert PARAGRAPHS[0].replace(ZWSP, "") in "\n".join(
        parse_html(part.html).text for part in render_brief_parts(brief, article)
    )


@pytest.mark.slow
def test_the_cli_briefs_invisible_characters_and_mixed_scripts(tmp_path: Path) -> None:
    result = cli(["brief", "-", "--json", "--engine", "offline"], PASTE.encode(), tmp_path, 60)

    assert result.returncode == 0, result.stderr.decode()
    brief = Brief.model_validate_json(result.stdout)
    article = asyncio.run(read_paste(PASTE))
    assert brief.claims
    assert all(quote in article.text for quote in quotes_of(brief))


class RetypingEngine:
    """Quotes the way a model retypes them: invisible characters lost, or added where none are."""

    name = "retyping"
    version = "retyping-1"

    async def aclose(self) -> None:
        return None

    async def brief(self, article: Article) -> Brief:
        return Brief(
            summary="Fares rose; the company denies hiding it.",
            claims=[
                Claim(id="c1", text="Fares rose.", quote="Mayor Salma Haddad of Qirvan said"),
                Claim(id="c2", text="Prices rose.", quote="شركة الترام رفعت الأسعار"),
            ],
            denials=[
                Denial(id="d1", text="Denied.", quote="The company spokesman, Yoav Ben-Ami"),
            ],
            evidence=[
                Evidence(
                    id="e1",
                    text="Records show the rise.",
                    quote=f"Fare{ZWSP} records obtained by the Qirvan Ledger show the price",
                    supports=["c1"],
                ),
                Evidence(id="e2", text="Invented.", quote="שהמחירים לא פורסמו בכלל"),
            ],
            engine=self.name,
        )

    async def answer(self, article: Article, question: str, history: Sequence[Turn]) -> Answer:
        raise NotImplementedError


async def test_retyped_quotes_are_grounded_to_the_exact_article_span() -> None:
    article = await read_paste(PASTE)

    brief = await brief_article(article, RetypingEngine())

    assert quotes_of(brief) == [
        "Mayor Salma Haddad of Qirvan said",
        "شركة الترام رفعت الأسعار",
        f"The company{RLM} spokesman, Yoav Ben-Ami",
        f"Fare records{BOM} obtained by the Qirvan Ledger show the price",
    ]
    assert all(quote in article.text for quote in quotes_of(brief))
    assert brief.grounding.dropped == 1
