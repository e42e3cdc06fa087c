"""Background jobs of notifications (``manage.py db_worker`` runs them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.selectors import mail_allowed
from notifications.texts import text_of


def _language(user: Any) -> str:
    preference = getattr(user, "preference", None)
    return preference.language if preference is not None else settings.LANGUAGE_CODE


@task()
def send_notification_mail(*, notification_ids: list[int]) -> int:
    """Mail these notifications to their users, each in the user's language, leaving out the
    kinds a user switched off and anything mailed already; returns how many were sent."""
    rows = list(
        Notification.objects.filter(pk__in=notification_ids, mailed_at__isnull=True)
        .exclude(user__email="")
        .select_related("user__preference")
    )
    allowed: set[tuple[int, str]] = set()
    for kind in {n.kind for n in rows}:
        users = [n.user_id for n in rows if n.kind == kind]
        allowed |= {(pk, kind) for pk in mail_allowed(user_ids=users, kind=kind)}
    base = (getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    messages = []
    sent = []
    for n in rows:
        if (n.user_id, n.kind) not in allowed:
            continue
        with translation.override(_language(n.user)):
            text = text_of(n.kind, n.params)
            subject = _("Trust Check: %(text)s") % {"text": text}
            body = f"{text}\n\n{base}{n.link}" if n.link else text
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [n.user.email]))
        sent.append(n.pk)
    count = send_mass_mail(tuple(messages)) if messages else 0
    Notification.objects.filter(pk__in=sent).update(mailed_at=timezone.now())
    return count


@task()
def due_notifications(*, today: str = "") -> int:
    """Actions due soon or overdue, and evaluations expiring: see ``notifications.due``."""
    from notifications.due import due_notifications_create

    return due_notifications_create(today=date.fromisoformat(today) if today else None)
