"""Request size limits: refused with 413 before the body is read, in the API's error shape on
``/api/`` and as a short page elsewhere (DESIGN.md: bad input is a clear error, never a 500).

- ``RequestSizeLimitMiddleware`` refuses a declared ``Content-Length`` over ``MAX_REQUEST_BYTES``
  (or, for bodies that are not file uploads, over ``DATA_UPLOAD_MAX_MEMORY_SIZE``), parses form
  bodies itself so an oversized one is a 413 rather than Django's 400 page, and turns the
  ``RequestDataTooBig`` a view may still meet into the same 413.
- ``LimitedUploadHandler`` counts the bytes actually received, so a body without (or with a false)
  ``Content-Length`` stops at the limit too instead of filling the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class RequestTooLarge(RequestDataTooBig):
    """The body went past ``MAX_REQUEST_BYTES`` while it was being received."""


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = _("The request is too large (at most %(limit)s bytes).") % {"limit": limit}
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "extra": {"limit": limit}}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


def _is_upload(request: HttpRequest) -> bool:
    return str(request.META.get("CONTENT_TYPE", "")).startswith("multipart/form-data")


def _limit_for(request: HttpRequest) -> int:
    if _is_upload(request):
        return int(settings.MAX_REQUEST_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or ""
        limit = _limit_for(request)
        if declared.isdigit() and int(declared) > limit:
            return too_large(request, limit)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: Any) -> HttpResponse | None:
        if request.method == "POST" and request.META.get("CONTENT_TYPE", "").startswith(
            ("multipart/form-data", "application/x-www-form-urlencoded")
        ):
            try:
                request.POST  # noqa: B018  (parse here, where a refusal can be a 413)
            except RequestDataTooBig:
                return too_large(request, _limit_for(request))
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return too_large(request, _limit_for(request))
        return None


class LimitedUploadHandler(FileUploadHandler):
    """Stops an upload once ``MAX_REQUEST_BYTES`` have been received (runs before Django's own
    handlers, which then never see the bytes past the limit)."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.MAX_REQUEST_BYTES:
            raise RequestTooLarge("upload past MAX_REQUEST_BYTES")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
