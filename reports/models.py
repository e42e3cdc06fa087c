"""Report snapshots (DESIGN.md §6): an issued report is an immutable record of what was certified.

A report is created ``queued`` by ``reports.services.report_issue`` with the data it will show
(``data``, hashed into ``data_sha256``); the background task renders it to PDF, stores the bytes
and their SHA-256 and marks it ``ready``. From then on nothing about it may change: ``save()``,
``delete()`` and the queryset's ``update()``/``delete()`` refuse to touch a ready report.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from assessments.models import Assessment, Revision
from reports.choices import ReportKind, ReportLanguage, ReportStatus

# No 0/O, 1/I: a code is read aloud and typed from paper. 32 symbols, 8 of them: 40 random bits.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_PATTERN = re.compile(rf"^TC-\d{{4}}-[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}$")
SHA256_PATTERN = r"^[0-9a-f]{64}$"


def new_code(year: int) -> str:
    """A fresh code such as ``TC-2026-7KQ4-M2XD``: unguessable; uniqueness is the caller's job."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"TC-{year:04d}-{chars[:4]}-{chars[4:]}"


def report_path(instance: Report, filename: str) -> str:
    return f"reports/{instance.issued_at:%Y}/{instance.code}.pdf"


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: Any) -> ReportQuerySet:
        """Reports of the assessments the user can see; nothing else exists for them."""
        return self.filter(assessment__in=Assessment.objects.visible_to(user).values("pk"))

    def update(self, **kwargs: Any) -> int:
        # A ready report is a certified snapshot: bulk updates silently skip it.
        return super(ReportQuerySet, self.exclude(status=ReportStatus.READY)).update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(status=ReportStatus.READY).exists():
            raise PermissionError("a ready report is immutable")
        return super().delete()


class Report(models.Model):
    _stored_status: str | None = None  # the status as loaded, for the immutability guard

    code = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    language = models.CharField(max_length=2, choices=ReportLanguage.choices)
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="reports")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="reports")
    issuer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=1, help_text="render attempts so far")
    pdf = models.FileField(upload_to=report_path, max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the PDF bytes")
    size = models.PositiveBigIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    signed = models.BooleanField(default=False)
    data: models.JSONField[Any, Any] = models.JSONField(help_text="the data embedded in the PDF")
    data_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the canonical JSON of data")
    rendered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    valid_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="evaluation reports: issue time plus the evaluation body's validity period",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values), name="report_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=ReportLanguage.values), name="report_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(data_sha256__regex=SHA256_PATTERN), name="report_data_sha256_hex"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.READY)
                | (Q(sha256__regex=SHA256_PATTERN) & ~Q(pdf="")),
                name="report_ready_has_file",
            ),
        ]
        indexes = [
            models.Index(fields=["assessment", "-issued_at"], name="report_assessment_issued"),
            models.Index(fields=["status", "updated_at"], name="report_status_updated"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and self.is_frozen:
            raise PermissionError("a ready report is immutable")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.is_frozen:
            raise PermissionError("a ready report is immutable")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> Report:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._stored_status = self.status

    @property
    def is_frozen(self) -> bool:
        """Whether the stored row is ready, whatever this instance was changed to since."""
        if self._stored_status is None and self.pk is not None:
            self._stored_status = (
                Report.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            )
        return self._stored_status == ReportStatus.READY

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY


class ExpiryReminder(models.Model):
    """A reminder mailed before an evaluation report expires: one per report and threshold."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.PositiveSmallIntegerField(help_text="days before expiry: 60, 30 or 7")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "threshold"], name="one_reminder_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.threshold} days"
