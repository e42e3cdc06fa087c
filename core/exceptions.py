"""One place that shapes every API error as ``{"message": ..., "extra": {...}}`` (STYLE.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A business rule refused the operation; services raise it, the handler renders it.

    ``status_code`` is 400 by default; 409 for conflicts with the current state.
    """

    status_code: int = status.HTTP_400_BAD_REQUEST

    def __init__(
        self, message: str, *, extra: dict[str, Any] | None = None, status_code: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        if status_code is not None:
            self.status_code = status_code


_MESSAGES = {
    exceptions.ParseError: "The request body is not valid JSON or form data.",
    exceptions.ValidationError: "The request has invalid fields.",
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "extra": exc.extra}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        message = _MESSAGES[exceptions.ValidationError]
        extra: dict[str, Any] = {"fields": response.data}
    elif isinstance(exc, exceptions.ParseError):
        message = f"{_MESSAGES[exceptions.ParseError]} {exc.detail!s}"
        extra = {}
    elif isinstance(exc, exceptions.APIException):
        message = str(exc.detail if not isinstance(exc.detail, dict | list) else exc.default_detail)
        extra = {"code": exc.get_codes() if not isinstance(exc.detail, str) else exc.default_code}
        if isinstance(exc.detail, dict | list):
            extra["detail"] = response.data
    else:  # pragma: no cover - exception_handler only answers APIException and the two above
        message, extra = str(exc), {}
    response.data = {"message": str(message), "extra": extra}
    return response
