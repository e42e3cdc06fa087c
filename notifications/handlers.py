"""Where notifications come from: the events the other apps already record.

- an assessment's audit row (``AuditEvent``, written in the step's transaction): assigned,
  changes requested, approved or rejected; the row's creation is the one place every such step
  passes, so no lower app calls this one;
- the end of a report's render task (``django.tasks`` signal ``task_finished``): report ready;
- ``remediation.signals.action_assigned``: an action got its owner.

Answers are saved by SQL of their own and never pass here; every other audit row costs one
comparison.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_save
from django.tasks.signals import task_finished
from django.urls import reverse

from assessments.choices import AuditAction, Role
from assessments.models import AuditEvent, Membership
from notifications.choices import Kind
from notifications.services import notifications_create
from remediation.signals import action_assigned

logger = logging.getLogger(__name__)


def _never_blocks(handler: Callable[..., None]) -> Callable[..., None]:
    """A notification that cannot be written is logged, never raised into the step that sent
    it: the writes run in a savepoint (``notifications_create`` is atomic), so the step's own
    transaction goes on."""

    @functools.wraps(handler)
    def wrapped(*args: Any, **kwargs: Any) -> None:
        try:
            handler(*args, **kwargs)
        except Exception:
            logger.exception("could not create the notifications of %s", handler.__name__)

    return wrapped


STEP_KINDS = {
    AuditAction.REQUEST_CHANGES: Kind.CHANGES_REQUESTED,
    AuditAction.APPROVE: Kind.DECIDED,
    AuditAction.REJECT: Kind.DECIDED,
}
RENDER_TASK = "reports.tasks.render_report"


@_never_blocks
def on_audit_event(sender: Any, instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if not created or instance.action not in (AuditAction.ASSIGN, *STEP_KINDS):
        return
    assessment = instance.assessment
    system = assessment.system
    link = reverse("assessment-detail", args=[assessment.pk])
    params = {"system": system.name, "step": instance.action, "revision": assessment.revision}
    if instance.action == AuditAction.ASSIGN:
        assignee = instance.data.get("assignee")
        if assignee and assignee != instance.actor_id:
            # The assignee is mailed by the step itself (assessments.services.workflow).
            notifications_create(
                user_ids=[assignee],
                kind=Kind.ASSIGNED,
                params=params,
                assessment=assessment,
                link=link,
            )
        return
    # The same people the step mails: the company's owners and members.
    members = Membership.objects.filter(
        organization_id=system.organization_id, role__in=[Role.OWNER, Role.MEMBER]
    ).values_list("user_id", flat=True)
    notifications_create(
        user_ids=list(members),
        kind=STEP_KINDS[AuditAction(instance.action)],
        params=params,
        assessment=assessment,
        link=link,
    )


@_never_blocks
def on_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if task_result.task.module_path != RENDER_TASK:
        return
    from reports.choices import ReportStatus
    from reports.models import Report

    report_id = (task_result.kwargs or {}).get("report_id")
    if not isinstance(report_id, int):
        return
    report = (
        Report.objects.filter(pk=report_id, status=ReportStatus.READY)
        .select_related("assessment__system")
        .first()
    )
    if report is None:
        return
    notifications_create(
        user_ids=[report.issuer_id],
        kind=Kind.REPORT_READY,
        params={"system": report.assessment.system.name, "code": report.code},
        assessment=report.assessment,
        link=reverse("assessment-reports", args=[report.assessment_id]),
        key=f"report:{report.code}",
        mail=True,
    )


@_never_blocks
def on_action_assigned(sender: Any, action: Any, actor: Any, **kwargs: Any) -> None:
    if action.owner_id == actor.pk:
        return
    notifications_create(
        user_ids=[action.owner_id],
        kind=Kind.ASSIGNED,
        params={
            "action": action.pk,
            "title": action.title,
            "system": action.system.name,
            "due": action.due_date.isoformat(),
        },
        assessment=action.raised_in,
        link=reverse("remediation-action", args=[action.raised_in_id, action.pk]),
        mail=True,
    )


def connect() -> None:
    post_save.connect(on_audit_event, sender=AuditEvent, dispatch_uid="notifications-audit")
    task_finished.connect(on_task_finished, dispatch_uid="notifications-task-finished")
    action_assigned.connect(on_action_assigned, dispatch_uid="notifications-action-assigned")
