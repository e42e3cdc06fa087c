"""A checklist and its published versions; the document itself is validated JSON (DESIGN.md §3)."""

from __future__ import annotations

from typing import Any

from django.db import models

from checklists.schema import Domain, Kind


class Checklist(models.Model):
    """A questionnaire identified by its slug; its content lives in versions."""

    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=[(k.value, k.value) for k in Kind])
    domain = models.CharField(max_length=40, choices=[(d.value, d.value) for d in Domain])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class ChecklistVersionQuerySet(models.QuerySet["ChecklistVersion"]):
    def latest_per_checklist(self) -> ChecklistVersionQuerySet:
        """The newest version of each checklist, by semantic version (one query)."""
        newest = self.filter(checklist=models.OuterRef("checklist")).order_by(
            "-major", "-minor", "-patch"
        )
        return self.filter(pk=models.Subquery(newest.values("pk")[:1]))


class ChecklistVersion(models.Model):
    """One published, immutable version of a checklist: its validated document and its SHA-256."""

    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=32)
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    patch = models.PositiveIntegerField()
    document: models.JSONField[Any, Any] = models.JSONField()
    sha256 = models.CharField(max_length=64)
    item_count = models.PositiveIntegerField()
    # The document's title, kept beside it so that lists need not read whole documents.
    title: models.JSONField[Any, Any] = models.JSONField()
    source_path = models.CharField(max_length=255, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)

    objects = ChecklistVersionQuerySet.as_manager()

    class Meta:
        ordering = ["checklist__slug", "-major", "-minor", "-patch"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "version"], name="unique_checklist_version"
            ),
            models.UniqueConstraint(
                fields=["checklist", "major", "minor", "patch"], name="unique_checklist_semver"
            ),
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="checklist_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checklist.slug}@{self.version}"

    @property
    def label(self) -> str:
        return f"{self.checklist.slug}@{self.version}"
