from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.models import Brief, Claim, Denial, Evidence, Unverified
from bot.testing.brief_scoring import (
    micro_average,
    quote_overlap,
    same_speaker,
    score_brief,
)

BRIEFS = Path(__file__).resolve().parents[1] / "fixtures" / "briefs"

LABELS: dict[str, Any] = {
    "claims": [
        {
            "quote": "the shells had been fired from positions inside Karsk",
            "by": "Defence Minister Ilse Varga",
            "also": ["These rounds came from the Karsk side of the river"],
        },
        {"quote": "four people were injured in the attack on the school", "by": "the governor"},
    ],
    "denials": [
        {
            "quote": "no Karsk unit had fired a single shell in the area for a year",
            "by": "spokesman Pavel Rudnik",
            "responds_to": 0,
        }
    ],
    "evidence": [
        {
            "quote": "the craters indicated fire from the north-east, the direction of the border",
            "by": "the regional security mission",
        },
        {"quote": "the fragments carried a lot number stamped at the arsenal", "by": None},
    ],
    "unverified": [{"quote": "the video could not be independently verified"}],
}


def claim(quote: str, by: str | None = None, item_id: str = "c1") -> Claim:
    return Claim(id=item_id, text=quote, by=by, quote=quote)


def brief(**items: Any) -> Brief:
    return Brief(summary="", engine="test", **items)


def perfect_brief() -> Brief:
    return brief(
        claims=[
            claim("the shells had been fired from positions inside Karsk", "Ilse Varga", "c1"),
            claim("four people were injured in the attack on the school", "the governor", "c2"),
        ],
        denials=[
            Denial(
                id="d1",
                text="",
                by="Pavel Rudnik",
                quote="no Karsk unit had fired a single shell in the area for a year",
                responds_to="c1",
            )
        ],
        evidence=[
            Evidence(
                id="e1",
                text="",
                by="monitors from the regional security mission",
                quote="the craters indicated fire from the north-east, the direction of the border",
            ),
            Evidence(
                id="e2", text="", quote="the fragments carried a lot number stamped at the arsenal"
            ),
        ],
        unverified=[Unverified(text="", quote="the video could not be independently verified")],
    )


def test_a_brief_with_every_labelled_item_scores_full_marks() -> None:
    score = score_brief(LABELS, perfect_brief())
    for row in score["categories"].values():
        assert row["recall"] == 1.0
        assert row["precision"] == 1.0
    assert score["speaker"] == {"checked": 4, "correct": 4, "accuracy": 1.0}
    assert score["responds_to"] == {
        "checked": 1,
        "correct": 1,
        "accuracy": 1.0,
        "linked": 1,
        "precision": 1.0,
    }


def test_an_empty_brief_finds_nothing_and_has_no_precision() -> None:
    score = score_brief(LABELS, brief())
    claims = score["categories"]["claims"]
    assert claims == {
        "expected": 2,
        "predicted": 0,
        "matched": 0,
        "recall": 0.0,
        "precision": None,
    }
    assert score["found_in_any_category"] == {"expected": 6, "found": 0}


def test_a_quote_cut_at_other_words_still_matches() -> None:
    shorter = brief(claims=[claim("had been fired from positions inside Karsk, the ministry said")])
    assert score_brief(LABELS, shorter)["categories"]["claims"]["matched"] == 1


def test_an_alternative_span_is_credited_once() -> None:
    both = brief(
        claims=[
            claim("These rounds came from the Karsk side of the river", item_id="c1"),
            claim("the shells had been fired from positions inside Karsk", item_id="c2"),
        ]
    )
    claims = score_brief(LABELS, both)["categories"]["claims"]
    assert claims["matched"] == 1
    assert claims["precision"] == 0.5


def test_common_words_in_a_different_sentence_do_not_match() -> None:
    assert (
        quote_overlap(
            "the shells had been fired from positions inside Karsk",
            "the mayor said the school had been closed inside the week",
        )
        < 0.5
    )
    unrelated = brief(claims=[claim("the school had been closed for the week in the area")])
    assert score_brief(LABELS, unrelated)["categories"]["claims"]["matched"] == 0


def test_one_long_quote_cannot_collect_two_labels() -> None:
    paragraph = (
        "The ministry said the shells had been fired from positions inside Karsk and that "
        "four people were injured in the attack on the school."
    )
    claims = score_brief(LABELS, brief(claims=[claim(paragraph)]))["categories"]["claims"]
    assert claims["matched"] == 1
    assert claims["recall"] == 0.5


