"""The reports list's filters, shared by ``GET /api/v1/reports/`` and the assessment's reports
page (see ``assessments.filtersets`` for how invalid values are answered)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from reports.choices import ReportKind, ReportLanguage, ReportStatus
from reports.models import Report

# Ids are 64-bit in every database we run on; a larger number could not even be bound (SQLite).
MAX_ID = 2**63 - 1


class IdFilter(django_filters.Filter):  # type: ignore[misc]  # django-filter has no stubs
    """A whole number from 1 to ``MAX_ID``: anything else is the field's error, not a 500."""

    field_class = forms.IntegerField


class ReportFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    assessment = IdFilter(
        field_name="assessment_id",
        min_value=1,
        max_value=MAX_ID,
        label=_("Assessment"),
        help_text=_("only the reports of this assessment"),
    )
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label=_("Kind"))
    language = django_filters.ChoiceFilter(choices=ReportLanguage.choices, label=_("Language"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))

    class Meta:
        model = Report
        fields = ["assessment", "kind", "language", "status"]
