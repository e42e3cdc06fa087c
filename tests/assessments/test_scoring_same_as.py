"""``same_as`` and ``measurement`` in the pure scoring: a duty counts once, a measure by level."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.scoring import (
    NA,
    NOT_EVALUATED,
    Outcome,
    evaluate,
    item_value,
    referrals,
    score_assessment,
)
from assessments.scoring.references import Owner
from tests.assessments.scoring_documents import document, item, one_item, options, section

SAME = {"checklist": "owner", "item": "OWN-01"}
OWNER = document(
    section(
        "O",
        item("OWN-01", critical=True, recommendation={"ko": "한다", "en": "Do it"}),
        item("OWN-02"),
    ),
    slug="owner",
)
REFERRING = document(
    section("R", item("REF-01", same_as=SAME, critical=True), item("REF-02", weight=3)),
    slug="referring",
)


def test_referrals_need_the_owner_checklist_and_item() -> None:
    assert referrals([OWNER, REFERRING]) == {"referring": {"REF-01": Owner("owner", "O", "OWN-01")}}
    assert referrals([REFERRING]) == {}
    other = document(section("O", item("OWN-09")), slug="owner")
    assert referrals([other, REFERRING]) == {}


def test_referred_item_takes_the_owner_answer_and_counts_once_overall() -> None:
    result = score_assessment(
        [
            (OWNER, {"OWN-01": "no", "OWN-02": "yes"}, None),
            # a stale answer on the referred item is ignored: the owner's "no" counts
            (REFERRING, {"REF-01": "yes", "REF-02": "yes"}, None),
        ]
    )
    owner, referring = result.checklists
    # overall: OWN-01 0, OWN-02 1, REF-02 1·3 over weights 1 + 1 + 3 = 80; REF-01 not again
    assert result.overall == 80.0
    assert result.scored_items == 3
    # the referring section shows the duty in its own score: (0·1 + 1·3) / 4 = 75
    assert referring.sections[0].score == 75.0
    assert referring.score == 75.0
    # completion counts it once: 2 + 1 required items
    assert (result.answered, result.required) == (3, 3)
    assert (referring.answered, referring.required) == (1, 1)
    # the gap and the critical gap are listed once, at the owner
    assert [(g.checklist, g.item) for g in result.gaps] == [("owner", "OWN-01")]
    assert result.critical_gaps == ("owner:OWN-01",)
    assert referring.gaps == ()
    assert owner.score == 50.0


def test_owner_verdict_applies_to_the_referred_item() -> None:
    result = score_assessment(
        [
            (OWNER, {"OWN-01": "yes", "OWN-02": "yes"}, {"OWN-01": "not_confirmed"}),
            (REFERRING, {"REF-02": "yes"}, {"REF-01": "confirmed"}),
        ]
    )
    assert result.checklists[1].sections[0].verified_score == 75.0  # REF-01 verified 0
    assert result.verified_overall == 80.0


def test_without_the_owner_checklist_the_item_is_asked_and_scored() -> None:
    result = score_assessment([(REFERRING, {"REF-01": "no", "REF-02": "yes"}, None)])
    assert result.overall == 75.0
    assert (result.answered, result.required) == (2, 2)
    assert result.critical_gaps == ("referring:REF-01",)
    unanswered = score_assessment([(REFERRING, {"REF-02": "yes"}, None)])
    assert (unanswered.answered, unanswered.required) == (1, 2)


def test_owner_unanswered_leaves_the_referred_item_unanswered_but_not_required() -> None:
    result = score_assessment([(OWNER, {}, None), (REFERRING, {"REF-01": "yes"}, None)])
    assert result.checklists[1].sections[0].score is None
    assert (result.answered, result.required) == (0, 3)


MEASURED = {
    "unit": {"ko": "%", "en": "%"},
    "direction": "lower_is_better",
    "levels": [20, 10, 5, 2],
    "minimum": 0,
    "maximum": 100,
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(50, 0.0), (20, 0.25), (9.9, 0.5), (5, 0.75), (0, 1.0), (2.0, 1.0), ("na", NA), (None, None)],
)
def test_measurement_scores_its_level_over_four(value: Any, expected: object) -> None:
    assert item_value(one_item("measurement", measurement=MEASURED), value) == expected


def test_measurement_rejects_what_is_not_a_number() -> None:
    with pytest.raises(ValueError, match="not a valid measurement"):
        item_value(one_item("measurement", measurement=MEASURED), "3")


LEVELS = options(**{str(level): level / 4 for level in range(5)})


def rubric() -> Any:
    return document(
        section(
            "G",
            item("K1", "maturity", options=LEVELS, critical=True),
            item("N1", "maturity", options=LEVELS),
            item("N2", "measurement", options=LEVELS, measurement=MEASURED),
            item("N3", "maturity", options=LEVELS),
        ),
        kind="evaluation",
    )


def test_out_of_scope_criteria_count_nowhere() -> None:
    result = evaluate(rubric(), {"K1": 4, "N1": 4, "N2": 0}, out_of_scope={"N2", "N3"})
    assert (result.total, result.criteria, result.out_of_scope) == (100.0, 2, ("N2", "N3"))
    assert result.outcome == Outcome.PASS
    # in scope, the same 0 fails the criterion and lowers the total
    failed = evaluate(rubric(), {"K1": 4, "N1": 4, "N2": 0, "N3": 4})
    assert (failed.total, failed.below_three, failed.outcome) == (75.0, ("N2",), Outcome.PASS)


def test_not_evaluated_blocks_the_outcome_and_is_not_a_zero() -> None:
    result = evaluate(rubric(), {"K1": 4, "N1": 4, "N2": 4, "N3": NOT_EVALUATED})
    assert (result.total, result.outcome, result.not_evaluated) == (100.0, None, ("N3",))
    assert result.below_three == ()
    assert (result.rated, result.criteria) == (3, 4)
    # not evaluated but out of scope: no longer blocks
    scoped = evaluate(rubric(), {"K1": 4, "N1": 4, "N2": 4, "N3": NOT_EVALUATED}, {"N3"})
    assert (scoped.outcome, scoped.not_evaluated) == (Outcome.PASS, ())


def test_conditional_needs_critical_criteria_at_three() -> None:
    # total (4 + 2 + 2 + 4) / 16 = 75 but critical K1 at 2: fail
    assert evaluate(rubric(), {"K1": 2, "N1": 4, "N2": 4, "N3": 2}).outcome == Outcome.FAIL
    # total 62.5 with two non-critical below 3 and K1 at 3: conditional
    assert evaluate(rubric(), {"K1": 3, "N1": 2, "N2": 2, "N3": 3}).outcome == (Outcome.CONDITIONAL)
