"""Reads of notifications; each costs a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from notifications.choices import Kind
from notifications.models import MailSwitch, Notification


def notifications_of(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first: the only scope there is."""
    return Notification.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def mail_allowed(*, user_ids: list[int], kind: str) -> set[int]:
    """Which users take the mail of ``kind`` (one query): all but those who switched it off.
    ``assessments.services.common`` calls it through ``NOTIFICATION_MAIL_FILTER``."""
    off = set(
        MailSwitch.objects.filter(user_id__in=user_ids, kind=kind, mail=False).values_list(
            "user_id", flat=True
        )
    )
    return {pk for pk in user_ids if pk not in off}


def switches_of(user: Any) -> dict[str, bool]:
    """Mail on or off for every kind (on unless switched off)."""
    stored = dict(MailSwitch.objects.filter(user_id=user.pk).values_list("kind", "mail"))
    return {kind: stored.get(kind, True) for kind in Kind.values}
