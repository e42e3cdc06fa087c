"""The worker side of reports: rendering a queued report and failing renders whose worker died.

Called by the tasks in ``reports.tasks`` (and by ``reports.services`` for the stale check before a
retry); imports neither, so ``services → tasks → rendering`` has no cycle.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports import selectors, signing
from reports.choices import ReportKind, ReportStatus
from reports.context import build_report_context
from reports.errors import RenderError
from reports.models import Report

logger = logging.getLogger(__name__)

# A render is over within REPORT_RENDER_TIMEOUT (the child is killed then) plus the time to sign
# and store the bytes; a report still "rendering" after that lost its worker.
RENDER_GRACE = timedelta(seconds=10)
# A report may wait "queued" while every worker is busy; only after this long is it given up on.
QUEUE_PATIENCE = timedelta(hours=1)


def render_deadline() -> timedelta:
    """How long a report may stay "rendering" before it counts as abandoned by its worker."""
    return timedelta(seconds=settings.REPORT_RENDER_TIMEOUT) + RENDER_GRACE


def report_expire_stale() -> int:
    """Mark failed every report still rendering past its deadline (its worker was killed or
    crashed), so that it can be retried, and their task rows with them. Run by the
    ``expire_stale_reports`` task that each render enqueues as it starts, and by a retry; never
    by a read."""
    cutoff = timezone.now() - render_deadline()
    message = "The renderer stopped before it finished (its worker ended); render it again."
    stale = list(
        Report.objects.filter(status=ReportStatus.RENDERING, updated_at__lt=cutoff).values_list(
            "pk", "attempts"
        )
    )
    if not stale:  # the usual case: one read, no write lock
        return 0
    with transaction.atomic():
        now = timezone.now()
        failed = Report.objects.filter(
            pk__in=[pk for pk, _attempts in stale],
            status=ReportStatus.RENDERING,
            updated_at__lt=cutoff,
        ).update(status=ReportStatus.FAILED, error=message, updated_at=now)
        _task_rows_fail(stale, message, now)
    return failed


def _task_rows_fail(reports: list[tuple[int, int]], message: str, now: datetime) -> None:
    """The dead worker's task rows (django-tasks-db) would stay RUNNING for ever: fail them too."""
    from django_tasks_db.models import DBTaskResult

    for report_id, attempt in reports:
        DBTaskResult.objects.filter(
            status="RUNNING",
            task_path="reports.tasks.render_report",
            args_kwargs__kwargs__report_id=report_id,
            args_kwargs__kwargs__attempt=attempt,
        ).update(
            status="FAILED",
            finished_at=now,
            exception_class_path="reports.errors.RenderError",
            traceback=message,
        )


def report_render(
    *, report_id: int, attempt: int, watch_deadline: Callable[[timedelta], None]
) -> str:
    """Render one queued report: the background task's body. Returns the final status.

    Idempotent: a duplicate or outdated task (another attempt, a report no longer queued) does
    nothing. The PDF is rendered to bytes in a sandboxed child process, then stored in one go; any
    failure marks the report failed with a message and leaves no file behind.

    ``watch_deadline(deadline)`` runs in the transaction that marks the report "rendering": the
    task wrapper (``reports.tasks``) passes one that schedules the stale-render check, so this
    module never imports the tasks that import it.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status != ReportStatus.QUEUED or report.attempts != attempt:
            return report.status if report else "missing"
        report.status = ReportStatus.RENDERING
        report.save(update_fields=["status", "updated_at"])
        watch_deadline(render_deadline())
    stored = ""
    try:
        pdf, pages, signed = _render_bytes(report)
        digest = hashlib.sha256(pdf).hexdigest()
        stored = report.pdf.storage.save(
            report.pdf.field.generate_filename(report, f"{report.code}.pdf"), ContentFile(pdf)
        )
        with transaction.atomic():
            updated = Report.objects.filter(
                pk=report.pk, status=ReportStatus.RENDERING, attempts=attempt
            ).update(
                status=ReportStatus.READY,
                pdf=stored,
                sha256=digest,
                size=len(pdf),
                pages=pages,
                signed=signed,
                rendered_at=timezone.now(),
                updated_at=timezone.now(),
                error="",
            )
            if not updated:
                raise IntegrityError("the report changed while it was rendering")
    except Exception as exc:
        if stored:
            report.pdf.storage.delete(stored)
        logger.exception("report %s failed to render", report.code)
        message = (
            str(exc)
            if isinstance(exc, RenderError | signing.SigningError)
            else f"{type(exc).__name__}: {exc}"
        )
        Report.objects.filter(pk=report.pk, status=ReportStatus.RENDERING, attempts=attempt).update(
            status=ReportStatus.FAILED, error=message[:2000], updated_at=timezone.now()
        )
        return ReportStatus.FAILED
    return ReportStatus.READY


def _render_bytes(report: Report) -> tuple[bytes, int, bool]:
    data_json = selectors.canonical_json(report.data)
    if hashlib.sha256(data_json).hexdigest() != report.data_sha256:
        raise RenderError("the stored report data does not match its SHA-256")
    documents, criteria = selectors.documents_for(report.data)
    context = build_report_context(
        data=report.data,
        documents=documents,
        evaluation_document=criteria,
        # Reports issued before the address was part of their data: the configured one.
        verify_url=report.data["report"].get("verify_url")
        or selectors.verify_url(report.code, selectors.public_base_url()),
        data_sha256=report.data_sha256,
    )
    from reports.render import render_pdf  # WeasyPrint loads in workers only, not in web processes

    output = render_pdf(context, data_json=data_json, created=report.issued_at)
    pdf = output.pdf
    signed = False
    if report.kind == ReportKind.EVALUATION:
        body = report.assessment.evaluation_body
        config = signing.config_for(body.pk if body else None, body.name if body else None)
        if config is not None:
            pdf = signing.sign_pdf(
                pdf, config, reason=f"Trust Check evaluation report {report.code}"
            )
            signed = True
    return pdf, output.pages, signed
