"""Public catalog pages: every checklist, and one checklist's sections and items."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from checklists.models import ChecklistVersion
from checklists.selectors import document_for, latest_versions, version_for


def catalog(request: HttpRequest) -> HttpResponse:
    versions = list(latest_versions())
    return render(request, "checklists/catalog.html", {"versions": versions})


def checklist_detail(request: HttpRequest, slug: str) -> HttpResponse:
    requested = request.GET.get("version") or None
    version = version_for(slug=slug, version=requested)
    if version is None:
        raise Http404
    others = ChecklistVersion.objects.filter(checklist=version.checklist).values_list(
        "version", flat=True
    )
    return render(
        request,
        "checklists/detail.html",
        {"version": version, "document": document_for(version), "versions": list(others)},
    )
