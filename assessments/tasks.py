"""Background jobs of the assessments app (Django tasks; ``manage.py db_worker`` runs them,
tests run them immediately)."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mass_mail
from django.tasks import task


@task()
def send_notifications(*, messages: list[list[Any]]) -> int:
    """Send notification e-mails, each ``[subject, body, sender, [recipient, ...]]``; returns how
    many were sent.

    Enqueued by ``notify`` once the workflow step has committed, so that a slow or unreachable
    mail server never holds up the request; a failure is recorded on the task's result (the
    database backend keeps it with its traceback), not raised into a step that already happened.
    """
    return send_mass_mail(
        tuple((subject, body, sender, list(to)) for subject, body, sender, to in messages)
    )
