"""Sign-in throttling shared by every sign-in path (the page, the Django admin, the token endpoint).

Each password check first *takes an attempt* from two counters: one for the user name
(``LOGIN_FAILURE_LIMIT``) and one for the client address (``LOGIN_FAILURE_LIMIT_PER_ADDRESS``,
against password spraying across many names), both over ``LOGIN_FAILURE_WINDOW_SECONDS``. Taking an
attempt is one conditional UPDATE (or the INSERT of a new counter), so parallel requests cannot all
pass a check and then count: at most the limit of passwords are ever checked in a window. A
successful sign-in clears its name's counter and gives its attempt back to the address.

The check lives in the authentication backend (``assessments.backends.LockoutModelBackend``), so
every caller of ``django.contrib.auth.authenticate`` is counted, whatever its form or view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from assessments.models import LoginThrottle

# Set on the request when a sign-in was refused without checking the password, so that forms and
# views can say why (Django's ``authenticate`` only reports "no user").
LOCKED_ATTRIBUTE = "trustcheck_sign_in_locked"


@dataclass(frozen=True)
class Attempt:
    """The counters one password check was charged to."""

    user_key: str
    address_key: str | None


def _user_key(username: str) -> str:
    return "user:" + username.strip().casefold()[:150]


def _take(key: str, limit: int, now: datetime) -> bool:
    expired = Q(window_started__lt=now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS))
    rows = LoginThrottle.objects.filter(key=key)

    def charge() -> bool:
        return (
            rows.filter(expired | Q(attempts__lt=limit)).update(
                attempts=Case(When(expired, then=Value(1)), default=F("attempts") + 1),
                window_started=Case(When(expired, then=Value(now)), default=F("window_started")),
            )
            == 1
        )

    if charge():
        return True
    if limit < 1:
        return False
    try:
        with transaction.atomic():
            LoginThrottle.objects.create(key=key, attempts=1, window_started=now)
    except IntegrityError:  # the counter exists (at its limit, or just created by a neighbour)
        return charge()
    throttles_prune()  # a new name or address: drop the counters whose window has passed
    return True


def _give_back(key: str) -> None:
    LoginThrottle.objects.filter(key=key, attempts__gt=0).update(attempts=F("attempts") - 1)


def attempt_take(*, username: str, address: str | None) -> Attempt | None:
    """Charge one password check to the name and the address; ``None`` when either is locked."""
    now = timezone.now()
    attempt = Attempt(_user_key(username), f"addr:{address}" if address else None)
    if not _take(attempt.user_key, settings.LOGIN_FAILURE_LIMIT, now):
        return None
    if attempt.address_key and not _take(
        attempt.address_key, settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS, now
    ):
        _give_back(attempt.user_key)
        return None
    return attempt


def attempt_succeeded(attempt: Attempt) -> None:
    """The password was right: the name starts afresh, the address gets its attempt back."""
    LoginThrottle.objects.filter(key=attempt.user_key).delete()
    if attempt.address_key:
        _give_back(attempt.address_key)


def throttles_prune() -> int:
    """Delete counters whose window has passed; returns how many."""
    cutoff = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginThrottle.objects.filter(window_started__lt=cutoff).delete()[0]


def reset_take(*, email: str, address: str | None) -> bool:
    """Charge one password-reset request to the e-mail address and to the client address, with
    the same counters as sign-ins (``PASSWORD_RESET_LIMIT`` and ``…_PER_ADDRESS`` within
    ``LOGIN_FAILURE_WINDOW_SECONDS``); False when either is used up. Charged whether or not an
    account has that address, so the answer never tells which addresses exist."""
    now = timezone.now()
    email_key = "reset:" + email.strip().casefold()[:180]
    if not _take(email_key, settings.PASSWORD_RESET_LIMIT, now):
        return False
    if address and not _take(
        f"reset-addr:{address}", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, now
    ):
        _give_back(email_key)
        return False
    return True
