"""The obligations section and the appendix: every visible answer, checklist by checklist."""

from __future__ import annotations

from collections.abc import Sequence

from checklists.schema import Domain, Kind
from reports.answers import AppliedChecklist, checklist_items
from reports.shapes import ChecklistItems


def obligations(
    checklists: Sequence[AppliedChecklist], language: str
) -> tuple[ChecklistItems, ...]:
    """The answers of the high-impact obligations checklists (Act Art. 34)."""
    return tuple(
        checklist_items(c, language)
        for c in checklists
        if c.document.kind is Kind.SELF_CHECK and c.document.domain is Domain.HIGH_IMPACT
    )


def appendix(checklists: Sequence[AppliedChecklist], language: str) -> tuple[ChecklistItems, ...]:
    return tuple(checklist_items(c, language) for c in checklists)
