"""Every write of the reports app: issue, render (the background task's body), retry.

Rules (DESIGN.md §6; decided where it was silent):
- A self-assessment report may be issued by the company's owners and members once the assessment
  has been submitted at least once (it shows the latest revision). Viewers only read reports.
- An evaluation report may be issued by the evaluator who claimed the assessment, or a lead of its
  evaluation body, once the assessment is approved or rejected.
- Nobody issues a report of a withdrawn assessment.
- Everyone who can see the assessment can see and download its ready reports.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.choices import AuditAction, Status
from assessments.models import Assessment, Organization, Revision
from assessments.permissions import capabilities, report_act
from assessments.services import Conflict, PermissionRefused
from assessments.services.common import audit
from core.exceptions import ApplicationError
from reports import selectors
from reports.choices import ReportKind, ReportLanguage, ReportStatus
from reports.models import Report, new_code
from reports.rendering import QUEUE_PATIENCE, report_expire_stale
from reports.tasks import render_report

logger = logging.getLogger(__name__)


def _check_may_issue(actor: Any, assessment: Assessment, kind: str) -> None:
    """Role and claim from the workflow table (``permissions``), then the state."""
    may = capabilities(actor, assessment)
    act = report_act(kind)
    refused = may.refusal(act)
    if refused is not None:
        raise PermissionRefused(refused)
    if kind == ReportKind.SELF_ASSESSMENT:
        if assessment.revision < 1:
            raise Conflict(
                _("Submit the assessment before issuing a report."),
                extra={"status": assessment.status},
            )
    elif not may.in_state_for(act):
        raise Conflict(
            _("An evaluation report is issued once the assessment is approved or rejected."),
            extra={"status": assessment.status},
        )
    if assessment.status == Status.WITHDRAWN:
        raise Conflict(_("The assessment was withdrawn."), extra={"status": assessment.status})


IN_FLIGHT = (ReportStatus.QUEUED, ReportStatus.RENDERING)


def _check_fair_share(*, actor: Any, assessment: Assessment, kind: str) -> None:
    """At most ``REPORT_MAX_IN_FLIGHT_PER_USER`` reports queued or rendering per issuer and
    ``REPORT_MAX_IN_FLIGHT_PER_ORGANIZATION`` per issuing organisation (the company for
    self-assessment reports, the evaluation body for evaluation reports), so that one busy member
    cannot fill the render queue for everyone. The organisation's row is locked while counting, so
    parallel requests of one organisation count one after the other."""
    company = kind == ReportKind.SELF_ASSESSMENT
    organization_id = (
        assessment.system.organization_id if company else assessment.evaluation_body_id
    )
    Organization.objects.select_for_update().filter(pk=organization_id or 0).first()
    in_flight = Report.objects.filter(status__in=IN_FLIGHT)
    per_user = settings.REPORT_MAX_IN_FLIGHT_PER_USER
    if in_flight.filter(issuer=actor).count() >= per_user:
        raise ApplicationError(
            _(
                "You have %(limit)d reports being prepared, at most %(limit)d reports at a time; "
                "try again when one is ready."
            )
            % {"limit": per_user},
            extra={"limit": per_user, "scope": "user"},
            status_code=429,
        )
    per_organization = settings.REPORT_MAX_IN_FLIGHT_PER_ORGANIZATION
    mine = (
        Q(kind=ReportKind.SELF_ASSESSMENT, assessment__system__organization_id=organization_id)
        if company
        else Q(kind=ReportKind.EVALUATION, assessment__evaluation_body_id=organization_id)
    )
    if in_flight.filter(mine).count() >= per_organization:
        raise ApplicationError(
            _(
                "Your organisation has %(limit)d reports being prepared, at most %(limit)d reports "
                "at a time; try again when one is ready."
            )
            % {"limit": per_organization},
            extra={"limit": per_organization, "scope": "organisation"},
            status_code=429,
        )


def _validated(kind: str, language: str) -> None:
    fields = {}
    if kind not in ReportKind.values:
        fields["kind"] = [f"one of {ReportKind.values}"]
    if language not in ReportLanguage.values:
        fields["language"] = [f"one of {ReportLanguage.values}"]
    if fields:
        raise ApplicationError(_("The request has invalid fields."), extra={"fields": fields})


class NotConfigured(ApplicationError):
    """The site lacks a setting the operation needs: the operator's to fix, not the user's."""

    status_code = 503


@transaction.atomic
def report_issue(
    *, actor: Any, assessment: Assessment, kind: str, language: str, request_base: str = ""
) -> Report:
    """Issue a report of the assessment's latest revision and queue its rendering.

    The data is frozen now (``Report.data``); the PDF follows in the background. The task row of
    the database backend is written in this same transaction, so a report is never queued without
    its task, and the task never sees an uncommitted report. A ``report`` audit event (code, kind,
    language, revision, data hash) is written in the same transaction.

    The QR code and verification address lead to ``PUBLIC_BASE_URL`` (in development without it,
    to ``request_base``, the address the issuing request came in on); with neither the report is
    refused with a 503 that names the setting, before anything is written.
    """
    _validated(kind, language)
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related(
            "system__organization", "evaluation_body", "claimed_by", "evaluation_version__checklist"
        )
        .get(pk=assessment.pk)
    )
    _check_may_issue(actor, assessment, kind)
    base_url = selectors.public_base_url(request_base)
    if not base_url:
        raise NotConfigured(
            _(
                "Reports cannot be issued yet: the site's public address (PUBLIC_BASE_URL) is "
                "not configured, so the report's QR code would lead nowhere. Ask the site's "
                "administrator to set it."
            ),
            extra={"setting": "PUBLIC_BASE_URL"},
        )
    revision = Revision.objects.select_related("submitted_by").get(
        assessment=assessment, number=assessment.revision
    )
    # The same request while one is in flight is that report (the assessment's row lock above
    # makes concurrent identical requests wait here and find it).
    in_flight = Report.objects.filter(status__in=IN_FLIGHT)
    same = in_flight.filter(
        assessment=assessment, revision=revision, kind=kind, language=language, issuer=actor
    ).first()
    if same is not None:
        return same
    _check_fair_share(actor=actor, assessment=assessment, kind=kind)
    issued_at = timezone.now()
    for _attempt in range(5):
        code = new_code(timezone.localtime(issued_at).year)
        if not Report.objects.filter(code=code).exists():
            break
    else:  # pragma: no cover - 2^40 codes a year
        raise Conflict(_("Could not allocate a report code; try again."))
    data = selectors.snapshot_data(
        assessment=assessment,
        revision=revision,
        kind=kind,
        language=language,
        code=code,
        issued_at=issued_at,
        issuer=actor,
        verify_url=selectors.verify_url(code, base_url),
    )
    report = Report(
        code=code,
        kind=kind,
        language=language,
        assessment=assessment,
        revision=revision,
        issuer=actor,
        issued_at=issued_at,
        data=data,
        data_sha256=selectors.data_sha256(data),
    )
    if kind == ReportKind.EVALUATION and assessment.evaluation_body is not None:
        report.valid_until = issued_at + timedelta(
            days=assessment.evaluation_body.evaluation_validity_days
        )
    report.full_clean()
    report.save()
    audit(
        assessment=assessment,
        actor=actor,
        action=AuditAction.REPORT,
        data={
            "report": report.code,
            "kind": kind,
            "language": language,
            "revision": revision.number,
            "data_sha256": report.data_sha256,
        },
    )
    _enqueue(report)
    return report


def _enqueue(report: Report) -> None:
    render_report.enqueue(report_id=report.pk, attempt=report.attempts)


@transaction.atomic
def report_retry(*, actor: Any, report: Report) -> Report:
    """Queue a failed report again (or one queued for too long); same code, same data."""
    report_expire_stale()
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("assessment__system")
        .get(pk=report.pk)
    )
    stale = (
        report.status == ReportStatus.QUEUED and report.updated_at < timezone.now() - QUEUE_PATIENCE
    )
    if report.status != ReportStatus.FAILED and not stale:
        raise Conflict(
            _("Only a failed report can be rendered again."), extra={"status": report.status}
        )
    assessment = report.assessment
    may = capabilities(actor, assessment)
    allowed = may.can_edit if report.kind == ReportKind.SELF_ASSESSMENT else may.is_reviewer
    if not allowed and report.issuer_id != actor.pk:
        raise PermissionRefused(_("Only those who may issue this report can render it again."))
    report.status = ReportStatus.QUEUED
    report.error = ""
    report.attempts += 1
    report.save(update_fields=["status", "error", "attempts", "updated_at"])
    _enqueue(report)
    return report
