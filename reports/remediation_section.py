"""The "remediation plan" section of both reports, from the plan frozen in the report's data
(``remediation.report.plan_snapshot``): pure, like ``reports.context``, which calls it. Its
texts are plain data like ``reports.labels`` (a report's language is chosen at issue, never the
worker's locale)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("개선 조치 계획", "Remediation plan"),
    "intro": (
        "진행 중인 개선 조치입니다. 기한이 지난 조치를 먼저, 그 밖에는 기한 순으로 보입니다.",
        "Open actions: overdue first, then by due date.",
    ),
    "none": ("진행 중인 개선 조치가 없습니다.", "There are no open actions."),
    "closed": (
        "완료되었거나 위험을 수용한 조치: {n}건",
        "Actions done or with the risk accepted: {n}",
    ),
    "closing": ("완료 내용", "Closed with"),
    "evidence": ("증빙", "Evidence"),
    "action": ("조치", "Action"),
    "items": ("관련 항목", "Linked items"),
    "owner": ("담당자", "Owner"),
    "due": ("기한", "Due date"),
    "status": ("상태", "Status"),
    "overdue": ("기한 지남", "Overdue"),
    "condition": ("조건", "Condition"),
    "accepted": (
        "평가기관이 이 계획의 조치 {n}건을 결정의 조건으로 수용했습니다 ({who}, {when}).",
        "The evaluation body accepted {n} action(s) of this plan as a condition of the decision "
        "({who}, {when}).",
    ),
}

_STATUS = {
    "open": ("열림", "Open"),
    "in_progress": ("진행 중", "In progress"),
    "done": ("완료", "Done"),
    "accepted_risk": ("위험 수용", "Risk accepted"),
}
_SOURCE = {
    "gap": ("미흡 항목", "Gap"),
    "remark": ("평가자 의견", "Evaluator remark"),
    "needs_evidence": ("증빙 필요", "Needs evidence"),
}


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[0] if language == "ko" else pair[1]


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
    snapshot: Mapping[str, Any] | None, language: str, format_date: Callable[[str, str], str]
) -> RemediationSection | None:
    """What the report prints; None for reports issued before plans existed (their data has no
    plan, and they keep rendering as issued). ``format_date`` is the report's date formatter."""
    if snapshot is None:
        return None
    labels = {key: _pick(pair, language) for key, pair in _TEXTS.items()}
    acceptance = snapshot.get("acceptance")
    return RemediationSection(
        labels=labels,
        rows=tuple(
            PlanRow(
                title=row["title"],
                source=_pick(_SOURCE[row["source"]], language),
                items=", ".join(row["items"]),
                owner=row["owner"],
                due=format_date(row["due_date"], language),
                status=_pick(_STATUS[row["status"]], language),
                overdue=row["overdue"],
                condition=row["condition"],
            )
            for row in snapshot["open"]
        ),
        closed=labels["closed"].format(n=len(snapshot["closed"])) if snapshot["closed"] else "",
        closed_rows=tuple(
            ClosedRow(
                title=row["title"],
                items=", ".join(row["items"]),
                status=_pick(_STATUS[row["status"]], language),
                closing=row["closing"],
                evidence=row["evidence"],
            )
            for row in snapshot["closed"]
        ),
        accepted=labels["accepted"].format(
            n=len(acceptance["actions"]),
            who=acceptance["by"],
            when=format_date(acceptance["at"], language),
        )
        if acceptance
        else "",
        comment=acceptance["comment"] if acceptance else "",
    )
