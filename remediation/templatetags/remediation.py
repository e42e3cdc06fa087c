"""``{% plan_condition assessment %}``: the plan the evaluator accepted as a condition, for the
decision page (a template of the assessments app, which imports nothing of remediation)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from remediation import selectors
from remediation.choices import OPEN_STATUSES

register = template.Library()


@register.inclusion_tag("remediation/_condition.html")
def plan_condition(assessment: Any) -> dict[str, Any]:
    acceptance = selectors.acceptance_of(assessment)
    today = timezone.localdate()
    return {
        "assessment": assessment,
        "acceptance": acceptance,
        "accepted": [
            {"action": a, "overdue": selectors.is_overdue(a, today)}
            for a in (acceptance.actions.select_related("owner") if acceptance else [])
        ],
    }


@register.simple_tag
def open_actions(assessment: Any) -> int:
    """How many actions of the plan seen from ``assessment`` are open (one query): the
    overview's link shows it, so a re-assessment shows what is still to do."""
    return selectors.plan_queryset(assessment).filter(status__in=list(OPEN_STATUSES)).count()
