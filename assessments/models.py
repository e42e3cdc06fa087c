"""Organisations, AI systems, assessments and everything an assessment collects (DESIGN.md §1, §4).

Writes go through ``assessments.services``; reads that need scoping go through
``Assessment.objects.visible_to(user)`` and friends, so no view can forget the check.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.choices import (
    BODY_ROLES,
    COMPANY_ROLES,
    DOMAIN_LABELS,
    AuditAction,
    CriterionState,
    OrganizationKind,
    ReviewReason,
    Role,
    Status,
    SystemRole,
    TeamAction,
    VerdictChoice,
)
from checklists.models import ChecklistVersion
from checklists.schema import Domain

User = settings.AUTH_USER_MODEL


class Organization(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganizationKind.choices)
    require_two_factor = models.BooleanField(
        default=False,
        help_text="every member must sign in with a second factor (evaluators, leads and staff "
        "always must)",
    )
    evaluation_validity_days = models.PositiveIntegerField(
        default=365,
        db_default=365,
        help_text="evaluation bodies: how many days an evaluation report stays valid",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="unique_organization_name_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        allowed = (
            COMPANY_ROLES if self.organization.kind == OrganizationKind.COMPANY else BODY_ROLES
        )
        if self.role not in allowed:
            raise ValidationError(
                {"role": f"{self.role} is not a role in a {self.organization.kind}"}
            )


class AISystem(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="systems")
    name = models.CharField(max_length=200)
    purpose = models.TextField()
    # The first of ``domains``: kept so that filters, old readers and 1.x applicability rules
    # (which read one domain) see what they always saw. ``save`` keeps the two in step.
    domain = models.CharField(
        max_length=40, choices=[(d.value, DOMAIN_LABELS.get(d.value, d.value)) for d in Domain]
    )
    # Every domain the system works in, in the order given (e.g. ["healthcare", "chatbot"]): a JSON
    # list rather than an ArrayField or a join table, so it reads the same on SQLite and PostgreSQL.
    domains: models.JSONField[Any, Any] = models.JSONField(default=list, blank=True)
    deployment_context = models.TextField(blank=True)
    generative = models.BooleanField(default=False)
    role = models.CharField(max_length=20, choices=SystemRole.choices, default=SystemRole.OPERATOR)
    user_groups = models.TextField(
        blank=True, help_text="Who uses the system and who is affected by it"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="unique_system_name_per_org"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sync_domains()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"domain", "domains"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "domain", "domains"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Domains are known values, each once, at least one; ``domain`` is the first."""
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        self.sync_domains()
        if not isinstance(self.domains, list) or not self.domains:
            raise ValidationError({"domains": [_("Choose at least one domain.")]})
        known = {d.value for d in Domain}
        unknown = [d for d in self.domains if not isinstance(d, str) or d not in known]
        if unknown:
            raise ValidationError(
                {
                    "domains": [
                        _("%(value)s is not a known domain.") % {"value": value}
                        for value in unknown
                    ]
                }
            )
        if len(set(self.domains)) != len(self.domains):
            raise ValidationError({"domains": [_("A domain is listed twice.")]})

    def get_domains_display(self) -> str:
        """The domains as people read them, in order: "Healthcare, Chatbot"."""
        return ", ".join(
            str(DOMAIN_LABELS.get(value, value)) for value in (self.domains or [self.domain])
        )

    def sync_domains(self) -> None:
        """``domains`` is the truth; a system given only ``domain`` gets it as its one domain."""
        if not self.domains and self.domain:
            self.domains = [self.domain]
        elif isinstance(self.domains, list) and self.domains and isinstance(self.domains[0], str):
            self.domain = self.domains[0]


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, user: Any) -> AssessmentQuerySet:
        """The one scoping rule: a company sees its own; a body sees what was submitted to it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        memberships = Membership.objects.filter(user=user)
        companies = memberships.filter(role__in=COMPANY_ROLES).values("organization")
        bodies = memberships.filter(role__in=BODY_ROLES).values("organization")
        return self.filter(
            Q(system__organization__in=companies)
            | (
                Q(evaluation_body__in=bodies, revision__gte=1, evaluation_body__isnull=False)
                & ~Q(status=Status.WITHDRAWN)  # a withdrawn assessment is the company's alone
            )
        )


class Assessment(models.Model):
    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(default=0, help_text="how many times it was submitted")
    evaluation_body = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_assessments",
    )
    evaluation_version = models.ForeignKey(
        ChecklistVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the evaluator a lead gave it to: only they (or a lead) may claim it",
    )
    opinion = models.TextField(blank=True, help_text="the evaluator's opinion with the decision")
    approval_override = models.TextField(
        blank=True,
        help_text="why it was approved although the reliability outcome is fail (empty: no "
        "override)",
    )
    rules_version = models.CharField(max_length=32, blank=True)
    # The evaluator's scoping step: {"excluded": [criterion codes out of scope], "tta": [TTA
    # requirement numbers in scope], "set": true once recorded}. Empty: every criterion in scope
    # (how assessments rated before the step existed keep their outcome).
    evaluation_scope: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    screening: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reassessments",
        help_text="the assessment this one re-assesses (its last revision pre-filled this one)",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(revision__gte=1) | Q(status=Status.WITHDRAWN),
                name="assessment_submitted_has_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system} #{self.pk}"


class AssessmentChecklist(models.Model):
    """A checklist version that applies to an assessment, and why (from the screening rules)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="applicable")
    version = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    reason: models.JSONField[Any, Any] = models.JSONField(default=dict)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "version"], name="unique_assessment_version"
            ),
        ]

    def __str__(self) -> str:
        return f"assessment {self.assessment_id}: version {self.version_id}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="+"
    )
    item_code = models.CharField(max_length=40)
    # None: a comment written before an answer was chosen (unanswered; never without a comment).
    value: models.JSONField[Any, Any] = models.JSONField(null=True)
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    # Set when a content upgrade or a re-assessment carried the answer over and a person has to
    # look at it again ("changed": the item changed; "carried": taken from an earlier revision);
    # blocks submit until the answer is confirmed or changed. The database default keeps raw
    # INSERTs that do not name the column valid.
    review_reason = models.CharField(
        max_length=20, choices=ReviewReason.choices, blank=True, default="", db_default=""
    )
    carried_from = models.PositiveIntegerField(
        null=True, blank=True, help_text="the revision number a re-assessment carried it from"
    )
    # Set when the answer was written from what the screening or the profile already decided
    # (applicability.yaml ``prefill``), e.g. "high-impact-screening:HIS-SCOPE-04"; cleared as soon
    # as a person writes the answer, after which pre-filling never touches it again.
    prefilled_from = models.CharField(max_length=100, blank=True, default="", db_default="")
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "checklist_version", "item_code"],
                name="unique_answer_per_item",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(comment=""),
                name="answer_value_or_comment",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="answer_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.item_code} v{self.version}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # The stored name is random: the user's file name is kept in ``name`` and never touches a path.
    return f"evidence/{instance.assessment_id}/{uuid.uuid4().hex}"


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def as_of(self, moment: Any) -> EvidenceQuerySet:
        """The files attached at ``moment`` (a revision's submit): uploaded by then, not removed."""
        return self.filter(uploaded_at__lte=moment).filter(
            models.Q(removed_at__isnull=True) | models.Q(removed_at__gt=moment)
        )


