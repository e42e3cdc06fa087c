"""Query-string filters, one FilterSet per list, shared by the API and the pages.

The API applies them through django-filter's DRF backend (an invalid value is a field-level 400:
``extra.fields.<name>``); the pages bind the same FilterSet to ``request.GET`` and show its form's
errors next to the field. Neither ignores a value it does not understand.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assessments.choices import DOMAIN_LABELS, Status
from assessments.models import Assessment
from checklists.schema import Domain

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _domains() -> list[tuple[str, str]]:
    return [(d.value, str(DOMAIN_LABELS.get(d.value, d.value))) for d in Domain]


class AssessmentFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # no stubs
    """The review queue's filters; also ``GET /api/v1/assessments/`` (status, domain,
    high_impact)."""

    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    domain = django_filters.ChoiceFilter(
        choices=_domains, method="filter_domain", label=_("Domain")
    )
    high_impact = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_high_impact", label=_("High-impact")
    )

    class Meta:
        model = Assessment
        fields = ["status", "domain", "high_impact"]

    def filter_domain(
        self, queryset: QuerySet[Assessment], name: str, value: Any
    ) -> QuerySet[Assessment]:
        # One of the system's domains (a JSON list of quoted names; the quotes keep "finance"
        # from matching inside another name).
        return queryset.filter(system__domains__icontains=f'"{value}"')

    def filter_high_impact(
        self, queryset: QuerySet[Assessment], name: str, value: Any
    ) -> QuerySet[Assessment]:
        return queryset.filter(screening__high_impact=(value == "yes"))
