"""Screening: areas, high-impact status and the impact level with its mitigation rule."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.scoring import AnswerValue, impact_level, screen
from tests.assessments.scoring_documents import document, item, options, section

AREAS = document(
    section(
        "AR",
        item("AR-01", area="energy"),
        item("AR-02", area="deepfake"),
        item("AR-03", area="biometric_recognition"),
        item("AR-04", area="rights_evaluation", show_if={"item": "AR-01", "in": ["no"]}),
        item("AR-05", area="energy"),
    ),
    section("SIG", item("SIG-01")),
    kind="screening",
)


@pytest.mark.parametrize(
    ("answers", "areas", "act_areas", "high_risk", "significant", "high_impact"),
    [
        (
            {"AR-01": "yes", "AR-02": "yes", "SIG-01": "yes"},
            ("energy", "deepfake"),
            ("energy",),
            ("energy", "deepfake"),
            True,
            True,
        ),
        # deepfakes and biometric recognition are high-risk, not high-impact under the Act
        (
            {"AR-02": "yes", "AR-03": "yes", "SIG-01": "yes"},
            ("deepfake", "biometric_recognition"),
            (),
            ("deepfake", "biometric_recognition"),
            True,
            False,
        ),
        # an Act area without a significant effect is not high-impact
        ({"AR-01": "yes", "SIG-01": "no"}, ("energy",), ("energy",), ("energy",), False, False),
        ({"AR-01": "yes"}, ("energy",), ("energy",), ("energy",), False, False),
        ({"AR-01": "na", "SIG-01": "yes"}, (), (), (), True, False),
        # AR-04 shows when AR-01 is "no"; rights evaluation is in the Act and high-risk
        (
            {"AR-01": "no", "AR-04": "yes", "SIG-01": "yes"},
            ("rights_evaluation",),
            ("rights_evaluation",),
            ("rights_evaluation",),
            True,
            True,
        ),
        # a stale "yes" on hidden AR-04 names no area
        ({"AR-01": "yes", "AR-04": "yes"}, ("energy",), ("energy",), ("energy",), False, False),
        # areas come in document order, not answer order; two items on one area name it once
        (
            {"AR-05": "yes", "AR-02": "yes", "AR-01": "yes"},
            ("energy", "deepfake"),
            ("energy",),
            ("energy", "deepfake"),
            False,
            False,
        ),
        ({"AR-01": "no", "AR-05": "yes"}, ("energy",), ("energy",), ("energy",), False, False),
    ],
)
def test_areas_and_high_impact(
    answers: dict[str, Any],
    areas: tuple[str, ...],
    act_areas: tuple[str, ...],
    high_risk: tuple[str, ...],
    significant: bool,
    high_impact: bool,
) -> None:
    result = screen(AREAS, answers, significance_item="SIG-01")
    assert result.areas == areas
    assert result.act_areas == act_areas
    assert result.high_risk_areas == high_risk
    assert result.significant is significant
    assert result.high_impact is high_impact


def test_hidden_significance_item_is_not_significant() -> None:
    doc = document(
        section(
            "S",
            item("S-01", area="transport"),
            item("S-02"),
            item("S-03", show_if={"item": "S-02", "in": ["yes"]}),
        ),
        kind="screening",
    )
    shown = screen(doc, {"S-01": "yes", "S-02": "yes", "S-03": "yes"}, significance_item="S-03")
    assert shown.high_impact is True
    hidden = screen(doc, {"S-01": "yes", "S-02": "no", "S-03": "yes"}, significance_item="S-03")
    assert (hidden.significant, hidden.high_impact) == (False, False)


def test_screen_rejects_a_wrong_document_or_item() -> None:
    with pytest.raises(ValueError, match="no item NOPE"):
        screen(AREAS, {}, significance_item="NOPE")
    self_check = document(section("S", item("S-01")))
    with pytest.raises(ValueError, match="not a screening"):
        screen(self_check, {}, significance_item="S-01")


def impact(
    code: str, max_points: float, answer_type: str = "yes_no", **fields: Any
) -> dict[str, Any]:
    return item(code, answer_type, points={"kind": "impact", "max": max_points}, **fields)


def mitigation(
    code: str, max_points: float, answer_type: str = "yes_no", **fields: Any
) -> dict[str, Any]:
    return item(code, answer_type, points={"kind": "mitigation", "max": max_points}, **fields)


POINTS = document(
    section(
        "IMP",
        item("SIG"),
        impact("I1", 4),
        impact("I2", 2, "maturity"),
        impact("I3", 2),
        impact("I4", 5),
        impact("I5", 10, show_if={"item": "I1", "in": ["no"]}),
    ),
    section("MIT", mitigation("M1", 3), mitigation("M2", 1, "maturity")),
    kind="screening",
)


def test_impact_and_mitigation_shares() -> None:
    answers: dict[str, AnswerValue] = {
        "I1": "yes",
        "I2": 2,
        "I4": "na",
        "I5": "yes",
        "M1": "yes",
        "M2": 3,
    }
    result = screen(POINTS, answers, significance_item="SIG")
    # impact: I1 4·1, I2 2·0.5, I3 unanswered 2·0, I4 N/A out, I5 hidden out:
    #   (4 + 1 + 0) / (4 + 2 + 2) = 0.625
    assert result.impact_share == 0.625
    # mitigation: (3·1 + 1·0.75) / (3 + 1) = 0.9375 ≥ 0.8
    assert result.mitigation_share == 0.9375
    # 0.625 − 0.15 = 0.475 → level 2 (0.625 alone would be level 3)
    assert result.adjusted_share == pytest.approx(0.475)
    assert result.impact_level == 2


def test_without_points_there_is_no_impact_level() -> None:
    result = screen(AREAS, {"AR-01": "yes"}, significance_item="SIG-01")
    assert (result.impact_share, result.mitigation_share) == (None, None)
    assert (result.adjusted_share, result.impact_level) == (None, None)
    only_na = screen(POINTS, dict.fromkeys(["I1", "I2", "I3", "I4"], "na"), significance_item="SIG")
    # every impact item N/A (I5 hidden): nothing to share; mitigation unanswered: 0 of 4
    assert (only_na.impact_share, only_na.impact_level) == (None, None)
    assert only_na.mitigation_share == 0.0


def test_share_on_a_band_edge_despite_binary_fractions() -> None:
    doc = document(
        section("IMP", item("SIG"), impact("I1", 0.1), impact("I2", 0.2), impact("I3", 0.3)),
        kind="screening",
    )
    result = screen(doc, {"I1": "yes", "I2": "yes", "I3": "no"}, significance_item="SIG")
    # (0.1 + 0.2) / 0.6 = 0.5, which floats compute as 0.5000000000000001: still level 2
    assert (result.impact_share, result.impact_level) == (0.5, 2)


def shares(impact_value: float, mitigation_value: float | None) -> Any:
    """A screening whose impact (and mitigation) share is exactly the chosen option's score."""
    choice = options(x=impact_value, z=0)
    sections = [section("IMP", item("SIG"), impact("I", 3, "single_choice", options=choice))]
    answers: dict[str, Any] = {"I": "x"}
    if mitigation_value is not None:
        mitigating = options(x=mitigation_value, z=0)
        sections.append(section("MIT", mitigation("M", 7, "single_choice", options=mitigating)))
        answers["M"] = "x"
    return screen(document(*sections, kind="screening"), answers, significance_item="SIG")


