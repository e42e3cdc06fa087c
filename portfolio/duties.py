"""Which operator duties of the AI Basic Act apply to a system, from its profile and screening.

One small pure function over plain values, driven by one table, so that a content version that
asks other questions (content 2.0: a ``safety-duty``, an ``impact-assessment`` and a
``domestic-agent`` checklist) changes the table, not the code. Facts (DOMAIN.md §3, §7):

| article | duty | applies when |
|---|---|---|
| 31 | prior notice and labelling | generative (profile or ``HIS-SCOPE-01``) or high-impact |
| 32 | safety duty of very large systems | screening 1.x: training compute reaches the
  threshold (``HIS-SCOPE-03``); 2.x: all three conditions (``HIS-SAF-01``-``03``) |
| 34 | high-impact operator measures | high-impact |
| 35 | fundamental-rights impact assessment (endeavour) | high-impact |
| 36 | domestic agent | foreign operator (``HIS-SCOPE-04``) above either revenue threshold
  (2.x: ``HIS-AGT-01``, ``HIS-AGT-02``; 1.x asks none, so it stays undetermined) |

Each duty is ``applies``, ``not_applicable`` or ``undetermined``: a question the screening has
not answered yet, or one the content in force does not ask at all (Art. 36's size thresholds are
not asked by ``high-impact-screening`` 1.0.0, so a foreign operator is "undetermined" there, and
never "applies" on a guess).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final


class DutyStatus(StrEnum):
    APPLIES = "applies"
    NOT_APPLICABLE = "not_applicable"
    UNDETERMINED = "undetermined"


ARTICLES: Final = ("31", "32", "34", "35", "36")


@dataclass(frozen=True, slots=True)
class ScreeningItems:
    """The screening questions the duties read, by item code; ``None`` or ``()``: none asked.

    ``compute`` lists the Art. 32 conditions, all of which must hold; ``domestic_thresholds``
    the Art. 36 revenue thresholds, either of which suffices. Screening 1.0.0 asks no
    threshold, so Art. 36 stays undetermined for a foreign operator there.
    """

    generative: str | None = "HIS-SCOPE-01"
    compute: tuple[str, ...] = ("HIS-SCOPE-03",)
    foreign: str | None = "HIS-SCOPE-04"
    domestic_thresholds: tuple[str, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        single = [code for code in (self.generative, self.foreign) if code]
        return (*single, *self.compute, *self.domestic_thresholds)


SCREENING_1: Final = ScreeningItems()
SCREENING_2: Final = ScreeningItems(
    compute=("HIS-SAF-01", "HIS-SAF-02", "HIS-SAF-03"),
    domestic_thresholds=("HIS-AGT-01", "HIS-AGT-02"),
)
SHIPPED_ITEMS: Final = (SCREENING_1, SCREENING_2)


def items_for(screening: Screening | None) -> ScreeningItems:
    """The questions of the screening's own version (2.x asks the three Art. 32 conditions)."""
    if screening is not None and SCREENING_2.compute[0] in screening.item_codes:
        return SCREENING_2
    return SCREENING_1


@dataclass(frozen=True, slots=True)
class Screening:
    """What the duties need from a screening read-out (``score_payload()["screening"]``)."""

    complete: bool
    high_impact: bool
    answers: Mapping[str, Any]
    item_codes: frozenset[str]


def _yes_no(screening: Screening | None, code: str | None) -> bool | None:
    """True / False for an answered yes/no question; None when unanswered or not asked."""
    if screening is None or code is None or code not in screening.item_codes:
        return None
    value = screening.answers.get(code)
    if value == "yes":
        return True
    if value == "no":
        return False
    return None


def _all_yes(screening: Screening | None, codes: tuple[str, ...]) -> bool | None:
    """Every condition holds: False once one is answered no, None while any is open."""
    flags = [_yes_no(screening, code) for code in codes]
    if not flags or False in flags:
        return False if flags else None
    return None if None in flags else True


def _any_yes(screening: Screening | None, codes: tuple[str, ...]) -> bool | None:
    """One of the thresholds is met: True once one is answered yes, False when all are no."""
    flags = [_yes_no(screening, code) for code in codes]
    if True in flags:
        return True
    return False if flags and all(flag is False for flag in flags) else None


def _known(flag: bool | None) -> DutyStatus:
    if flag is None:
        return DutyStatus.UNDETERMINED
    return DutyStatus.APPLIES if flag else DutyStatus.NOT_APPLICABLE


def duties_of(
    *,
    generative: bool,
    screening: Screening | None,
    items: ScreeningItems | None = None,
) -> dict[str, DutyStatus]:
    """Article → status for one system (see the module's table).

    ``generative`` is the system profile's flag; ``screening`` the latest screening (None: not
    screened). A high-impact verdict counts only once the screening is complete, as the pages
    show no verdict before; a "not high-impact" is likewise undetermined until then.
    """
    items = items or items_for(screening)
    high_impact: bool | None = None
    if screening is not None and screening.complete:
        high_impact = screening.high_impact
    generative_answer = _yes_no(screening, items.generative)
    if generative or generative_answer or high_impact:
        art31 = DutyStatus.APPLIES
    elif high_impact is False:
        art31 = DutyStatus.NOT_APPLICABLE
    else:
        art31 = DutyStatus.UNDETERMINED
    foreign = _yes_no(screening, items.foreign)
    if foreign is False:
        art36 = DutyStatus.NOT_APPLICABLE
    elif foreign is True:
        art36 = _known(_any_yes(screening, items.domestic_thresholds))
    else:
        art36 = DutyStatus.UNDETERMINED
    return {
        "31": art31,
        "32": _known(_all_yes(screening, items.compute)),
        "34": _known(high_impact),
        "35": _known(high_impact),
        "36": art36,
    }
