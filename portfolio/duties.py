"""Which operator duties of the AI Basic Act apply to a system, from its profile and screening.

One small pure function over plain values, driven by one table, so that a content version that
asks other questions (content 2.0: a ``safety-duty``, an ``impact-assessment`` and a
``domestic-agent`` checklist) changes the table, not the code. Facts (DOMAIN.md §3, §7):

| article | duty | applies when |
|---|---|---|
| 31 | prior notice and labelling | generative (profile or ``HIS-SCOPE-01``) or high-impact |
| 32 | safety duty of very large systems | the screening says training compute reaches the
  threshold (``HIS-SCOPE-03``) |
| 34 | high-impact operator measures | high-impact |
| 35 | fundamental-rights impact assessment (endeavour) | high-impact |
| 36 | domestic agent | foreign operator (``HIS-SCOPE-04``) above the decree's size thresholds |

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
    """The screening questions the duties read, by item code; ``None``: the content has none.

    ``domestic_thresholds`` is a yes/no question "are the decree's revenue thresholds met?";
    content 1.0.0 has none, so Art. 36 stays undetermined for a foreign operator.
    """

    generative: str | None = "HIS-SCOPE-01"
    compute: str | None = "HIS-SCOPE-03"
    foreign: str | None = "HIS-SCOPE-04"
    domestic_thresholds: str | None = None


SHIPPED_ITEMS: Final = ScreeningItems()


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


def _known(flag: bool | None) -> DutyStatus:
    if flag is None:
        return DutyStatus.UNDETERMINED
    return DutyStatus.APPLIES if flag else DutyStatus.NOT_APPLICABLE


def duties_of(
    *,
    generative: bool,
    screening: Screening | None,
    items: ScreeningItems = SHIPPED_ITEMS,
) -> dict[str, DutyStatus]:
    """Article → status for one system (see the module's table).

    ``generative`` is the system profile's flag; ``screening`` the latest screening (None: not
    screened). A high-impact verdict counts only once the screening is complete, as the pages
    show no verdict before; a "not high-impact" is likewise undetermined until then.
    """
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
        thresholds = _yes_no(screening, items.domestic_thresholds)
        art36 = _known(thresholds)
    else:
        art36 = DutyStatus.UNDETERMINED
    return {
        "31": art31,
        "32": _known(_yes_no(screening, items.compute)),
        "34": _known(high_impact),
        "35": _known(high_impact),
        "36": art36,
    }