@pytest.mark.parametrize(
    ("share", "level"),
    [
        (0.0, 1),
        (0.25, 1),
        (0.26, 2),
        (0.5, 2),
        (0.51, 3),
        (0.75, 3),
        (0.76, 4),
        (1.0, 4),
    ],
)
def test_impact_level_bands_at_their_edges(share: float, level: int) -> None:
    result = shares(share, None)  # 3·share / 3 = share, no mitigation
    assert result.impact_share == pytest.approx(share)
    assert result.impact_level == level


@pytest.mark.parametrize(
    ("share", "level"),
    [
        (0.25, 1),
        (0.250000001, 2),
        (0.5, 2),
        (0.500000001, 3),
        (0.75, 3),
        (0.750000001, 4),
        (None, None),
    ],
)
def test_impact_level_function(share: float | None, level: int | None) -> None:
    assert impact_level(share) == level


@pytest.mark.parametrize(
    ("impact_value", "mitigation_value", "adjusted", "level"),
    [
        (0.6, 0.8, 0.45, 2),  # mitigation exactly 80 %: 0.6 − 0.15 = 0.45, level 3 → 2
        (0.6, 0.79, 0.6, 3),  # just below 80 %: no discount
        (0.6, None, 0.6, 3),  # no mitigation items: no discount
        (0.4, 1.0, 0.25, 1),  # 0.4 − 0.15 = 0.25, the top of level 1
        (0.1, 0.9, 0.0, 1),  # floored at 0
        (0.9, 0.8, 0.75, 3),  # 0.9 − 0.15 = 0.75, the top of level 3
        (0.91, 0.8, 0.76, 4),
    ],
)
def test_strong_mitigation_lowers_the_impact_share_by_fifteen_points(
    impact_value: float, mitigation_value: float | None, adjusted: float, level: int
) -> None:
    result = shares(impact_value, mitigation_value)
    assert result.impact_share == pytest.approx(impact_value)
    assert result.adjusted_share == adjusted  # rounded: 0.6 − 0.15 is 0.44999999999999996
    assert result.impact_level == level
