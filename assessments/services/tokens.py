"""API tokens (django-rest-knox): hashed in the database, expiring after ``API_TOKEN_TTL_HOURS``,
one per client, listed and revoked by their owner, and all ended when the password changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken

from assessments.models import VerifiedToken

# A token's public id: the start of its digest (the hash), never a part of the secret itself.
ID_LENGTH = 16


def tokens_of(user: Any) -> QuerySet[Any]:
    """The user's tokens that still work, newest first."""
    working: QuerySet[Any] = AuthToken.objects.filter(user=user, expiry__gt=timezone.now())
    return working.order_by("-created")


def token_id(token: AuthToken) -> str:
    return str(token.digest[:ID_LENGTH])


@transaction.atomic
def token_issue(*, actor: Any, verified: bool = False) -> tuple[AuthToken, str]:
    """A new token for ``actor`` (already authenticated); returns the row and the secret, which is
    shown once and stored only as its hash. Expired tokens of the user are removed. ``verified``:
    issued after a second-factor check, so it may review, decide and issue reports."""
    AuthToken.objects.filter(user=actor, expiry__lte=timezone.now()).delete()
    instance, secret = AuthToken.objects.create(
        user=actor, expiry=timedelta(hours=settings.API_TOKEN_TTL_HOURS)
    )
    if verified:
        VerifiedToken.objects.create(token=instance)
    return instance, secret


def totp_check(*, device: Any, code: str) -> bool:
    """Whether ``code`` is a current code of the TOTP ``device``; django-otp refuses a code
    already used (it keeps the last time step) and slows down repeated failures."""
    with transaction.atomic():
        return bool(device.verify_token(code.replace(" ", "")))


@transaction.atomic
def token_revoke(*, actor: Any, token: str) -> bool:
    """Revoke one of ``actor``'s tokens by its public id; False when there is none."""
    if len(token) != ID_LENGTH:
        return False
    deleted, _by_model = AuthToken.objects.filter(user=actor, digest__startswith=token).delete()
    return bool(deleted > 0)


@transaction.atomic
def tokens_revoke_all(*, actor: Any) -> int:
    """Revoke every token of ``actor``; returns how many still worked."""
    working = tokens_of(actor).count()
    AuthToken.objects.filter(user=actor).delete()
    return working


def revoke_on_password_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``pre_save`` of the user model: a new password ends every token, whichever way it was set
    (the password page, the admin, ``changepassword``, ``set_password`` in code)."""
    update_fields = kwargs.get("update_fields")
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        AuthToken.objects.filter(user_id=instance.pk).delete()
