"""The reliability evaluation: an evaluator's 0-4 ratings per criterion and the outcome."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Final

from checklists.schema import ChecklistDocument, Item, Kind

from .values import (
    _NA,
    MATURITY_LEVELS,
    NA,
    NA_ANSWER,
    AnswerValue,
    is_level,
    rounded,
    visible_items,
)

SUFFICIENT_RATING: Final = 3
"""Ratings below this need a rationale and count against the outcome."""
PASS_TOTAL: Final = 70.0
CONDITIONAL_TOTAL: Final = 60.0
CONDITIONAL_MAX_BELOW: Final = 2


class _NotEvaluated(Enum):
    """The evaluator looked at a criterion in scope and could not evaluate it (yet): not a 0,
    which is a failed criterion, and not N/A, which does not apply. It blocks the outcome."""

    NOT_EVALUATED = "not_evaluated"

    def __repr__(self) -> str:
        return "NOT_EVALUATED"


NOT_EVALUATED: Final = _NotEvaluated.NOT_EVALUATED
type CriterionState = int | _NA | _NotEvaluated


class Outcome(StrEnum):
    PASS = "pass"
    CONDITIONAL = "conditional"
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class GroupScore:
    """One section (group of criteria): 0-100, or None while none of it is rated."""

    code: str
    score: float | None


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """``criteria`` counts the visible in-scope criteria not rated N/A, ``rated`` those of them
    rated; ``not_evaluated`` names those marked not evaluated (they block the outcome) and
    ``out_of_scope`` the visible criteria the scoping step excluded."""

    total: float | None
    groups: tuple[GroupScore, ...]
    rated: int
    criteria: int
    below_three: tuple[str, ...]
    critical_below_three: tuple[str, ...]
    outcome: Outcome | None
    not_evaluated: tuple[str, ...] = ()
    out_of_scope: tuple[str, ...] = ()


def evaluate(
    document: ChecklistDocument,
    ratings: Mapping[str, CriterionState],
    out_of_scope: Collection[str] = (),
) -> EvaluationResult:
    """Apply the evaluation rubric ``document`` to ``ratings`` (criterion code → 0-4, NA or
    NOT_EVALUATED; a measured criterion arrives as the level its value reached).

    ``out_of_scope``: criteria the scoping step left out; they count nowhere (like hidden ones).
    A criterion marked NOT_EVALUATED counts as applicable and unrated: the outcome waits for it.

    ``total`` and each group score are 100 × Σ w·(r/4) / Σ w over rated criteria, w being section
    weight × criterion weight. The outcome waits (None) until every applicable criterion is rated.
    Then: **pass** when every critical criterion is at least 3 and the total at least 70;
    **conditional** when no critical criterion is below 3, the total is at least 60 and at most
    two non-critical criteria are below 3; **fail** otherwise. A critical criterion below 3
    always fails, whatever the total: DESIGN.md §5 leaves that case to "else", and a passed
    conditional must not hide a failed critical requirement.
    Raises ``ValueError`` for a rating outside 0-4, NA on a criterion that does not allow it, or
    a document that is not an evaluation.
    """
    if document.kind != Kind.EVALUATION:
        raise ValueError(f"{document.slug} is a {document.kind.value} checklist, not an evaluation")
    answers: dict[str, AnswerValue] = {
        code: NA_ANSWER if rating is NA else rating
        for code, rating in ratings.items()
        if not isinstance(rating, _NotEvaluated)
    }
    excluded = frozenset(out_of_scope)
    visible = visible_items(document, answers)
    groups: list[GroupScore] = []
    weights: list[float] = []
    weighted: list[float] = []
    below: list[Item] = []
    not_evaluated: list[str] = []
    scoped_out: list[str] = []
    criteria = 0
    for section in document.sections:
        group_weights: list[float] = []
        group_weighted: list[float] = []
        for item in section.items:
            if item.code not in visible:
                continue
            if item.code in excluded:
                scoped_out.append(item.code)
                continue
            rating = _checked(item, ratings.get(item.code))
            if rating is NA:
                continue
            criteria += 1
            if rating is NOT_EVALUATED:
                not_evaluated.append(item.code)
                continue
            if rating is None:
                continue
            weight = section.weight * item.weight
            group_weights.append(weight)
            group_weighted.append(weight * rating / MATURITY_LEVELS)
            if rating < SUFFICIENT_RATING:
                below.append(item)
        groups.append(GroupScore(section.code, _percent(group_weighted, group_weights)))
        weights.extend(group_weights)
        weighted.extend(group_weighted)

    total = _percent(weighted, weights)
    critical_below = tuple(item.code for item in below if item.critical)
    outcome: Outcome | None = None
    if total is not None and len(weights) == criteria:
        outcome = _outcome(total, critical_below=len(critical_below), below=len(below))
    return EvaluationResult(
        total=total,
        groups=tuple(groups),
        rated=len(weights),
        criteria=criteria,
        below_three=tuple(item.code for item in below),
        critical_below_three=critical_below,
        outcome=outcome,
        not_evaluated=tuple(not_evaluated),
        out_of_scope=tuple(scoped_out),
    )


def _checked(item: Item, rating: CriterionState | None) -> CriterionState | None:
    if rating is NOT_EVALUATED:
        return rating
    if rating is NA:
        if not item.allow_na:
            raise ValueError(f"criterion {item.code} cannot be rated N/A")
        return rating
    if rating is not None and not is_level(rating):
        raise ValueError(f"{rating!r} is not a rating 0-4 for criterion {item.code}")
    return rating


def _percent(weighted: list[float], weights: list[float]) -> float | None:
    if not weights:
        return None
    return rounded(100 * math.fsum(weighted) / math.fsum(weights))


def _outcome(total: float, *, critical_below: int, below: int) -> Outcome:
    if critical_below:
        return Outcome.FAIL
    if total >= PASS_TOTAL:
        return Outcome.PASS
    if total >= CONDITIONAL_TOTAL and below <= CONDITIONAL_MAX_BELOW:
        return Outcome.CONDITIONAL
    return Outcome.FAIL
