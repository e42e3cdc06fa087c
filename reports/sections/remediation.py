"""The "remediation plan" section of both reports, from the plan frozen in the report's data
(``remediation.report.plan_snapshot``): pure, like ``reports.context``, which calls it. Its
texts come from the one catalogue, read lazily: the report is built under
``translation.override`` of its own language (chosen at issue, never the worker's locale)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import pgettext_lazy

from reports.data import RemediationPlan

_TEXTS: dict[str, Any] = {
    "title": pgettext_lazy("report remediation", "Remediation plan"),
    "intro": pgettext_lazy("report remediation", "Open actions: overdue first, then by due date."),
    "none": pgettext_lazy("report remediation", "There are no open actions."),
    "closed": pgettext_lazy("report remediation", "Actions done or with the risk accepted: {n}"),
    "closing": pgettext_lazy("report remediation", "Closed with"),
    "evidence": pgettext_lazy("report remediation", "Evidence"),
    "action": pgettext_lazy("report remediation", "Action"),
    "items": pgettext_lazy("report remediation", "Linked items"),
    "owner": pgettext_lazy("report remediation", "Owner"),
    "due": pgettext_lazy("report remediation", "Due date"),
    "status": pgettext_lazy("report remediation", "Status"),
    "overdue": pgettext_lazy("report remediation", "Overdue"),
    "condition": pgettext_lazy("report remediation", "Condition"),
    "accepted": pgettext_lazy(
        "report remediation",
        "The evaluation body accepted {n} action(s) of this plan as a condition of the decision "
        "({who}, {when}).",
    ),
}

_STATUS: dict[str, Any] = {
    "open": pgettext_lazy("report remediation", "Open"),
    "in_progress": pgettext_lazy("report remediation", "In progress"),
    "done": pgettext_lazy("report remediation", "Done"),
    "accepted_risk": pgettext_lazy("report remediation", "Risk accepted"),
}
_SOURCE: dict[str, Any] = {
    "gap": pgettext_lazy("report remediation", "Gap"),
    "remark": pgettext_lazy("report remediation", "Evaluator remark"),
    "needs_evidence": pgettext_lazy("report remediation", "Needs evidence"),
}


def _pick(text: Any, language: str) -> str:
    """The catalogue's text in the report's language (whatever the worker's locale is)."""
    with translation.override(language):
        return str(text)


@dataclass(frozen=True, slots=True)
class PlanRow:
    title: str
    source: str
    items: str
    owner: str
    due: str
    status: str
    overdue: bool
    condition: bool


@dataclass(frozen=True, slots=True)
class ClosedRow:
    title: str
    items: str
    status: str
    closing: str
    evidence: str


@dataclass(frozen=True, slots=True)
class RemediationSection:
    labels: Mapping[str, str]
    rows: tuple[PlanRow, ...]
    closed: str
    closed_rows: tuple[ClosedRow, ...]
    accepted: str
    comment: str


def remediation_section(
    plan: RemediationPlan | None, language: str, format_date: Callable[[str, str], str]
) -> RemediationSection | None:
    """What the report prints; None for reports issued before plans existed (their data has no
    plan, and they keep rendering as issued). ``format_date`` is the report's date formatter."""
    if plan is None:
        return None
    labels = {key: _pick(pair, language) for key, pair in _TEXTS.items()}
    acceptance = plan.acceptance
    return RemediationSection(
        labels=labels,
        rows=tuple(
            PlanRow(
                title=row.title,
                source=_pick(_SOURCE[row.source], language),
                items=", ".join(row.items),
                owner=row.owner,
                due=format_date(row.due_date, language),
                status=_pick(_STATUS[row.status], language),
                overdue=row.overdue,
                condition=row.condition,
            )
            for row in plan.open
        ),
        closed=labels["closed"].format(n=len(plan.closed)) if plan.closed else "",
        closed_rows=tuple(
            ClosedRow(
                title=row.title,
                items=", ".join(row.items),
                status=_pick(_STATUS[row.status], language),
                closing=row.closing,
                evidence=row.evidence,
            )
            for row in plan.closed
        ),
        accepted=labels["accepted"].format(
            n=len(acceptance.actions),
            who=acceptance.by,
            when=format_date(acceptance.at, language),
        )
        if acceptance
        else "",
        comment=acceptance.comment if acceptance else "",
    )
