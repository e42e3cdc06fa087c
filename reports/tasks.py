"""Background jobs of the reports app (Django tasks; the database backend runs them in
``manage.py db_worker``, tests run them immediately)."""

from __future__ import annotations

from django.tasks import task

from reports.services import report_expire_stale, report_render


@task()
def render_report(*, report_id: int, attempt: int) -> str:
    """Render report ``report_id`` (attempt ``attempt``); see ``reports.services.report_render``."""
    return report_render(report_id=report_id, attempt=attempt)


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
    from reports.validity import expiry_reminders_send

    return expiry_reminders_send()
