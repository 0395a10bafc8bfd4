"""Briefs of the same stories from several outlets, and some that stand alone, as the digest's
tests and the daily-digest jobs' tests group them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.models import Article, Brief, Claim, Denial, Evidence

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
