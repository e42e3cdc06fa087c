"""Invitation links: a random key stored on the ``Invitation`` row, signed with Django's
``TimestampSigner`` (HMAC with ``SECRET_KEY``, salted for this use). The signature's timestamp is
the expiry (``INVITATION_MAX_AGE_DAYS``); the row makes the link single-use."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing

SALT = "trustcheck.invitation"


class InvalidLink(Exception):
    """The link was altered, made up, or is not one of ours."""


class ExpiredLink(Exception):
    """The link is genuine but older than ``INVITATION_MAX_AGE_DAYS``."""


def new_key() -> str:
    return secrets.token_urlsafe(24)


def max_age() -> timedelta:
    return timedelta(days=settings.INVITATION_MAX_AGE_DAYS)


def token_for(key: str) -> str:
    return signing.TimestampSigner(salt=SALT).sign(key)


def key_of(token: str) -> str:
    """The key a token carries, if its signature holds and it has not expired."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        return signer.unsign(token, max_age=max_age())
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise InvalidLink from error