class CurrentEvidenceManager(models.Manager["Evidence"]):
    """Files attached now: what the fill and review pages, the API and the submit check see."""

    def get_queryset(self) -> EvidenceQuerySet:
        return EvidenceQuerySet(self.model, using=self._db).filter(removed_at__isnull=True)


class Evidence(models.Model):
    """A file attached to an item.

    A file that was part of a submitted revision is never deleted: removing it only sets
    ``removed_at``, so that revision (its review and its reports) still lists it; ``objects``
    hides it, ``history.as_of(revision.created_at)`` finds it.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="+"
    )
    item_code = models.CharField(max_length=40)
    file = models.FileField(upload_to=evidence_path, max_length=255)
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CurrentEvidenceManager()
    history = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "evidence"
        base_manager_name = "history"

    def __str__(self) -> str:
        return self.name


class Revision(models.Model):
    """What was submitted: answers and scores frozen at each submit, for reviews and reports."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    checklists: models.JSONField[Any, Any] = models.JSONField()
    answers: models.JSONField[Any, Any] = models.JSONField()
    scores: models.JSONField[Any, Any] = models.JSONField()
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="unique_revision_number"),
        ]

    def __str__(self) -> str:
        return f"assessment {self.assessment_id} revision {self.number}"


class ItemVerdict(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="verdicts")
    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="+"
    )
    item_code = models.CharField(max_length=40)
    verdict = models.CharField(max_length=30, choices=VerdictChoice.choices)
    remark = models.TextField(blank=True)
    revision = models.PositiveIntegerField(help_text="the revision the verdict was given on")
    evaluator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "checklist_version", "item_code"],
                name="unique_verdict_per_item",
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=VerdictChoice.values), name="verdict_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.verdict}"


