"""The reliability evaluation: total, group scores and the pass / conditional / fail outcome."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.scoring import NA, Outcome, evaluate
from tests.assessments.scoring_documents import criterion, document, item, section


def rubric(*sections: dict[str, Any]) -> Any:
    return document(*sections, kind="evaluation")


def test_total_and_groups_are_weighted() -> None:
    doc = rubric(
        section("G1", criterion("C1", weight=2), criterion("C2")),
        section("G2", criterion("C3"), weight=2),
    )
    result = evaluate(doc, {"C1": 4, "C2": 2, "C3": 3})
    # effective weights C1 2, C2 1, C3 2·1: 100 × (2·1 + 1·0.5 + 2·0.75) / 5 = 80
    assert result.total == 80.0
    # G1: 100 × (2 + 0.5) / 3 = 83.33…; G2: 100 × 0.75 = 75
    assert [(g.code, g.score) for g in result.groups] == [
        ("G1", pytest.approx(83.333333333)),
        ("G2", 75.0),
    ]
    assert (result.rated, result.criteria) == (3, 3)
    assert result.below_three == ("C2",)
    assert result.critical_below_three == ()
    assert result.outcome == Outcome.PASS


FIVE = rubric(
    section(
        "G",
        criterion("K1", critical=True, allow_na=False),
        criterion("N1"),
        criterion("N2"),
        criterion("N3"),
        criterion("N4"),
    )
)
CODES = ("K1", "N1", "N2", "N3", "N4")


@pytest.mark.parametrize(
    ("ratings", "total", "outcome"),
    [
        # five equal weights: total = 100 × Σ(r/4) / 5 = 5 × Σ r
        ((4, 4, 4, 4, 4), 100.0, Outcome.PASS),
        ((3, 3, 3, 3, 3), 75.0, Outcome.PASS),
        ((4, 3, 3, 3, 1), 70.0, Outcome.PASS),  # total exactly 70, one non-critical below 3
        ((3, 4, 4, 4, 0), 75.0, Outcome.PASS),  # pass allows non-critical criteria below 3
        ((3, 3, 3, 3, 1), 65.0, Outcome.CONDITIONAL),  # 65: one below 3
        ((3, 3, 3, 2, 2), 65.0, Outcome.CONDITIONAL),  # 65: two below 3
        ((4, 3, 3, 1, 1), 60.0, Outcome.CONDITIONAL),  # total exactly 60, two below 3
        ((4, 4, 2, 2, 1), 65.0, Outcome.FAIL),  # 65 but three non-critical below 3
        ((3, 3, 2, 2, 1), 55.0, Outcome.FAIL),  # below 60
        ((2, 4, 4, 4, 4), 90.0, Outcome.FAIL),  # a critical criterion below 3 always fails
        ((2, 3, 3, 3, 3), 70.0, Outcome.FAIL),
    ],
)
def test_outcome(ratings: tuple[int, ...], total: float, outcome: Outcome) -> None:
    result = evaluate(FIVE, dict(zip(CODES, ratings, strict=True)))
    assert result.total == total
    assert result.outcome == outcome
    assert result.below_three == tuple(c for c, r in zip(CODES, ratings, strict=True) if r < 3)
    assert result.critical_below_three == (("K1",) if ratings[0] < 3 else ())


def test_outcome_waits_for_every_applicable_criterion() -> None:
    result = evaluate(FIVE, {"K1": 4, "N1": 4, "N2": 4, "N3": 4})
    # N4 unrated: the total covers the rated four, the outcome waits
    assert (result.total, result.rated, result.criteria, result.outcome) == (100.0, 4, 5, None)
    na = evaluate(FIVE, {"K1": 4, "N1": 4, "N2": 4, "N3": 4, "N4": NA})
    assert (na.total, na.rated, na.criteria, na.outcome) == (100.0, 4, 4, Outcome.PASS)
    nothing = evaluate(FIVE, {})
    assert (nothing.total, nothing.rated, nothing.outcome) == (None, 0, None)
    assert nothing.groups[0].score is None


def test_all_not_applicable_has_no_outcome() -> None:
    doc = rubric(section("G", criterion("C1"), criterion("C2")))
    result = evaluate(doc, {"C1": NA, "C2": NA})
    assert (result.total, result.criteria, result.outcome) == (None, 0, None)


def test_hidden_criteria_do_not_count() -> None:
    doc = rubric(
        section("G", criterion("C1"), criterion("C2", show_if={"item": "C1", "in": ["0", "1"]}))
    )
    # C1 at 4 hides C2, so its 0 counts nowhere
    result = evaluate(doc, {"C1": 4, "C2": 0})
    assert (result.total, result.criteria, result.below_three, result.outcome) == (
        100.0,
        1,
        (),
        Outcome.PASS,
    )
    shown = evaluate(doc, {"C1": 1, "C2": 0})
    # 100 × (0.25 + 0) / 2 = 12.5
    assert (shown.total, shown.outcome) == (12.5, Outcome.FAIL)


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ({"K1": NA}, "cannot be rated N/A"),
        ({"N1": 5}, "not a rating"),
        ({"N1": -1}, "not a rating"),
        ({"N1": True}, "not a rating"),
        ({"N1": "3"}, "not a rating"),
    ],
)
def test_invalid_ratings_raise(ratings: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        evaluate(FIVE, ratings)


def test_evaluate_needs_an_evaluation_document() -> None:
    with pytest.raises(ValueError, match="not an evaluation"):
        evaluate(document(section("S", item("S-01"))), {})
