"""Remediation plans: actions a company takes on its findings (issue 12, part 1).

An action belongs to the AI system and the item codes it is about, so it outlives the
assessment where it was raised (``raised_in``): revisions and re-assessments of the same
system show it while it is open. Writes go through ``remediation.services``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.models import AISystem, Assessment, Evidence
from remediation.choices import ActionEventKind, ActionSource, ActionStatus

User = settings.AUTH_USER_MODEL


class Action(models.Model):
    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="actions")
    raised_in = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        related_name="raised_actions",
        help_text="the assessment whose finding the action answers",
    )
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=20, choices=ActionSource.choices)
    # [{"checklist": slug, "item": code}, ...]: item codes are stable across content versions.
    items: models.JSONField[Any, Any] = models.JSONField(default=list)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    status_reason = models.TextField(
        blank=True, help_text="why the risk is accepted (required for accepted_risk)"
    )
    # What closed it (required for done): an answer or note, and/or a file of the assessment.
    closing_note = models.TextField(blank=True)
    closing_evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["system", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=ActionSource.values), name="action_source_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.ACCEPTED_RISK) | ~Q(status_reason=""),
                name="action_accepted_risk_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE)
                | ~Q(closing_note="")
                | Q(closing_evidence__isnull=False),
                name="action_done_has_closing",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionEvent(models.Model):
    """The history of one action: who created or changed it, and what changed."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ActionEventKind.choices)
    data: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} of action {self.action_id}"


class PlanAcceptance(models.Model):
    """An evaluator accepted the company's plan (these actions) as a condition of the decision."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="plan_acceptance"
    )
    actions = models.ManyToManyField(Action, related_name="acceptances")
    comment = models.TextField(blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"plan of assessment {self.assessment_id}"
