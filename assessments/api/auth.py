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
        # The lockout itself is in the authentication backend (assessments.backends); a refused
        # attempt is a 429 here rather than "wrong user name or password".
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, lockout.LOCKED_ATTRIBUTE, False):
                return Response(
                    {"message": _("Too many failed sign-ins. Try again later."), "extra": {}},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            raise
