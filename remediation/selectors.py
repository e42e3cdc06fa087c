"""Reads of remediation plans; each costs a fixed number of queries, however many actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from assessments.choices import COMPANY_EDITORS
from assessments.models import Assessment, Evidence
from remediation.choices import OPEN_STATUSES
from remediation.models import Action, PlanAcceptance


@dataclass(frozen=True, slots=True)
class ActionCounts:
    """Open actions of a system, and how many of them are past their due date."""

    open: int
    overdue: int


def action_counts_by_system(
    organization_id: int, *, today: date | None = None
) -> dict[int, ActionCounts]:
    """Open and overdue actions per AI system of an organisation (one query).

    Systems without an open action are absent; callers read ``.get(pk)``."""
    today = today or timezone.localdate()
    open_q = Q(status__in=list(OPEN_STATUSES))
    rows = (
        Action.objects.filter(open_q, system__organization_id=organization_id)
        .values("system_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
        .order_by()
    )
    return {row["system_id"]: ActionCounts(row["open"], row["overdue"]) for row in rows}


def plan_queryset(assessment: Assessment) -> QuerySet[Action]:
    """The plan seen from ``assessment``: the actions raised in it, and every still-open action
    of its AI system raised elsewhere (an earlier revision's or assessment's), which carry over
    until they are done or their risk is accepted."""
    return (
        Action.objects.filter(system_id=assessment.system_id)
        .filter(Q(raised_in_id=assessment.pk) | Q(status__in=list(OPEN_STATUSES)))
        .select_related("owner", "closing_evidence", "raised_in")
    )


def plan_for(assessment: Assessment, *, today: date | None = None) -> list[Action]:
    """The plan in reading order (one query): open actions first, overdue ones before the rest,
    each group by due date; then the closed ones."""
    today = today or timezone.localdate()
    actions = list(plan_queryset(assessment))
    actions.sort(
        key=lambda a: (not a.is_open, not (a.is_open and a.due_date < today), a.due_date, a.pk)
    )
    return actions


def is_overdue(action: Action, today: date) -> bool:
    return action.is_open and action.due_date < today


def acceptance_of(assessment: Assessment) -> PlanAcceptance | None:
    """The evaluator's acceptance of the plan, with the accepted action ids (two queries)."""
    return (
        PlanAcceptance.objects.filter(assessment_id=assessment.pk)
        .select_related("accepted_by")
        .prefetch_related("actions")
        .first()
    )


def owners_for(organization_id: int) -> QuerySet[Any]:
    """Who can own an action: the company's owners and members."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__organization_id=organization_id,
            memberships__role__in=list(COMPANY_EDITORS),
        )
        .order_by("username")
    )


def evidence_choices(assessment: Assessment) -> QuerySet[Evidence]:
    """Files that can close an action of the plan: those attached to the assessment now."""
    return Evidence.objects.filter(assessment_id=assessment.pk).order_by("item_code", "pk")
