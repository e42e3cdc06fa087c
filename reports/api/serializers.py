"""Shapes of the reports API. Serializers check shape only; services check the rules."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from reports.choices import ReportKind, ReportLanguage
from reports.models import Report
from reports.selectors import display_name


class ReportCreateSerializer(serializers.Serializer[Any]):
    assessment = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    kind = serializers.ChoiceField(choices=ReportKind.values)
    language = serializers.ChoiceField(choices=ReportLanguage.values)


class ReportQueuedSerializer(serializers.ModelSerializer[Report]):
    class Meta:
        model = Report
        fields = ["id", "code", "status"]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer[Report]):
    revision = serializers.IntegerField(source="revision.number", read_only=True)
    issuer = serializers.SerializerMethodField()
    sha256 = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "code",
            "kind",
            "language",
            "status",
            "assessment",
            "revision",
            "issuer",
            "issued_at",
            "rendered_at",
            "sha256",
            "data_sha256",
            "size",
            "pages",
            "signed",
            "attempts",
            "error",
        ]
        read_only_fields = fields

    def get_issuer(self, report: Report) -> str:
        return display_name(report.issuer)

    def get_sha256(self, report: Report) -> str | None:
        return report.sha256 or None


class VerifyUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=True)


class SignatureSerializer(serializers.Serializer[Any]):
    signed = serializers.BooleanField()
    valid = serializers.BooleanField(allow_null=True)
    trusted = serializers.BooleanField(allow_null=True)
    signer = serializers.CharField()


class ValiditySerializer(serializers.Serializer[Any]):
    """Evaluation reports only (null for a self-assessment report)."""

    status = serializers.ChoiceField(choices=["valid", "expired", "superseded"])
    valid_until = serializers.DateTimeField()
    days_left = serializers.IntegerField()


class VerificationSerializer(serializers.Serializer[Any]):
    """The public record of an issued report: metadata only, never its content."""

    code = serializers.CharField()
    kind = serializers.CharField()
    language = serializers.CharField()
    issued_at = serializers.DateTimeField()
    organisation = serializers.CharField()
    system = serializers.CharField()
    result = serializers.DictField()
    sha256 = serializers.CharField(help_text="SHA-256 of the PDF file")
    data_sha256 = serializers.CharField(
        help_text="SHA-256 of the report data (report-data.json), printed on the report"
    )
    signature = SignatureSerializer()
    validity = ValiditySerializer(allow_null=True)


class VerifyMatchSerializer(serializers.Serializer[Any]):
    match = serializers.BooleanField()
