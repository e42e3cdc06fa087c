"""Signed-in sessions of a user (Django's database sessions, indexed by ``UserSession``): listed
on the sessions page, ended one by one, all but the current one, or all after a password reset."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from assessments.models import UserSession
from core.clientaddress import client_address


def session_record(*, request: HttpRequest, user: Any) -> None:
    """``user_logged_in``: remember whose the new session is, with its browser and address."""
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    assert key is not None
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user_id": user.pk,
            "user_agent": request.headers.get("User-Agent", "")[:300],
            "address": (client_address(request) or "")[:64],
        },
    )


def sessions_of(user: Any) -> list[UserSession]:
    """The user's sessions that still work, newest first (an index row whose session expired or
    was deleted is dropped here)."""
    rows = list(UserSession.objects.filter(user_id=user.pk).order_by("-created_at"))
    alive = set(
        Session.objects.filter(
            session_key__in=[r.session_key for r in rows], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    gone = [r.session_key for r in rows if r.session_key not in alive]
    if gone:
        UserSession.objects.filter(session_key__in=gone).delete()
    return [r for r in rows if r.session_key in alive]


@transaction.atomic
def session_end(*, actor: Any, session_key: str) -> bool:
    """End one of ``actor``'s sessions; False when it is not theirs (or gone)."""
    if not UserSession.objects.filter(user_id=actor.pk, session_key=session_key).exists():
        return False
    Session.objects.filter(session_key=session_key).delete()
    UserSession.objects.filter(session_key=session_key).delete()
    return True


@transaction.atomic
def sessions_end_others(*, actor: Any, keep: str | None) -> int:
    """End every session of ``actor`` except ``keep`` (the current one; None ends them all)."""
    rows = UserSession.objects.filter(user_id=actor.pk)
    if keep:
        rows = rows.exclude(session_key=keep)
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    rows.delete()
    return len(keys)
