"""How long an evaluation report stays valid, and the reminders before it expires.

An evaluation report is valid until its issue time plus the evaluation body's
``evaluation_validity_days`` (default 365), fixed when it is issued (``Report.valid_until``). It
is **superseded** once a newer evaluation report of the same AI system is ready (another
revision or assessment; the other language of the same revision does not count), else
**expired** after that day, else **valid**. Owners and members of the company are mailed once
per threshold (60, 30, 7 days before expiry) by ``expiry_reminders_send``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from assessments.choices import Role
from assessments.services.common import notify
from reports.choices import ReportKind, ReportStatus
from reports.models import ExpiryReminder, Report

THRESHOLDS = (60, 30, 7)
EXPIRING_WITHIN = 60


def valid_until(report: Report) -> datetime | None:
    if report.kind != ReportKind.EVALUATION:
        return None
    if report.valid_until is not None:
        return report.valid_until
    body = report.assessment.evaluation_body
    days = body.evaluation_validity_days if body is not None else 365
    return report.issued_at + timedelta(days=days)


def _newer() -> QuerySet[Report]:
    return Report.objects.filter(
        kind=ReportKind.EVALUATION,
        status=ReportStatus.READY,
        assessment__system_id=OuterRef("assessment__system_id"),
        issued_at__gt=OuterRef("issued_at"),
    ).exclude(revision_id=OuterRef("revision_id"))


def current_evaluations() -> QuerySet[Report]:
    """Ready evaluation reports that no newer one of the same system supersedes (one query)."""
    reports = Report.objects.filter(kind=ReportKind.EVALUATION, status=ReportStatus.READY)
    return reports.annotate(superseded=Exists(_newer())).filter(superseded=False)


def validity_of(report: Report, *, now: datetime | None = None) -> dict[str, Any] | None:
    """``{status: valid | expired | superseded, valid_until}``; None for a self-assessment."""
    until = valid_until(report)
    if until is None:
        return None
    now = now or timezone.now()
    superseded = (
        Report.objects.filter(
            kind=ReportKind.EVALUATION,
            status=ReportStatus.READY,
            assessment__system_id=report.assessment.system_id,
            issued_at__gt=report.issued_at,
        )
        .exclude(revision_id=report.revision_id)
        .exists()
    )
    status = "superseded" if superseded else ("expired" if until <= now else "valid")
    return {"status": status, "valid_until": until, "days_left": (until - now).days}


def expiring_for(organization_id: int, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """The company's systems whose current evaluation report is still valid but expires within
    60 days, soonest first (two queries)."""
    now = now or timezone.now()
    rows = (
        current_evaluations()
        .filter(
            assessment__system__organization_id=organization_id,
            valid_until__gt=now,
            valid_until__lte=now + timedelta(days=EXPIRING_WITHIN),
        )
        .select_related("assessment__system")
        .order_by("valid_until")
    )
    seen: set[int] = set()
    result = []
    for report in rows:
        system = report.assessment.system
        if system.pk in seen:
            continue
        seen.add(system.pk)
        assert report.valid_until is not None
        result.append(
            {
                "system": system,
                "report": report,
                "valid_until": report.valid_until,
                "days_left": (report.valid_until - now).days,
            }
        )
    return result


def expiry_reminders_send(*, now: datetime | None = None) -> int:
    """Mail the owners and members of each company whose current evaluation report expires
    within a threshold not yet reminded of; returns how many reminders were recorded. A late run
    sends one mail for the nearest threshold and records the ones it passed."""
    now = now or timezone.now()
    due = (
        current_evaluations()
        .filter(valid_until__gt=now, valid_until__lte=now + timedelta(days=max(THRESHOLDS)))
        .select_related("assessment__system__organization")
        .prefetch_related("reminders")
    )
    recorded = 0
    for report in due:
        assert report.valid_until is not None
        days_left = (report.valid_until - now).days
        sent = {reminder.threshold for reminder in report.reminders.all()}
        left = report.valid_until - now
        crossed = [t for t in THRESHOLDS if left <= timedelta(days=t) and t not in sent]
        if not crossed:
            continue
        with transaction.atomic():
            ExpiryReminder.objects.bulk_create(
                [ExpiryReminder(report=report, threshold=t, sent_at=now) for t in crossed],
                ignore_conflicts=True,
            )
            system = report.assessment.system
            with override(settings.LANGUAGE_CODE):
                notify(
                    organization_id=system.organization_id,
                    roles=[Role.OWNER, Role.MEMBER],
                    subject=_("Trust Check: the evaluation of %(system)s expires in %(days)d days")
                    % {"system": system.name, "days": days_left},
                    body=_(
                        "The evaluation report %(code)s of %(system)s is valid until %(date)s. "
                        "Start a re-assessment in time."
                    )
                    % {
                        "code": report.code,
                        "system": system.name,
                        "date": timezone.localtime(report.valid_until).date().isoformat(),
                    },
                    kind="evaluation_expiring",
                )
        recorded += len(crossed)
    return recorded
