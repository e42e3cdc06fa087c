"""The register's filters and sort, one ``FilterSet`` for the page, the API and the exports.

Domain and name are filtered in SQL. The other filters read what the register derives (the
screening, the duties, the evaluation's validity), so they keep the systems whose row matches:
the rows are computed once (``register_rows``) and handed to the filter set, whose methods narrow
the queryset to those systems' ids. ``sort`` is checked here and applied to the rows
(``sort_rows``), since most columns are not database columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from assessments.choices import Status
from assessments.models import AISystem
from checklists.labels import DOMAIN_LABELS
from checklists.schema import Domain
from portfolio.duties import ARTICLES, DutyStatus
from portfolio.selectors import RegisterRow

ALL = _("All")
HIGH_IMPACT = [
    ("yes", _("High-impact")),
    ("no", _("Not high-impact")),
    ("pending", _("Screening not finished")),
    ("none", _("Not screened")),
]
IMPACT_LEVELS = [("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV"), ("none", _("None"))]
OUTCOMES = [
    ("pass", _("Pass")),
    ("conditional", _("Conditional pass")),
    ("fail", _("Fail")),
    ("none", _("No evaluation")),
]
VALIDITY = [
    ("valid", _("Valid")),
    ("expiring", _("Expires within 90 days")),
    ("expired", _("Expired")),
    ("none", _("No evaluation")),
]
VERIFIED = [("yes", _("Verified")), ("no", _("Self-reported only"))]

_HIGH_IMPACT_ORDER = {"yes": 0, "pending": 1, "no": 2, "none": 3}
_OUTCOME_ORDER = {"pass": 0, "conditional": 1, "fail": 2}

SORT_KEYS: dict[str, Callable[[RegisterRow], Any]] = {
    "name": lambda r: r.system.name.casefold(),
    "domain": lambda r: str(r.system.get_domain_display()).casefold(),
    "high_impact": lambda r: _HIGH_IMPACT_ORDER[r.high_impact],
    "impact_level": lambda r: r.impact_level,
    "assessed": lambda r: r.assessment.created_at if r.assessment is not None else None,
    "score": lambda r: r.score,
    "verified": lambda r: r.verified,
    "outcome": lambda r: _OUTCOME_ORDER.get(r.outcome or ""),
    "valid_until": lambda r: r.valid_until,
    "open_actions": lambda r: r.actions.open if r.actions is not None else None,
    "overdue_actions": lambda r: r.actions.overdue if r.actions is not None else None,
}
SORTS = [(f"{sign}{key}", f"{sign}{key}") for key in SORT_KEYS for sign in ("", "-")]


def _matches(row: RegisterRow, name: str, value: str) -> bool:
    if name == "high_impact":
        return row.high_impact == value
    if name == "impact_level":
        return str(row.impact_level or "none") == value
    if name == "duty":
        return row.duties[value] is DutyStatus.APPLIES
    if name == "outcome":
        return (row.outcome or "none") == value
    if name == "validity":
        return row.validity == value
    if name == "verified":
        return row.is_verified == (value == "yes")
    if name == "status":
        return (row.assessment.status if row.assessment is not None else "none") == value
    if name == "overdue":
        return row.actions is not None and (row.actions.overdue > 0) == (value == "yes")
    raise ValueError(name)


class RegisterFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    q = django_filters.CharFilter(method="by_name", label=_("Name contains"), max_length=200)
    domain = django_filters.ChoiceFilter(
        field_name="domain",
        empty_label=ALL,
        choices=[(d.value, DOMAIN_LABELS.get(d.value, d.value)) for d in Domain],
        label=_("Domain"),
    )
    status = django_filters.ChoiceFilter(
        method="by_row",
        empty_label=ALL,
        choices=[*Status.choices, ("none", _("No assessment"))],
        label=_("Last assessment"),
    )
    high_impact = django_filters.ChoiceFilter(
        method="by_row", empty_label=ALL, choices=HIGH_IMPACT, label=_("High-impact status")
    )
    impact_level = django_filters.ChoiceFilter(
        method="by_row", empty_label=ALL, choices=IMPACT_LEVELS, label=_("Impact level")
    )
    duty = django_filters.ChoiceFilter(
        method="by_row",
        empty_label=ALL,
        choices=[(a, _("Art. %(article)s applies") % {"article": a}) for a in ARTICLES],
        label=_("Duty"),
    )
    verified = django_filters.ChoiceFilter(
        method="by_row", empty_label=ALL, choices=VERIFIED, label=_("Verification")
    )
    outcome = django_filters.ChoiceFilter(
        method="by_row", empty_label=ALL, choices=OUTCOMES, label=_("Evaluation outcome")
    )
    validity = django_filters.ChoiceFilter(
        method="by_row", empty_label=ALL, choices=VALIDITY, label=_("Evaluation validity")
    )
    overdue = django_filters.ChoiceFilter(
        method="by_row",
        empty_label=ALL,
        choices=[("yes", _("With overdue actions")), ("no", _("No overdue action"))],
        label=_("Overdue actions"),
    )
    sort = django_filters.ChoiceFilter(
        method="keep", choices=SORTS, label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = AISystem
        fields = ["q", "domain"]

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[AISystem] | None = None,
        *,
        rows: Sequence[RegisterRow] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        self.rows = rows

    def by_name(self, queryset: QuerySet[AISystem], name: str, value: str) -> QuerySet[AISystem]:
        return queryset.filter(Q(name__icontains=value)) if value else queryset

    def by_row(self, queryset: QuerySet[AISystem], name: str, value: str) -> QuerySet[AISystem]:
        if not value:
            return queryset
        return queryset.filter(pk__in=[r.system_id for r in self.rows if _matches(r, name, value)])

    def keep(self, queryset: QuerySet[AISystem], name: str, value: str) -> QuerySet[AISystem]:
        return queryset


def sort_rows(rows: Sequence[RegisterRow], sort: str | None) -> list[RegisterRow]:
    """Rows in ``sort`` order (``name``, ``-score``, …); rows without the value always last,
    ties by name."""
    sort = sort or "name"
    descending = sort.startswith("-")
    key = SORT_KEYS[sort.lstrip("-")]
    by_name = sorted(rows, key=lambda r: (r.system.name.casefold(), r.system_id))
    present = [r for r in by_name if key(r) is not None]
    missing = [r for r in by_name if key(r) is None]
    return sorted(present, key=key, reverse=descending) + missing
