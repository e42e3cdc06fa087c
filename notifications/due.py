"""Notifications that come from the calendar, not from a step: an action due within
``ACTION_DUE_SOON_DAYS`` (3) days or overdue (once each per due date), and an evaluation
expiring (one per reminder that ``reports.validity`` recorded and mailed)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from assessments.choices import Role
from assessments.models import Membership
from notifications.choices import Kind
from notifications.services import notifications_create
from remediation.choices import OPEN_STATUSES
from remediation.models import Action
from reports.models import ExpiryReminder

REMINDERS_LOOK_BACK_DAYS = 30


def due_notifications_create(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    soon = today + timedelta(days=getattr(settings, "ACTION_DUE_SOON_DAYS", 3))
    created = 0
    due = Action.objects.filter(status__in=list(OPEN_STATUSES), due_date__lte=soon)
    for action in due.select_related("system"):
        overdue = action.due_date < today
        created += len(
            notifications_create(
                user_ids=[action.owner_id],
                kind=Kind.ACTION_DUE,
                params={
                    "title": action.title,
                    "system": action.system.name,
                    "due": action.due_date.isoformat(),
                    "overdue": overdue,
                },
                assessment=action.raised_in,
                link=reverse("remediation-action", args=[action.raised_in_id, action.pk]),
                key=f"action_due:{action.pk}:{action.due_date}:{'late' if overdue else 'soon'}",
                mail=True,
            )
        )
    since = timezone.now() - timedelta(days=REMINDERS_LOOK_BACK_DAYS)
    reminders = ExpiryReminder.objects.filter(sent_at__gte=since).select_related(
        "report__assessment__system"
    )
    # One notification per report and nearest threshold: a late run that recorded 60, 30 and 7
    # at once mailed once, and is listed once.
    nearest: dict[int, ExpiryReminder] = {}
    for reminder in reminders:
        kept = nearest.get(reminder.report_id)
        if kept is None or reminder.threshold < kept.threshold:
            nearest[reminder.report_id] = reminder
    for reminder in nearest.values():
        report = reminder.report
        system = report.assessment.system
        members = Membership.objects.filter(
            organization_id=system.organization_id, role__in=[Role.OWNER, Role.MEMBER]
        ).values_list("user_id", flat=True)
        assert report.valid_until is not None
        created += len(
            notifications_create(
                user_ids=list(members),
                kind=Kind.EVALUATION_EXPIRING,
                params={
                    "system": system.name,
                    "code": report.code,
                    "days": max(0, (report.valid_until - timezone.now()).days),
                },
                assessment=report.assessment,
                link=reverse("assessment-reports", args=[report.assessment_id]),
                key=f"expiring:{report.pk}:{reminder.threshold}",
                mail=False,  # reports.validity mailed it (minus the users who switched it off)
            )
        )
    return created
