"""Shapes of the register API: one object per system, the page's columns as data."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from portfolio.duties import ARTICLES, DutyStatus
from portfolio.selectors import RegisterRow


class AssessmentBriefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.CharField()
    revision = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class ActionCountsSerializer(serializers.Serializer[Any]):
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class DutiesSerializer(serializers.Serializer[Any]):
    """Article → applies | not_applicable | undetermined."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            article: serializers.ChoiceField(choices=[s.value for s in DutyStatus])
            for article in ARTICLES
        }


class RegisterRowSerializer(serializers.Serializer[RegisterRow]):
    id = serializers.IntegerField(source="system_id")
    name = serializers.CharField(source="system.name")
    domain = serializers.CharField(source="system.domain")
    generative = serializers.BooleanField(source="system.generative")
    high_impact = serializers.ChoiceField(choices=["yes", "no", "pending", "none"])
    areas = serializers.ListField(child=serializers.CharField())
    act_areas = serializers.ListField(child=serializers.CharField())
    impact_level = serializers.IntegerField(allow_null=True)
    duties = serializers.SerializerMethodField()
    assessment = serializers.SerializerMethodField()
    score = serializers.FloatField(allow_null=True)
    rating = serializers.CharField(allow_null=True)
    verified = serializers.FloatField(allow_null=True, help_text="verified score, or null")
    verified_items = serializers.IntegerField(allow_null=True)
    scored_items = serializers.IntegerField(allow_null=True)
    outcome = serializers.CharField(allow_null=True, help_text="of the current evaluation report")
    report = serializers.SerializerMethodField()
    validity = serializers.ChoiceField(choices=["valid", "expiring", "expired", "none"])
    valid_until = serializers.DateTimeField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)
    actions = serializers.SerializerMethodField()

    def get_duties(self, row: RegisterRow) -> dict[str, str]:
        return {article: status.value for article, status in row.duties.items()}

    def get_assessment(self, row: RegisterRow) -> dict[str, Any] | None:
        a = row.assessment
        if a is None:
            return None
        return {"id": a.pk, "status": a.status, "revision": a.revision, "created_at": a.created_at}

    def get_report(self, row: RegisterRow) -> str | None:
        return row.report.code if row.report is not None else None

    def get_actions(self, row: RegisterRow) -> dict[str, int] | None:
        if row.actions is None:
            return None
        return {"open": row.actions.open, "overdue": row.actions.overdue}
