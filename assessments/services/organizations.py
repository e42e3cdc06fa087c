"""Organisations, memberships, AI systems and starting an assessment of a system."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.choices import COMPANY_EDITORS, AuditAction, OrganizationKind, Role, Status
from assessments.models import AISystem, Assessment, Membership, Organization
from assessments.selectors import company_of, role_in
from assessments.services.answers import applicability_refresh
from assessments.services.common import PermissionRefused, audit
from assessments.services.profile import screening_profile_sync
from core.exceptions import ApplicationError

SYSTEM_FIELDS = (
    "name",
    "purpose",
    "domain",
    "domains",
    "deployment_context",
    "generative",
    "role",
    "user_groups",
)


@transaction.atomic
def organization_create(*, name: str, kind: OrganizationKind) -> Organization:
    organization = Organization(name=name, kind=kind)
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def membership_add(*, organization: Organization, user: Any, role: Role) -> Membership:
    membership = Membership(organization=organization, user=user, role=role)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def system_create(
    *, actor: Any, organization: Organization | None = None, **fields: Any
) -> AISystem:
    """Register an AI system for the actor's company; only its owners may."""
    organization = organization or company_of(actor)
    if organization is None or organization.kind != OrganizationKind.COMPANY:
        raise PermissionRefused("Only members of a company can register AI systems.")
    if role_in(actor, organization) != Role.OWNER:
        raise PermissionRefused("Only an owner of the company can register AI systems.")
    unknown = set(fields) - set(SYSTEM_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown fields: {sorted(unknown)}")
    if AISystem.objects.filter(organization=organization, name=fields.get("name")).exists():
        raise ApplicationError(
            "The company already has a system of that name.",
            extra={"fields": {"name": ["already used"]}},
        )
    system = AISystem(organization=organization, created_by=actor, **fields)
    system.sync_domains()  # before the field checks: ``domain`` follows ``domains``
    system.full_clean()
    system.save()
    return system


@transaction.atomic
def system_update(*, actor: Any, system: AISystem, **fields: Any) -> AISystem:
    """Change an AI system's profile; open assessments re-derive their applicable checklists."""
    if role_in(actor, system.organization_id) != Role.OWNER:
        raise PermissionRefused("Only an owner of the company can edit its AI systems.")
    system = AISystem.objects.select_for_update().get(pk=system.pk)
    if "domain" in fields and "domains" not in fields:
        fields = {**fields, "domains": [fields["domain"]]}  # one domain given: the only one now
    for name, value in fields.items():
        if name not in SYSTEM_FIELDS:
            raise ApplicationError(f"Unknown field: {name}")
        setattr(system, name, value)
    if (
        "name" in fields
        and AISystem.objects.filter(organization=system.organization_id, name=system.name)
        .exclude(pk=system.pk)
        .exists()
    ):
        raise ApplicationError(
            "The company already has a system of that name.",
            extra={"fields": {"name": ["already used"]}},
        )
    system.sync_domains()
    system.full_clean()
    system.save()
    for assessment in system.assessments.filter(status__in=["draft", "changes_requested"]):
        applicability_refresh(actor=actor, assessment=assessment)
        screening_profile_sync(actor=actor, assessment=assessment)
    return system


@transaction.atomic
def assessment_create(*, actor: Any, system: AISystem) -> Assessment:
    """Start an assessment of ``system``: the screening plus what the profile already implies."""
    if role_in(actor, system.organization_id) not in COMPANY_EDITORS:
        raise PermissionRefused(_("Only the company's owners and members can start assessments."))
    assessment = Assessment(system=system, created_by=actor)
    assessment.full_clean()
    assessment.save()
    audit(assessment=assessment, actor=actor, action=AuditAction.CREATE, to_status=Status.DRAFT)
    applicability_refresh(actor=actor, assessment=assessment)
    screening_profile_sync(actor=actor, assessment=assessment)  # what the profile already says
    return assessment
