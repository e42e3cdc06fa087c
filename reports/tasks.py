"""Background jobs of the reports app (Django tasks; the database backend runs them in
``manage.py db_worker``, tests run them immediately)."""

from __future__ import annotations

from django.tasks import task

from reports.services import report_render


@task()
def render_report(*, report_id: int, attempt: int) -> str:
    """Render report ``report_id`` (attempt ``attempt``); see ``reports.services.report_render``."""
    return report_render(report_id=report_id, attempt=attempt)
