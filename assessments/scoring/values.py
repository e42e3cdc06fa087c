"""From one answer to one value: the N/A marker, answer values, verdicts and ``show_if``.

An answer is the JSON value of DESIGN.md §7, keyed by item code. Scoring sees three outcomes for an
item: a value ``v`` in [0, 1], ``NA`` (answered "not applicable", excluded from every score) or
``None`` (unanswered, or an item type that is not scored: text, number, date).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from enum import Enum, StrEnum
from typing import Final, TypeGuard

from checklists.schema import AnswerType, ChecklistDocument, Condition, Item, Option, Section

type AnswerValue = str | int | float | Sequence[str]
"""One answer as stored and sent over the API; ``"na"`` means not applicable for every type."""

NA_ANSWER: Final = "na"
MATURITY_LEVELS: Final = 4
DIGITS: Final = 9
"""Scores, shares and summed option scores are rounded to this many decimals, so that a value a
person computes as exactly 90 or 0.25 lands on its band edge instead of 89.99999999999999."""


class _NA(Enum):
    """The "not applicable" marker: a one-member enum so that ``value is NA`` narrows for mypy."""

    NA = "na"

    def __repr__(self) -> str:
        return "NA"


NA: Final = _NA.NA
type ItemValue = float | _NA | None


class Verdict(StrEnum):
    """An evaluator's verdict on one answer (DESIGN.md §1, journey B)."""

    CONFIRMED = "confirmed"
    PARTIALLY_CONFIRMED = "partially_confirmed"
    NOT_CONFIRMED = "not_confirmed"
    NEEDS_EVIDENCE = "needs_evidence"


def rounded(value: float) -> float:
    return round(value, DIGITS)


def is_level(value: object) -> TypeGuard[int]:
    """Whether ``value`` is a maturity level or rating: an int 0-4 (``True`` is not one)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MATURITY_LEVELS


def item_value(item: Item, value: AnswerValue | None) -> ItemValue:
    """The value ``v`` in [0, 1] of ``value`` as an answer to ``item``; ``NA``; or ``None``.

    ``None`` stands for unanswered and for items that are not scored (text, number, date).
    ``"na"`` is ``NA`` for every type; whether the item allows N/A is the validator's business.
    A multi_choice answer counts each chosen key once and scores min(1, sum of their scores); an
    empty choice is an answer worth 0. A value that does not fit the item (an unknown option key, a
    maturity level outside 0-4) raises ``ValueError``: answers are validated before they are
    scored, so reaching it is a programming error.
    """
    if value is None:
        return None
    if isinstance(value, str) and value == NA_ANSWER:
        return NA
    match item.answer_type:
        case AnswerType.YES_NO:
            if value in ("yes", "no"):
                return 1.0 if value == "yes" else 0.0
        case AnswerType.MATURITY:
            if is_level(value):
                return value / MATURITY_LEVELS
        case AnswerType.SINGLE_CHOICE:
            if isinstance(value, str):
                return _option_score(item, value)
        case AnswerType.MULTI_CHOICE:
            if isinstance(value, Sequence) and not isinstance(value, str):
                scores = [_option_score(item, key) for key in dict.fromkeys(value)]
                return rounded(min(1.0, math.fsum(scores)))
        case AnswerType.MEASUREMENT:
            # The level the measured value reaches, over 4: a level-3 measurement passes.
            if item.measurement is not None and _is_number(value):
                return item.measurement.level_of(float(value)) / MATURITY_LEVELS  # type: ignore[arg-type]
        case AnswerType.TEXT | AnswerType.NUMBER | AnswerType.DATE:
            return None
    raise ValueError(f"{value!r} is not a valid {item.answer_type.value} answer to {item.code}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _option_score(item: Item, key: object) -> float:
    option: Option | None = item.option(key) if isinstance(key, str) else None
    if option is None or option.score is None:
        raise ValueError(f"{key!r} is not an option of {item.code}")
    return option.score


def verified_value(value: float, verdict: Verdict | str | None) -> float:
    """``value`` after the evaluator's verdict (DESIGN.md §5).

    Confirmed keeps it, partially confirmed halves it, not confirmed and needs evidence make it 0.
    No verdict keeps the self-reported value: an evaluator who has not looked at an item has not
    contradicted it, and the report shows which items carry a verdict.
    """
    if verdict is None:
        return value
    match Verdict(verdict):
        case Verdict.CONFIRMED:
            return value
        case Verdict.PARTIALLY_CONFIRMED:
            return value / 2
        case Verdict.NOT_CONFIRMED | Verdict.NEEDS_EVIDENCE:
            return 0.0


def effective_weight(section: Section, item: Item) -> float:
    return section.weight * item.weight


def condition_holds(condition: Condition, answers: Mapping[str, AnswerValue]) -> bool:
    """Whether a ``show_if`` condition holds for ``answers``.

    A leaf holds when the referenced item's answer, rendered as a string (a maturity level 3 as
    ``"3"``; for a multi_choice list, any one chosen key), is among ``in``. An unanswered item
    makes its leaf false. ``all`` and ``any`` combine nested conditions.
    """
    if condition.all is not None:
        return all(condition_holds(child, answers) for child in condition.all)
    if condition.any is not None:
        return any(condition_holds(child, answers) for child in condition.any)
    if condition.item is None or condition.in_ is None:  # ruled out by Condition's validator
        raise ValueError("a condition on an item needs both 'item' and 'in'")
    value = answers.get(condition.item)
    return value is not None and not _rendered(value).isdisjoint(condition.in_)


def _rendered(value: AnswerValue) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, float) and value.is_integer():
        return frozenset({str(int(value))})
    if isinstance(value, int | float):
        return frozenset({str(value)})
    return frozenset(value)


def visible_items(
    document: ChecklistDocument, answers: Mapping[str, AnswerValue]
) -> frozenset[str]:
    """Codes of the items that ``show_if`` leaves visible for ``answers``.

    Conditions only see the answers of items that are themselves visible: the answer left on an
    item that was later hidden counts as unanswered. So an item whose condition needs a hidden
    item is hidden too, however deep the chain. The schema makes ``show_if`` point to earlier
    items, so one pass in document order settles everything. (For an ``any`` condition this means
    a branch on a hidden item is false while another branch may still show the item.)
    """
    visible: set[str] = set()
    seen: dict[str, AnswerValue] = {}
    for _, item in document.items():
        if item.show_if is None or condition_holds(item.show_if, seen):
            visible.add(item.code)
            if item.code in answers:
                seen[item.code] = answers[item.code]
    return frozenset(visible)
