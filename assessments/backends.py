"""The authentication backend every sign-in path goes through (page, admin, API token)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from assessments import lockout
from core.clientaddress import client_address


class LockoutModelBackend(ModelBackend):
    """Django's model backend behind the shared sign-in lockout (``assessments.lockout``).

    A locked name or address raises ``PermissionDenied``: ``authenticate`` then stops at once
    (no other backend is tried, the password is never checked) and sends ``user_login_failed``.
    """

    def authenticate(
        self,
        request: Any,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        address = client_address(request) if request is not None else None
        attempt = lockout.attempt_take(username=str(username), address=address or None)
        if attempt is None:
            if request is not None:
                setattr(request, lockout.LOCKED_ATTRIBUTE, True)
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            lockout.attempt_succeeded(attempt)
        return user
