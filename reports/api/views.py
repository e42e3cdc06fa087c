"""Reports API (DESIGN.md §7). Views are thin: scope, parse, call one service, render.

Reports are scoped through their assessment (``Report.objects.visible_to``): a report of an
assessment the user cannot see is 404. Verification is public and throttled.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.text import slugify
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from assessments import twofactor
from assessments.selectors import assessments_visible_to
from assessments.services import Conflict
from core.clientaddress import client_address
from core.exceptions import ApplicationError
from reports import services, verification
from reports.api import serializers as s
from reports.filtersets import ReportFilterSet
from reports.models import Report
from reports.selectors import reports_visible_to


class VerifyThrottle(SimpleRateThrottle):
    """Per client address, for the public verification page and API (``REPORT_VERIFY_THROTTLE``).

    A fixed-window counter in the shared cache (``cache.incr``: atomic on Redis), keyed on the
    address ``core.clientaddress`` trusts, so neither another process nor a forged
    ``X-Forwarded-For`` gives a client a fresh count.
    """

    scope = "report-verify"

    def get_rate(self) -> str:
        return str(settings.REPORT_VERIFY_THROTTLE)

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}

    def allow_request(self, request: Any, view: Any) -> bool:
        limit, period = self.parse_rate(self.get_rate())
        if limit is None or period is None:
            return True
        now = self.timer()
        window = int(now // period)
        key = f"{self.get_cache_key(request, view)}:{window}"
        self.cache.add(key, 0, timeout=period + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.set(key, 1, timeout=period + 1)
            count = 1
        self.retry_after = period - (now % period)
        return bool(count <= limit)

    def wait(self) -> float | None:
        return getattr(self, "retry_after", None)


def download_name(report: Report) -> tuple[str, str]:
    """``(ascii, unicode)`` file names: organisation, system and code, safe for any header."""
    organisation = report.data.get("organisation", "")
    system = report.data.get("system", {}).get("name", "")
    readable = "_".join(part for part in (organisation, system, report.code) if part)
    readable = "".join(
        ch if ch.isprintable() and ch not in '\\/:*?"<>|;' else "_" for ch in readable
    )[:150]
    ascii_name = "_".join(slugify(part)[:50] for part in (organisation, system) if slugify(part))
    ascii_name = f"{ascii_name}_{report.code}" if ascii_name else report.code
    return f"{ascii_name}.pdf", f"{readable}.pdf"


class ReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Report]
):
    serializer_class = s.ReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReportFilterSet
    lookup_value_regex = r"[0-9]{1,18}"  # anything else is no report: 404 from the URL resolver

    def get_queryset(self) -> QuerySet[Report]:
        return (
            reports_visible_to(self.request.user)
            .select_related("revision")
            .order_by("-issued_at", "-pk")
        )

    def filter_queryset(self, queryset: QuerySet[Report]) -> QuerySet[Report]:  # type: ignore[override]
        """The filters narrow the list only: a report's own URL answers whatever the query."""
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    @extend_schema(request=s.ReportCreateSerializer, responses={202: s.ReportQueuedSerializer})
    def create(self, request: Request) -> Response:
        twofactor.api_require(request)
        data = s.ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = (
            assessments_visible_to(request.user)
            .filter(pk=data.validated_data["assessment"])
            .first()
        )
        if assessment is None:
            raise ApplicationError(
                "There is no assessment with that id.",
                extra={"fields": {"assessment": ["unknown assessment"]}},
            )
        report = services.report_issue(
            actor=request.user,
            assessment=assessment,
            kind=data.validated_data["kind"],
            language=data.validated_data["language"],
            request_base=request.build_absolute_uri("/"),
        )
        report.refresh_from_db(fields=["status"])
        return Response(s.ReportQueuedSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(description="the stored PDF")}
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        report = self.get_object()
        if not report.is_ready:
            raise Conflict("The report is not ready.", extra={"status": report.status})
        ascii_name, unicode_name = download_name(report)
        response = FileResponse(report.pdf.open("rb"), content_type="application/pdf")
        encoded = quote(unicode_name, safe="")
        response["Content-Disposition"] = (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"
        )
        response["Content-Length"] = str(report.size)
        response["ETag"] = f'"{report.sha256}"'
        response["Cache-Control"] = "private, max-age=0"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(request=None, responses={202: s.ReportQueuedSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        report = services.report_retry(actor=request.user, report=self.get_object())
        report.refresh_from_db(fields=["status"])
        return Response(s.ReportQueuedSerializer(report).data, status=status.HTTP_202_ACCEPTED)


class VerifyView(APIView):
    """Public: the issue record of a report by its code, and a byte-for-byte check of a PDF."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [VerifyThrottle]
    parser_classes = [MultiPartParser]

    def _report(self, code: str) -> Report:
        report = verification.ready_report(code)
        if report is None:
            raise exceptions.NotFound()
        return report

    @extend_schema(responses={200: s.VerificationSerializer})
    def get(self, request: Request, code: str) -> Response:
        return Response(s.VerificationSerializer(verification.record(self._report(code))).data)

    @extend_schema(
        request={"multipart/form-data": s.VerifyUploadSerializer},
        responses={200: s.VerifyMatchSerializer},
    )
    def post(self, request: Request, code: str) -> Response:
        report = self._report(code)
        if verification.too_large(request.META.get("CONTENT_LENGTH")):
            raise ApplicationError(
                "The file is too large.",
                extra={"max_bytes": settings.REPORT_VERIFY_MAX_BYTES},
                status_code=413,
            )
        data = s.VerifyUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > settings.REPORT_VERIFY_MAX_BYTES:
            raise ApplicationError(
                "The file is too large.",
                extra={"max_bytes": settings.REPORT_VERIFY_MAX_BYTES},
                status_code=413,
            )
        return Response({"match": verification.matches(report, upload.size, upload.chunks())})
