"""high-impact-screening 2.0.0 through the pure scoring: the 2(4)사 split, the final-decision
points and the rationale that "not significant" needs at impact level III or IV."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.scoring import screen
from checklists.areas import AREAS
from checklists.loader import CONTENT_DIR, load_file
from checklists.schema import AnswerType

DOC = load_file(CONTENT_DIR / "high-impact-screening" / "2.0.0.yaml")
ITEMS = {item.code: item for _s, item in DOC.items()}


def lowest() -> dict[str, Any]:
    """Every question at its lowest answer: no area, no impact, no mitigation."""
    answers: dict[str, Any] = {}
    for code, item in ITEMS.items():
        if item.answer_type is AnswerType.YES_NO:
            answers[code] = "no"
        elif item.answer_type is AnswerType.SINGLE_CHOICE:
            answers[code] = min(item.options, key=lambda o: o.score or 0).key
        elif item.answer_type is AnswerType.MATURITY:
            answers[code] = 0
    return answers


HIGHEST_IMPACT = {
    code: max(item.options, key=lambda o: o.score or 0).key
    for code, item in ITEMS.items()
    if item.points is not None and item.points.kind.value == "impact"
}


def run(answers: dict[str, Any], rationale_item: str | None = "HIS-SIG-02") -> Any:
    return screen(DOC, answers, significance_item="HIS-SIG-01", rationale_item=rationale_item)


@pytest.mark.parametrize(
    ("code", "area", "high_risk"),
    [
        ("HIS-AREA-13", "hiring", True),
        ("HIS-AREA-14", "lending", True),
        ("HIS-AREA-15", "insurance", False),
        ("HIS-AREA-16", "rights_evaluation", True),
    ],
)
def test_each_part_of_2_4_sa_is_its_own_area(code: str, area: str, high_risk: bool) -> None:
    result = run({**lowest(), "HIS-SIG-01": "yes", code: "yes"})
    assert (result.areas, result.act_areas, result.high_impact) == ((area,), (area,), True)
    assert (area in result.high_risk_areas) is high_risk
    assert AREAS[area].act_ref_label("en") == "Art. 2(4)(g)"


def test_an_automated_final_decision_weighs_toward_high_impact() -> None:
    advisory = run({**lowest(), "HIS-IMP-05": "advisory"})
    automated = run({**lowest(), "HIS-IMP-05": "full"})
    assert ITEMS["HIS-IMP-05"].points is not None and ITEMS["HIS-IMP-05"].points.max == 4
    assert automated.impact_share is not None and advisory.impact_share == 0.0
    assert automated.impact_share == pytest.approx(4 / 21, abs=1e-4)  # the largest single share


def test_not_significant_at_level_four_requires_the_rationale() -> None:
    answers = {**lowest(), **HIGHEST_IMPACT}
    result = run(answers)
    assert result.impact_level == 4 and not result.significant
    assert (result.rationale_required, result.rationale_missing) == (True, True)
    given = run({**answers, "HIS-SIG-02": "Staff decide on other records."})
    assert (given.rationale_required, given.rationale_missing) == (True, False)
    assert given.rationale == "Staff decide on other records."
    blank = run({**answers, "HIS-SIG-02": "   "})
    assert blank.rationale_missing


@pytest.mark.parametrize(
    ("change", "required"),
    [
        ({"HIS-SIG-01": "yes"}, False),  # significant: nothing to explain
        ({}, True),
        (
            {
                "HIS-IMP-01": "under_1k",
                "HIS-IMP-02": "general",
                "HIS-IMP-03": "inconvenience",
                "HIS-IMP-04": "immediate",
            },
            False,
        ),
    ],
)
def test_the_rationale_follows_significance_and_level(
    change: dict[str, str], required: bool
) -> None:
    result = run({**lowest(), **HIGHEST_IMPACT, **change})
    assert result.rationale_required is required
    assert (result.impact_level or 0) >= 3 or not required


def test_without_a_rationale_item_nothing_is_required() -> None:
    """Screening 1.x (and rule sets without ``rationale``) never ask for one."""
    result = run({**lowest(), **HIGHEST_IMPACT}, rationale_item=None)
    assert result.impact_level == 4 and not result.rationale_required
