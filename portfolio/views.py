"""The register's pages: the list with its filters and charts, its Excel and CSV exports, and a
system's high-impact review record (판단서) as a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.selectors import systems_visible_to
from portfolio import columns, exports
from portfolio.charts import portfolio_charts
from portfolio.register import Register, register_for
from portfolio.review_record import review_record_pdf


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _organisation_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("organization")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Http404
    return int(raw)


def _register(request: HttpRequest) -> Register:
    return register_for(request.user, request.GET, organisation_id=_organisation_id(request))


def _filename(register: Register, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"trustcheck-register-{register.organisation.pk}-{stamp}.{extension}"


@login_required
def register_page(request: HttpRequest) -> HttpResponse:
    register = _register(request)
    chosen, cells = columns.table(register.rows, _language(), with_actions=register.with_actions)
    query = request.GET.urlencode()
    return render(
        request,
        "portfolio/register.html",
        {
            "register": register,
            "form": register.filterset.form,
            "columns": chosen,
            "lines": _lines(register, chosen, cells),
            "charts": portfolio_charts(register.rows) if register.valid else [],
            "query": query,
            "headers": _headers(request, chosen, register),
        },
        status=200 if register.valid else 400,
    )


# Columns whose header sorts the register (the keys of ``filtersets.SORT_KEYS``, by column key).
_sortable = {
    "system": "name",
    "domain": "domain",
    "high_impact": "high_impact",
    "impact_level": "impact_level",
    "assessment": "assessed",
    "score": "score",
    "verified": "verified",
    "outcome": "outcome",
    "valid_until": "valid_until",
    "open_actions": "open_actions",
    "overdue_actions": "overdue_actions",
}


_CELL = '<td data-label="{}" data-column="{}" class="{}">{}</td>'
_LINK = '<a href="{}">{}</a>'
_FIRST = '<th scope="row" class="system-cell" data-column="{}">{}{}</th>'
_RECORD = (
    '<div class="small record-links">{}: <a href="{}?language=ko" lang="ko">PDF 한국어</a> · '
    '<a href="{}?language=en" lang="en">PDF English</a></div>'
)


def _content(cell: columns.Cell) -> SafeString:
    return format_html(_LINK, cell.href, cell.text) if cell.href else conditional_escape(cell.text)


def _lines(
    register: Register, chosen: list[columns.Column], cells: list[list[columns.Cell]]
) -> list[dict[str, Any]]:
    """Each row's cells as escaped markup (``format_html``): the template loop cost a second
    for a register of 500 systems, one variable at a time, where this costs a tenth of that.
    The review record's address is reversed once."""
    labels = [str(column.header) for column in chosen]
    record = reverse("review-record", args=[0]).replace("/0/", "/{}/")
    record_label = _("Review record")
    lines = []
    for row, line in zip(register.rows, cells, strict=True):
        first, *rest = line
        link = record.format(row.system_id)
        parts = [
            format_html(
                _FIRST,
                chosen[0].key,
                _content(first),
                format_html(_RECORD, record_label, link, link) if row.assessment else "",
            )
        ]
        for column, label, cell in zip(chosen[1:], labels[1:], rest, strict=True):
            css = " ".join(
                part
                for part in (
                    "num" if column.numeric else "",
                    f"cell-{cell.key}" if cell.key else "",
                )
                if part
            )
            parts.append(format_html(_CELL, label, column.key, css, _content(cell)))
        lines.append({"row": row, "html": mark_safe("".join(parts))})  # noqa: S308  # escaped
    return lines


def _headers(
    request: HttpRequest, chosen: list[columns.Column], register: Register
) -> list[dict[str, Any]]:
    """Each column's header, with a link that sorts by it (again: the other way round) while
    keeping the filters, and its ``aria-sort`` state."""
    current = (register.filterset.form.cleaned_data.get("sort") if register.valid else None) or (
        "name"
    )
    found = []
    for column in chosen:
        key = _sortable.get(column.key)
        entry: dict[str, Any] = {"column": column, "href": "", "sort": "none"}
        if key is not None:
            params = request.GET.copy()
            params["sort"] = f"-{key}" if current == key else key
            entry["href"] = f"?{params.urlencode()}"
            if current.lstrip("-") == key:
                entry["sort"] = "descending" if current.startswith("-") else "ascending"
        found.append(entry)
    return found


def _refused(register: Register) -> HttpResponse:
    errors = "; ".join(
        f"{field}: {' '.join(messages)}" for field, messages in register.filterset.errors.items()
    )
    return HttpResponse(
        _("The filters are not valid: %(errors)s") % {"errors": errors},
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@login_required
def register_xlsx(request: HttpRequest) -> HttpResponse:
    register = _register(request)
    if not register.valid:
        return _refused(register)
    chosen, cells = columns.table(register.rows, _language(), with_actions=register.with_actions)
    title = _("AI system register of %(organisation)s") % {
        "organisation": register.organisation.name
    }
    response = HttpResponse(
        exports.workbook(title, chosen, cells),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(register, "xlsx")}"'
    return response


@login_required
def register_csv(request: HttpRequest) -> HttpResponse:
    register = _register(request)
    if not register.valid:
        return _refused(register)
    chosen, cells = columns.table(register.rows, _language(), with_actions=register.with_actions)
    response = HttpResponse(
        exports.csv_bytes(chosen, cells), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(register, "csv")}"'
    return response


@login_required
def review_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The system's high-impact review record (판단서) from its latest screening, as a PDF in
    ``?language=ko|en`` (default: the page's language); 404 outside the companies the user is
    an owner, member or viewer of."""
    system = get_object_or_404(systems_visible_to(request.user), pk=pk)
    language = request.GET.get("language") or _language()
    if language not in ("ko", "en"):
        raise Http404
    pdf = review_record_pdf(system=system, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="trustcheck-review-record-{system.pk}-{language}-{stamp}.pdf"'
    )
    return response
