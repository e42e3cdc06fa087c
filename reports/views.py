"""The public verification page, ``/verify/<code>/`` (DESIGN.md §1, journey C)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments import twofactor
from assessments.views.common import viewer_of, visible_assessment
from core.exceptions import ApplicationError
from reports import verification
from reports.api.views import VerifyThrottle
from reports.choices import ReportKind, ReportLanguage, ReportStatus
from reports.filtersets import ReportFilterSet
from reports.forms import CodeForm, VerifyUploadForm
from reports.selectors import reports_visible_to
from reports.services import report_issue, report_retry


def _throttled(request: HttpRequest) -> HttpResponse | None:
    if VerifyThrottle().allow_request(request, None):
        return None
    return render(request, "reports/verify_throttled.html", status=429)


@require_http_methods(["GET"])
def verify_lookup(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.GET or None)
    if form.is_valid():
        return redirect("report-verify-page", code=form.cleaned_data["code"].upper())
    return render(
        request,
        "reports/verify_lookup.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest, code: str) -> HttpResponse:
    refused = _throttled(request)
    if refused is not None:
        return refused
    report = verification.ready_report(code)
    if report is None:
        raise Http404
    match: bool | None = None
    error = ""
    status = 200
    form = VerifyUploadForm()
    if request.method == "POST" and verification.too_large(request.META.get("CONTENT_LENGTH")):
        error, status = _("The file is too large to be this report."), 413
    elif request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.REPORT_VERIFY_MAX_BYTES:
                error, status = _("The file is too large to be this report."), 413
            else:
                match = verification.matches(report, upload.size, upload.chunks())
        else:
            error, status = _("Choose a PDF file to compare."), 400
    return render(
        request,
        "reports/verify.html",
        {"record": verification.record(report), "form": form, "match": match, "error": error},
        status=status,
    )


@login_required
def assessment_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessment's reports: issue one (self-assessment or evaluation, ko or en), watch it
    render (the page refreshes itself while one is queued or rendering), retry, download."""
    assessment = visible_assessment(request, pk)
    if request.method == "POST":
        if twofactor.missing(request):
            return twofactor.page_redirect(request)
        try:
            if request.POST.get("retry"):
                report = (
                    reports_visible_to(request.user)
                    .filter(assessment=assessment, pk=request.POST["retry"])
                    .first()
                )
                if report is None:
                    raise Http404
                report_retry(actor=request.user, report=report)
            else:
                report_issue(
                    actor=request.user,
                    assessment=assessment,
                    kind=request.POST.get("kind", ""),
                    language=request.POST.get("language", ""),
                    request_base=request.build_absolute_uri("/"),
                )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("The report is being prepared; this page refreshes itself.")
            )
        return redirect("assessment-reports", pk=assessment.pk)
    filters = ReportFilterSet(
        request.GET,
        queryset=reports_visible_to(request.user)
        .filter(assessment=assessment)
        .order_by("-issued_at", "-pk"),
    )
    # An invalid value is shown next to its field; the valid ones still filter.
    reports = list(filters.qs)
    viewer = viewer_of(request, assessment)
    return render(
        request,
        "reports/assessment_reports.html",
        {
            "assessment": assessment,
            "reports": reports,
            "pending": any(
                r.status in (ReportStatus.QUEUED, ReportStatus.RENDERING) for r in reports
            ),
            "kinds": ReportKind.choices,
            "languages": ReportLanguage.choices,
            "statuses": ReportStatus.choices,
            "may_issue": viewer.can_request_reports,
            "filters": {name: filters.data.get(name, "") for name in filters.filters},
            "filter_errors": filters.errors,
            "filtered": any(filters.data.get(name) for name in filters.filters),
        },
        status=400 if filters.errors else 200,
    )
