"""Versions are published by ``load_checklists`` and never edited: the admin only lists them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from checklists.models import Checklist, ChecklistVersion


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Checklist)
class ChecklistAdmin(ReadOnlyAdmin):
    list_display = ("slug", "kind", "domain", "created_at")
    list_filter = ("kind", "domain")
    search_fields = ("slug",)


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(ReadOnlyAdmin):
    list_display = ("checklist", "version", "item_count", "sha256", "published_at")
    list_filter = ("checklist__kind", "checklist__domain")
    search_fields = ("checklist__slug", "version", "sha256")
    list_select_related = ("checklist",)
    readonly_fields = (
        "checklist",
        "version",
        "item_count",
        "sha256",
        "source_path",
        "published_at",
        "document",
    )
    exclude = ("major", "minor", "patch")