def test_an_item_in_the_wrong_category_counts_against_both() -> None:
    misplaced = brief(
        evidence=[
            Evidence(
                id="e1", text="", quote="the shells had been fired from positions inside Karsk"
            )
        ]
    )
    score = score_brief(LABELS, misplaced)
    assert score["categories"]["claims"]["matched"] == 0
    assert score["categories"]["evidence"]["precision"] == 0.0
    assert score["found_in_any_category"]["found"] == 1


def test_a_wrong_speaker_lowers_speaker_accuracy_only() -> None:
    wrong = perfect_brief()
    wrong.claims[0] = claim(wrong.claims[0].quote, "Pavel Rudnik", "c1")
    score = score_brief(LABELS, wrong)
    assert score["categories"]["claims"]["recall"] == 1.0
    assert score["speaker"]["correct"] == 3


def test_a_denial_linked_to_the_wrong_claim_is_counted() -> None:
    wrong = perfect_brief()
    wrong.denials[0] = wrong.denials[0].model_copy(update={"responds_to": "c2"})
    assert score_brief(LABELS, wrong)["responds_to"] == {
        "checked": 1,
        "correct": 0,
        "accuracy": 0.0,
        "linked": 1,
        "precision": 0.0,
    }


def test_a_denial_left_unlinked_lowers_accuracy_but_not_precision() -> None:
    unlinked = perfect_brief()
    unlinked.denials[0] = unlinked.denials[0].model_copy(update={"responds_to": None})
    assert score_brief(LABELS, unlinked)["responds_to"] == {
        "checked": 1,
        "correct": 0,
        "accuracy": 0.0,
        "linked": 0,
        "precision": None,
    }


@pytest.mark.parametrize(
    ("expected", "predicted", "same"),
    [
        ("Defence Minister Ilse Varga", "Minister Varga", True),
        ("Dr Piet Ahlberg, the agency's head of vaccine safety", "the agency", True),
        ("a spokesman for Peakform Nutrition", "Peakform Nutrition", True),
        ("Dr Noor Haddad", "Dr Piet Ahlberg", False),
        ("Laila Faraj", "Saltmere Parents for Safe Vaccines", False),
        ("Laila Faraj", None, False),
    ],
)
def test_speaker_names(expected: str, predicted: str | None, same: bool) -> None:
    assert same_speaker(expected, predicted) is same


def test_micro_average_sums_counts_before_dividing() -> None:
    full = score_brief(LABELS, perfect_brief())
    empty = score_brief(LABELS, brief())
    total = micro_average([full, empty])
    assert total["claims"]["expected"] == 4
    assert total["claims"]["matched"] == 2
    assert total["claims"]["recall"] == 0.5
    assert total["claims"]["precision"] == 1.0
    assert total["all"]["expected"] == 12
    assert total["all"]["matched"] == 6
    assert total["all"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert total["speaker"]["accuracy"] == 1.0


def brief_from_labels(labels: dict[str, Any]) -> Brief:
    return brief(
        claims=[
            claim(item["quote"], item["by"], f"c{index}")
            for index, item in enumerate(labels["claims"])
        ],
        denials=[
            Denial(
                id=f"d{index}",
                text="",
                by=item["by"],
                quote=item["quote"],
                responds_to=None if item["responds_to"] is None else f"c{item['responds_to']}",
            )
            for index, item in enumerate(labels["denials"])
        ],
        evidence=[
            Evidence(id=f"e{index}", text="", by=item["by"], quote=item["quote"])
            for index, item in enumerate(labels["evidence"])
        ],
        unverified=[Unverified(text="", quote=item["quote"]) for item in labels["unverified"]],
    )


@pytest.mark.parametrize("path", sorted(BRIEFS.glob("*.json")), ids=lambda path: path.stem)
def test_each_labelled_article_is_scored_perfectly_by_its_own_labels(path: Path) -> None:
    """Labels in one category must be distinct enough for the matcher to tell them apart."""
    labels = json.loads(path.read_text(encoding="utf-8"))
    score = score_brief(labels, brief_from_labels(labels))
    total = micro_average([score])
    assert total["all"]["matched"] == total["all"]["expected"]
    assert total["all"]["matched"] == total["all"]["predicted"]
    assert total["speaker"]["accuracy"] in (None, 1.0)
    assert total["responds_to"]["accuracy"] in (None, 1.0)
