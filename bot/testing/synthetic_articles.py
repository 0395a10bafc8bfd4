"""Distinct, fictional news pages for the load and cost benchmarks.

Why generated: a load test needs hundreds of different articles (a repeated one would be a cache
hit), each with a claim, a denial, evidence and something unconfirmed, so every stage of the
pipeline does its usual work. Places, people and bodies are invented; a seed makes them repeatable.
"""

from __future__ import annotations

import html
import random

PLACES = [
    "Orvik", "Thalmere", "Kessvik", "Brannock", "Valdera", "Mirrowfield", "Ostrava Bay",
    "Caldhollow", "Pellinor", "Quarrow", "Istenmark", "Dunmere", "Lorrach", "Sablecross",
]  # fmt: skip
PEOPLE = [
    "Petra Lund", "Anselm Roque", "Ilse Markovic", "Tomas Weir", "Nadia Okonjo", "Rafe Castell",
    "Greta Holm", "Idris Vane", "Marta Szell", "Oren Bask", "Lucia Farrow", "Emil Strand",
]  # fmt: skip
BODIES = [
    "the Harbour Authority", "the Ministry of Water", "the Northland Rail Company",
    "the Regional Health Board", "the Port Workers' Union", "the Civic Audit Office",
    "the Coastal Energy Trust", "the Transport Inspectorate", "the Forestry Council",
]  # fmt: skip
SUBJECTS = [
    ("contract", "awarded a dredging contract without a tender"),
    ("spill", "allowed diesel to leak into the river for three weeks"),
    ("budget", "moved money from the school repair budget to a stadium project"),
    ("closure", "closed the night ferry to save costs despite a safety review"),
    ("data", "shared passenger records with a private marketing firm"),
    ("delay", "hid test results that showed cracks in the new bridge"),
]  # fmt: skip


def _pick(rng: random.Random, items: list[str], avoid: set[str]) -> str:
    choice = rng.choice([item for item in items if item not in avoid] or items)
    avoid.add(choice)
    return choice


def article_paragraphs(index: int, seed: int = 0) -> tuple[str, list[str]]:
    """(headline, paragraphs) of article `index`; different indexes give different stories."""
    rng = random.Random(seed * 1_000_003 + index)
    used: set[str] = set()
    place = _pick(rng, PLACES, used)
    accuser, official, witness = (_pick(rng, PEOPLE, used) for _ in range(3))
    body = _pick(rng, BODIES, used)
    kind, deed = rng.choice(SUBJECTS)
    amount = rng.randint(2, 95) * 100_000
    day = rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
    pages = rng.randint(12, 240)
    count = rng.randint(3, 40)
    headline = f"{body[4:].title()} denies {kind} report in {place} (story {index})"
    paragraphs = [
        f"{accuser}, a councillor in {place}, said on {day} that {body} {deed}, and that "
        f"the decision cost the town about {amount:,} crowns.",
        f'{body[0].upper()}{body[1:]} denied the account. "Nothing of the kind happened, and '
        f'every step followed the rules," said {official}, a spokesperson, who called the '
        "accusation politically motivated.",
        f"Internal documents seen by this newspaper, {pages} pages in all, show that the "
        f"decision was signed by two senior officials in {place} within a single afternoon.",
        f"{witness}, who worked on the project for {count} months, told reporters that staff "
        "had raised concerns in writing before the decision was taken.",
        "A second person familiar with the matter, who asked not to be named, said the "
        "concerns were discussed at a closed meeting, but this could not be independently "
        "verified.",
        f"The town's audit committee said it would review the records of {body} next month "
        f"and publish its findings before the end of the year, case number {index}.",
        f"Residents of {place} gathered outside the town hall on {day} evening, and some held "
        f"signs asking for the minutes of the meeting to be released.",
        f"{official} said the body would cooperate with any review and had nothing to hide, "
        f"adding that {count} similar decisions had been approved the same way.",
    ]
    return headline, paragraphs


def article_html(index: int, seed: int = 0) -> str:
    """A plain news page with some navigation and a footer around the story."""
    headline, paragraphs = article_paragraphs(index, seed)
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    title = html.escape(headline)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1><p class='byline'>By the newsroom staff</p>{body}</article>"
        "<footer><p>Subscribe to our newsletter for the latest stories.</p></footer>"
        "</body></html>"
    )
