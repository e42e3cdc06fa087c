"""The Django admin for staff: organisations can be created and configured here; everything a
workflow owns (memberships, systems, assessments, audit trails, invitations) is read-only, because
those change only through services that check roles and write their audit events."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assessments.models import (
    AISystem,
    Assessment,
    AuditEvent,
    Invitation,
    Membership,
    Organization,
    OrganizationEvent,
)
from checklists.admin import ReadOnlyAdmin


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    """Members are listed; they join through invitations and leave through the team page."""

    model = Membership
    fields = ("user", "role", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("name", "kind", "require_two_factor", "evaluation_validity_days", "created_at")
    list_filter = ("kind", "require_two_factor")
    search_fields = ("name",)
    inlines = (MembershipInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # An organisation's kind decides the roles of its members: it is set once.
        return ("kind", "created_at") if obj is not None else ("created_at",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # systems, assessments and audit trails point to it (PROTECT)


@admin.register(AISystem)
class AISystemAdmin(ReadOnlyAdmin):
    list_display = ("name", "organization", "role", "generative", "created_at")
    list_filter = ("role", "generative")
    search_fields = ("name", "organization__name")
    list_select_related = ("organization",)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("pk", "system", "status", "revision", "evaluation_body", "updated_at")
    list_filter = ("status",)
    search_fields = ("system__name", "system__organization__name")
    list_select_related = ("system", "evaluation_body")
    exclude = ("screening",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "assessment", "actor", "action", "from_status", "to_status")
    list_filter = ("action",)
    list_select_related = ("assessment__system", "actor")


@admin.register(OrganizationEvent)
class OrganizationEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "organization", "actor", "action")
    list_filter = ("action",)
    list_select_related = ("organization", "actor")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "organization", "role", "sent_at", "accepted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("email", "organization__name")
    list_select_related = ("organization",)
    exclude = ("key",)  # the invitation link's secret
