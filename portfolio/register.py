"""The register as one read shared by the page, the API and the exports: whose register, which
rows after the filters, in which order, and whether the action columns exist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils import timezone

from assessments.models import Organization as Organisation
from portfolio.filtersets import RegisterFilterSet, sort_rows
from portfolio.selectors import (
    ActionCounts,
    RegisterRow,
    organisation_for,
    register_rows,
    systems_of,
)


@dataclass(frozen=True, slots=True)
class Register:
    organisation: Organisation
    filterset: RegisterFilterSet
    rows: list[RegisterRow]  # filtered and sorted; empty when the filters are invalid
    total: int  # systems before the filters
    with_actions: bool

    @property
    def valid(self) -> bool:
        return bool(self.filterset.is_valid())


def action_counts(organisation: Organisation) -> dict[int, ActionCounts] | None:
    """Open and overdue remediation actions per system, from the ``remediation`` app when it is
    installed (one query there); None without it, and the register leaves those columns out."""
    if not apps.is_installed("remediation"):
        return None
    from remediation.selectors import action_counts_by_system

    counts = action_counts_by_system(organisation.pk, today=timezone.localdate())
    return {pk: ActionCounts(open=c.open, overdue=c.overdue) for pk, c in counts.items()}


def register_for(
    user: Any, params: Mapping[str, Any], *, organisation_id: int | None = None
) -> Register:
    """The register ``user`` may read (404 outside a company), filtered and sorted by ``params``
    (the query string). Invalid parameters leave ``rows`` empty and the errors on the filter
    set's form, for the page to show and the API to answer 400 with."""
    organisation = organisation_for(user, organisation_id)
    systems = systems_of(organisation)
    actions = action_counts(organisation)
    rows = register_rows(organisation, systems=systems, actions=actions)
    filterset = RegisterFilterSet(params, queryset=systems, rows=rows)
    chosen: list[RegisterRow] = []
    if filterset.is_valid():
        keep = set(filterset.qs.values_list("pk", flat=True))
        chosen = sort_rows(
            [row for row in rows if row.system_id in keep], filterset.form.cleaned_data.get("sort")
        )
    return Register(organisation, filterset, chosen, len(rows), actions is not None)
