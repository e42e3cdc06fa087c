"""``POST /api/v1/auth/token/`` with the same lockout as the sign-in page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import lockout


class TokenView(ObtainAuthToken):
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        username = str(request.data.get("username", "")) if hasattr(request.data, "get") else ""
        if username and lockout.is_locked(username):
            return Response(
                {"message": _("Too many failed sign-ins. Try again later."), "extra": {}},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        try:
            response = super().post(request, *args, **kwargs)
        except ValidationError:
            if username:
                lockout.failure_record(username=username, request=request._request)
            raise
        lockout.failures_clear(username=username)
        return response
