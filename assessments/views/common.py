"""What the pages share: scoped lookups, turning service errors into messages, answers as text."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from assessments import codecs, selectors
from assessments.models import Assessment
from assessments.permissions import Capabilities, capabilities


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` a form posted, if it stays on this site (same host, an http(s) or relative
    URL, HTTPS kept); else ``fallback``. Every view that follows a ``next`` goes through here."""
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def visible_assessment(request: HttpRequest, pk: int) -> Assessment:
    """The assessment if the user may see it; 404 otherwise (never 403: no hint it exists)."""
    return get_object_or_404(selectors.assessments_visible_to(request.user), pk=pk)


def viewer_of(request: HttpRequest, assessment: Assessment) -> Capabilities:
    """What the signed-in user may do with ``assessment`` (``assessments.permissions``)."""
    return capabilities(request.user, assessment)


def require(condition: bool) -> None:
    """Pages hide what a user may not do; a crafted request for it gets a plain 404."""
    if not condition:
        raise Http404


def answer_display(value: Any, item: Any, language: str) -> str:
    """An answer as a person reads it: option labels rather than keys (the item's codec)."""
    return codecs.display(item, value, language)