class CriterionRating(models.Model):
    """One criterion of the reliability rubric as the evaluator recorded it.

    ``state`` says what was recorded: ``rated`` with a level 0-4 in ``rating`` (for a measured
    criterion also the measured ``value``, whose level the rubric's cut points give), or
    ``not_applicable`` / ``not_evaluated`` with ``rating`` empty. Rows from before the states
    existed were migrated faithfully: a level is ``rated``, an empty rating ``not_applicable``.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.CharField(max_length=40)
    state = models.CharField(
        max_length=20, choices=CriterionState.choices, default=CriterionState.RATED
    )
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0-4 when rated; empty otherwise"
    )
    value = models.FloatField(
        null=True, blank=True, help_text="the measured value of a measured criterion"
    )
    source = models.TextField(
        blank=True, help_text="where a measured value comes from (a test report, a tool run)"
    )
    rationale = models.TextField(blank=True)
    evaluator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="unique_rating_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__lte=4), name="rating_in_range"
            ),
            models.CheckConstraint(
                condition=Q(state=CriterionState.RATED, rating__isnull=False)
                | (
                    Q(state__in=[CriterionState.NOT_APPLICABLE, CriterionState.NOT_EVALUATED])
                    & Q(rating__isnull=True, value__isnull=True)
                ),
                name="rating_fits_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.rating}"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AppendOnly(models.Model):
    """An audit trail's row: written once, never changed or deleted by the application (the
    database refuses it too, see the triggers in the migrations)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, 'action', '')} by {getattr(self, 'actor_id', '')}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(AppendOnly):
    """Append-only trail: who did what to an assessment, when, from which state to which."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    data: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Invitation(models.Model):
    """An invitation to join an organisation with a role, sent to an e-mail address.

    The link carries ``key`` signed with Django's ``TimestampSigner`` (``assessments.invitations``);
    the signature's age is the expiry and this row is the single use: accepted, revoked, or a
    resend (which draws a new key) ends every earlier link.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    key = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.role})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class OrganizationEvent(AppendOnly):
    """Append-only trail of an organisation's team: invitations, role changes, removals.

    Kept apart from ``AuditEvent``, which belongs to one assessment; ``member`` stays set after a
    removal (the user is never deleted), so past events keep their names."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=30, choices=TeamAction.choices)
    member = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(blank=True)
    data: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class UserPreference(models.Model):
    """Per-user settings that outlive a session: the interface language."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="preference")
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class LoginThrottle(models.Model):
    """Sign-in attempts of one user name or client address in a window (``assessments.lockout``)."""

    key = models.CharField(max_length=200, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    window_started = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.attempts} since {self.window_started}"


class UserSession(models.Model):
    """Which signed-in session belongs to whom (``assessments.services.sessions``): Django's
    session table is keyed by an opaque key, so this index lets a user list and end their own."""

    session_key = models.CharField(max_length=40, primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    user_agent = models.CharField(max_length=300, blank=True)
    address = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.user_agent[:40]}"


class VerifiedToken(models.Model):
    """An API token (django-rest-knox) issued after a second-factor check
    (``POST /api/v1/auth/token/`` with ``otp``): it counts as verified, like its session would."""

    token = models.OneToOneField(
        settings.KNOX_TOKEN_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    verified_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"token {self.token_id} verified {self.verified_at}"
