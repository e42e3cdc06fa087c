"""What every assessment service shares: the audit row, role checks, notifications."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from rest_framework import status

from assessments.choices import AuditAction
from assessments.models import Assessment, AuditEvent, Membership
from assessments.tasks import send_notifications
from config.exceptions import ApplicationError

logger = logging.getLogger(__name__)


class PermissionRefused(ApplicationError):
    """The actor may see the object but not do this to it (403)."""

    status_code = status.HTTP_403_FORBIDDEN


class Conflict(ApplicationError):
    """The request was based on a state that has changed since (409)."""

    status_code = status.HTTP_409_CONFLICT


def audit(
    *,
    assessment: Assessment,
    actor: Any,
    action: AuditAction,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event; call inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        assessment=assessment,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        data=data or {},
    )


def mail_allowed(user_ids: list[int], kind: str) -> set[int]:
    """Which of these users take mail of ``kind``: all, unless ``NOTIFICATION_MAIL_FILTER``
    names a function that knows each user's switches (the notifications app, which this app
    does not import: the dependency points the other way)."""
    path = getattr(settings, "NOTIFICATION_MAIL_FILTER", "")
    if not kind or not path or not user_ids:
        return set(user_ids)
    allowed: set[int] = import_string(path)(user_ids=user_ids, kind=kind)
    return allowed


def notify(
    *, organization_id: int, roles: Iterable[str], subject: str, body: str, kind: str = ""
) -> None:
    """E-mail the organisation's members with ``roles``: queued once the transaction commits.
    ``kind`` names the notification, so that users who switched its mail off are left out."""
    members = list(
        Membership.objects.filter(organization_id=organization_id, role__in=list(roles))
        .exclude(user__email="")
        .values_list("user_id", "user__email")
    )
    allowed = mail_allowed([user_id for user_id, _address in members], kind)
    recipients = [address for user_id, address in members if user_id in allowed]
    if not recipients:
        return
    sender = settings.DEFAULT_FROM_EMAIL
    messages = [[str(subject), str(body), sender, [address]] for address in recipients]
    transaction.on_commit(lambda: _enqueue(messages))


def send_to(*, addresses: Iterable[str], subject: str, body: str) -> None:
    """E-mail the given addresses (one message each): queued once the transaction commits."""
    sender = settings.DEFAULT_FROM_EMAIL
    messages = [[str(subject), str(body), sender, [address]] for address in addresses if address]
    if messages:
        transaction.on_commit(lambda: _enqueue(messages))


def notify_user(*, user: Any, subject: str, body: str, kind: str = "") -> None:
    """E-mail one user (an assignee), if they have an address and take mail of ``kind``;
    queued once committed."""
    if user.pk not in mail_allowed([user.pk], kind):
        return
    send_to(addresses=[user.email or ""], subject=subject, body=body)


def _enqueue(messages: list[list[Any]]) -> None:
    # The step has committed; the mail goes out from a worker (assessments.tasks), so a slow or
    # unreachable mail server neither delays the request nor turns the step into an error.
    try:
        send_notifications.enqueue(messages=messages)
    except Exception:
        logger.exception("could not queue %d notification(s)", len(messages))
