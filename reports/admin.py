from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    """Read-only: reports are issued through the service and never edited."""

    list_display = [
        "code",
        "kind",
        "language",
        "status",
        "assessment",
        "issuer",
        "issued_at",
        "signed",
    ]
    list_filter = ["kind", "language", "status", "signed"]
    search_fields = ["code", "sha256"]
    exclude = ["data"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
