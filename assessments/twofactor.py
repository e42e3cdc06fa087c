"""Two-factor sign-in (django-otp): who must use it, and the one check every review, decision and
report path goes through.

A TOTP device (``django_otp.plugins.otp_totp``) is the second factor; a static device
(``otp_static``) holds the recovery codes, each usable once. A session is verified when it
signed in with either (``request.user.is_verified()``, set by django-otp's middleware); an API
token is verified when it was issued with a current TOTP code (``VerifiedToken``).

Evaluators, leads and staff must use it before they review, decide or issue a report; an
evaluation body (or a company) can require it of all its members
(``Organization.require_two_factor``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from assessments.choices import BODY_ROLES
from assessments.models import Membership, VerifiedToken

RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "authenticator"


def is_required(user: Any) -> bool:
    """Whether ``user`` must sign in with a second factor to review, decide or issue reports."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    return bool(
        Membership.objects.filter(user_id=user.pk)
        .filter(Q(role__in=BODY_ROLES) | Q(organization__require_two_factor=True))
        .exists()
    )


def totp_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator, if any."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def has_device(user: Any) -> bool:
    return bool(
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()
        or StaticDevice.objects.filter(user_id=user.pk, confirmed=True).exists()
    )


def is_verified(request: Any) -> bool:
    """Whether this request passed a second factor: its session (django-otp's middleware) or,
    for the API, its token (issued with a TOTP code)."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, AuthToken):
        return VerifiedToken.objects.filter(token=auth).exists()
    is_verified_method = getattr(request.user, "is_verified", None)
    return bool(is_verified_method is not None and is_verified_method())


def missing(request: Any) -> bool:
    """The one check: the user must use a second factor and this request has not passed one."""
    return is_required(request.user) and not is_verified(request)


def page_redirect(request: HttpRequest) -> HttpResponse:
    """Where a page sends a user who must pass a second factor first, coming back afterwards."""
    target = "two-factor" if not has_device(request.user) else "two-factor-verify"
    return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))


def second_factor_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For review, decision and report pages: a user who must use two-factor sign-in and has
    not is sent to enrolment (no device yet) or to the code step (a device, an older session)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if missing(request):
            return page_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped


def api_require(request: Any) -> None:
    """For the API's review, decision and report writes: 403 with what to do."""
    if missing(request):
        raise exceptions.PermissionDenied(SecondFactor.message)


class SecondFactor(BasePermission):
    """For the API's review, decision and report actions (writes): 403 with what to do."""

    message = gettext_lazy(
        "This action needs two-factor sign-in: set up an authenticator on the two-factor page, "
        "then ask for a token with a current code (the otp field)."
    )

    def has_permission(self, request: Any, view: Any) -> bool:
        return not missing(request)
