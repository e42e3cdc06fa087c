"""Writes of notifications: keyword-only, one transaction each (STYLE.md rule 2). Mail goes out
from a task once the write has committed, never inside the request."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Assessment
from config.exceptions import ApplicationError
from notifications.choices import Kind
from notifications.models import MailSwitch, Notification

logger = logging.getLogger(__name__)


@transaction.atomic
def notifications_create(
    *,
    user_ids: Iterable[int],
    kind: str,
    params: dict[str, Any],
    assessment: Assessment | None = None,
    link: str = "",
    key: str = "",
    mail: bool = False,
) -> list[Notification]:
    """One notification per user (a ``key`` already stored for a user is skipped); with
    ``mail``, their mail is queued once this commits (kinds a user switched off are not sent).

    ``mail`` is False for kinds whose mail another app already sends (review steps, expiry
    reminders): those apps ask ``selectors.mail_allowed`` through ``NOTIFICATION_MAIL_FILTER``.
    """
    wanted = list(dict.fromkeys(user_ids))
    if key:
        seen = set(
            Notification.objects.filter(user_id__in=wanted, key=key).values_list(
                "user_id", flat=True
            )
        )
        wanted = [pk for pk in wanted if pk not in seen]
    if not wanted:
        return []
    created = Notification.objects.bulk_create(
        [
            Notification(
                user_id=pk,
                kind=kind,
                params=params,
                assessment=assessment,
                link=link,
                key=key,
            )
            for pk in wanted
        ]
    )
    if mail:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _enqueue_mail(ids))
    return created


def _enqueue_mail(ids: list[int]) -> None:
    from notifications.tasks import send_notification_mail

    try:
        send_notification_mail.enqueue(notification_ids=ids)
    except Exception:
        logger.exception("could not queue the mail of %d notification(s)", len(ids))


@transaction.atomic
def notification_mark_read(*, actor: Any, notification_id: int) -> Notification:
    """Mark one of the actor's notifications read (someone else's is not found: 404)."""
    notification = Notification.objects.select_for_update().get(pk=notification_id, user=actor)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Any) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def mail_switches_set(*, actor: Any, mail: dict[str, bool]) -> None:
    """Switch the mail of each kind on or off for the actor; in-app notifications stay."""
    unknown = [kind for kind in mail if kind not in Kind.values]
    if unknown:
        raise ApplicationError(
            _("Unknown kind of notification."), extra={"fields": {"mail": unknown}}
        )
    for kind, on in mail.items():
        MailSwitch.objects.update_or_create(user=actor, kind=kind, defaults={"mail": on})
