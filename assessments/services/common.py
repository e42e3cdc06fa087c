"""What every assessment service shares: the audit row, role checks, notifications."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from rest_framework import status

from assessments.choices import AuditAction
from assessments.models import Assessment, AuditEvent, Membership
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


def notify(*, organization_id: int, roles: Iterable[str], subject: str, body: str) -> None:
    """E-mail the organisation's members with ``roles`` once the transaction commits."""
    recipients = list(
        Membership.objects.filter(organization_id=organization_id, role__in=list(roles))
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    sender = settings.DEFAULT_FROM_EMAIL
    messages = tuple((subject, body, sender, [address]) for address in recipients)
    transaction.on_commit(lambda: _send(messages))


def _send(messages: tuple[tuple[str, str, str, list[str]], ...]) -> None:
    # The step has committed; a mail server that is down must not turn it into an error.
    try:
        send_mass_mail(messages)
    except Exception:
        logger.exception("could not send %d notification(s)", len(messages))
