"""The reports layer's boxes on other apps' pages: the dashboard shows a company's evaluations
that expire soon through ``{% expiring_evaluations organization_id %}``, so assessments' views
never import reports (the import-linter layers in ``pyproject.toml``)."""

from __future__ import annotations

from typing import Any

from django import template

from reports.validity import expiring_for

register = template.Library()


@register.inclusion_tag("reports/_expiring.html")
def expiring_evaluations(organization_id: int | str | None) -> dict[str, Any]:
    """The "evaluations expiring within 60 days" box of a company; nothing without a company
    (a user with no membership gives ``None``, or the empty string of a missing variable)."""
    return {"expiring": expiring_for(int(organization_id)) if organization_id else []}
