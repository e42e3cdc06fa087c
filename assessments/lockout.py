"""Sign-in throttling: after ``LOGIN_FAILURE_LIMIT`` failures for one user name within the window,
that name is locked until the window passes. Shared by the sign-in page and the token endpoint,
stored in the database so every web process sees the same count."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from assessments.models import FailedLogin


def _window_start() -> datetime:
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def is_locked(username: str) -> bool:
    recent = FailedLogin.objects.filter(username__iexact=username.strip(), at__gte=_window_start())
    return recent.count() >= settings.LOGIN_FAILURE_LIMIT


def failure_record(*, username: str, request: HttpRequest | None) -> None:
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    FailedLogin.objects.create(username=username.strip()[:150], address=address or None)
    FailedLogin.objects.filter(at__lt=_window_start()).delete()  # keep the table small


def failures_clear(*, username: str) -> None:
    FailedLogin.objects.filter(username__iexact=username.strip()).delete()
