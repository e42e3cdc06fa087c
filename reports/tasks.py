"""Background jobs of the reports app (Django tasks; the database backend runs them in
``manage.py db_worker``, tests run them immediately)."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from reports.rendering import report_expire_stale, report_render
from reports.validity import expiry_reminders_send


@task()
def render_report(*, report_id: int, attempt: int) -> str:
    """Render report ``report_id`` (attempt ``attempt``): ``reports.rendering.report_render``."""
    return report_render(report_id=report_id, attempt=attempt, watch_deadline=_watch_deadline)


def _watch_deadline(deadline: timedelta) -> None:
    """Have a worker check, once this render's deadline has passed, that it did not die midway.

    Called in the transaction that marks the report "rendering" (the database backend stores the
    task row in it), so the check exists whenever the status does. A backend that cannot defer a
    task runs it in this very process, where a render cannot outlive its worker: nothing to watch.
    """
    if expire_stale_reports.get_backend().supports_defer:
        run_after = timezone.now() + deadline + timedelta(seconds=1)
        expire_stale_reports.using(run_after=run_after).enqueue()


@task()
def expire_stale_reports() -> int:
    """Mark failed the reports whose render outlived its deadline (their worker died).

    Enqueued, to run after the deadline, by every render as it starts, in the transaction that
    marks the report "rendering": so a worker killed mid-render leaves this task behind for the
    next worker, and no request has to check (a GET writes nothing).
    """
    return report_expire_stale()


@task()
def send_expiry_reminders() -> int:
    """Daily: remind companies of evaluation reports expiring in 60, 30 and 7 days (once each).

    Enqueued by ``manage.py send_expiry_reminders``, which cron or a systemd timer runs daily."""
    return expiry_reminders_send()
