"""Reads of remediation plans; each costs a fixed number of queries, however many actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from remediation.choices import OPEN_STATUSES
from remediation.models import Action


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
