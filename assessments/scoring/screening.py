"""Screening: high-impact status, the areas concerned and the impact level I-IV."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from checklists.areas import AREAS
from checklists.schema import ChecklistDocument, Kind, PointsKind

from .values import AnswerValue, item_value, rounded, visible_items

STRONG_MITIGATION: Final = 0.8
"""Mitigation at or above this share of its points lowers the impact share ..."""
MITIGATION_DISCOUNT: Final = 0.15
"""... by fifteen percentage points, floored at 0."""
IMPACT_BANDS: Final = (0.25, 0.5, 0.75)
"""Upper edges (inclusive) of impact levels 1-3; above the last is level 4."""


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """What the screening decided.

    ``areas``: area codes answered "yes" on visible items, in document order, each once;
    ``act_areas`` and ``high_risk_areas`` are those the AI Basic Act lists as high-impact and those
    the ministry lists as high-risk (deepfakes and biometric recognition are high-risk only).
    ``high_impact`` needs both a significant effect and an Act area. The shares are 0-1 or None
    when no visible, applicable item carries points of that kind.
    """

    areas: tuple[str, ...]
    act_areas: tuple[str, ...]
    high_risk_areas: tuple[str, ...]
    significant: bool
    high_impact: bool
    impact_share: float | None
    mitigation_share: float | None
    adjusted_share: float | None
    impact_level: int | None
    # "Not significant" although the impact level reaches the rule set's bound (III by default)
    # needs a reason in the rationale item; ``rationale`` is what was written there ("" if none).
    rationale_required: bool = False
    rationale: str = ""

    @property
    def rationale_missing(self) -> bool:
        """Whether submit must wait: a reason is required and none is given."""
        return self.rationale_required and not self.rationale.strip()


def screen(
    document: ChecklistDocument,
    answers: Mapping[str, AnswerValue],
    *,
    significance_item: str,
    rationale_item: str | None = None,
    rationale_from_level: int = 3,
) -> ScreeningResult:
    """Run the screening checklist ``document`` over ``answers``.

    ``significance_item`` is the code of the yes/no item asking whether the system significantly
    affects life, physical safety or fundamental rights; hidden or unanswered, it is a "no".
    Points: each visible item carrying them and not answered N/A adds ``max`` to its tally's
    denominator and ``max × v`` to its numerator (unanswered adds 0). Strong mitigation lowers the
    impact share before banding: impact 0.5 with mitigation 0.8 becomes 0.35, level 2.
    Raises ``ValueError`` for a document that is not a screening or lacks ``significance_item``.
    """
    if document.kind != Kind.SCREENING:
        raise ValueError(f"{document.slug} is a {document.kind.value} checklist, not a screening")
    codes = {item.code for _, item in document.items()}
    if significance_item not in codes:
        raise ValueError(f"{document.slug} has no item {significance_item}")

    visible = visible_items(document, answers)
    areas: list[str] = []
    tallies: dict[PointsKind, tuple[list[float], list[float]]] = {
        kind: ([], []) for kind in PointsKind
    }
    for _, item in document.items():
        if item.code not in visible:
            continue
        answer = answers.get(item.code)
        if item.area is not None and answer == "yes" and item.area not in areas:
            areas.append(item.area)
        if item.points is not None:
            value = item_value(item, answer)
            if isinstance(value, float) or value is None:
                gained, possible = tallies[item.points.kind]
                gained.append(item.points.max * (value or 0.0))
                possible.append(item.points.max)

    impact = _share(*tallies[PointsKind.IMPACT])
    mitigation = _share(*tallies[PointsKind.MITIGATION])
    adjusted = impact
    if impact is not None and mitigation is not None and mitigation >= STRONG_MITIGATION:
        adjusted = rounded(max(0.0, impact - MITIGATION_DISCOUNT))
    significant = significance_item in visible and answers.get(significance_item) == "yes"
    level = impact_level(adjusted)
    said_no = significance_item in visible and answers.get(significance_item) == "no"
    required = (
        rationale_item is not None
        and rationale_item in codes
        and said_no
        and level is not None
        and level >= rationale_from_level
    )
    written = answers.get(rationale_item) if rationale_item is not None else None
    act_areas = tuple(code for code in areas if AREAS[code].high_impact)
    return ScreeningResult(
        areas=tuple(areas),
        act_areas=act_areas,
        high_risk_areas=tuple(code for code in areas if AREAS[code].high_risk),
        significant=significant,
        high_impact=significant and bool(act_areas),
        impact_share=impact,
        mitigation_share=mitigation,
        adjusted_share=adjusted,
        impact_level=level,
        rationale_required=required,
        rationale=written if required and isinstance(written, str) else "",
    )


def _share(gained: list[float], possible: list[float]) -> float | None:
    if not possible:
        return None
    return rounded(math.fsum(gained) / math.fsum(possible))


def impact_level(share: float | None) -> int | None:
    """Level 1-4 of an (adjusted) impact share: ≤ 0.25, ≤ 0.5, ≤ 0.75, above."""
    if share is None:
        return None
    return next(
        (level for level, edge in enumerate(IMPACT_BANDS, start=1) if share <= edge),
        len(IMPACT_BANDS) + 1,
    )
