"""The remediation plan frozen into a report's data when it is issued (so a report never changes
afterwards); ``reports.remediation_section`` turns it into what the report prints."""

from __future__ import annotations

from datetime import date
from typing import Any

from assessments.models import Assessment
from remediation import selectors


def plan_snapshot(assessment: Assessment, *, kind: str, today: date) -> dict[str, Any]:
    """The plan as plain JSON for the report's data: open actions in reading order, the closed
    ones with what closed them, and (evaluation reports) the evaluator's acceptance. Three
    queries."""
    actions = selectors.plan_for(assessment, today=today)
    acceptance = selectors.acceptance_of(assessment) if kind == "evaluation" else None
    accepted = {a.pk for a in acceptance.actions.all()} if acceptance else set()
    return {
        "as_of": today.isoformat(),
        "open": [
            {
                "id": a.pk,
                "title": a.title,
                "source": a.source,
                "items": [i["item"] for i in a.items],
                "owner": a.owner.get_full_name() or a.owner.get_username(),
                "due_date": a.due_date.isoformat(),
                "status": a.status,
                "overdue": selectors.is_overdue(a, today),
                "condition": a.pk in accepted,
            }
            for a in actions
            if a.is_open
        ],
        # Closed actions, with what closed them: the evidence a reader can look for.
        "closed": [
            {
                "title": a.title,
                "items": [i["item"] for i in a.items],
                "status": a.status,
                "closing": a.status_reason or a.closing_note,
                "evidence": a.closing_evidence.name if a.closing_evidence else "",
            }
            for a in actions
            if not a.is_open
        ],
        "acceptance": {
            "by": acceptance.accepted_by.get_full_name() or acceptance.accepted_by.get_username(),
            "at": acceptance.accepted_at.date().isoformat(),
            "comment": acceptance.comment,
            "actions": sorted(accepted),
        }
        if acceptance
        else None,
    }
