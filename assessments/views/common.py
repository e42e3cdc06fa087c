"""What the pages share: scoped lookups, turning service errors into messages, answers as text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from assessments import selectors
from assessments.choices import BODY_ROLES, COMPANY_EDITORS, Role
from assessments.models import Assessment
from assessments.workflow import Side, allowed_steps
from config.exceptions import ApplicationError


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


@dataclass(frozen=True, slots=True)
class Viewer:
    """What the signed-in user is to one assessment."""

    company_role: Role | None
    body_role: Role | None
    user_id: int

    @property
    def can_edit(self) -> bool:
        return self.company_role in COMPANY_EDITORS

    @property
    def is_reviewer(self) -> bool:
        return self.body_role in BODY_ROLES

    def steps(self, assessment: Assessment) -> list[str]:
        from assessments.choices import Status

        status = Status(assessment.status)
        steps: list[str] = []
        if self.can_edit:
            steps += allowed_steps(status, Side.COMPANY)
        if self.is_reviewer:
            may_decide = self.body_role == Role.LEAD or assessment.claimed_by_id == self.user_id
            may_claim = may_decide or (
                assessment.claimed_by_id is None
                and assessment.assigned_to_id in (None, self.user_id)
            )
            steps += [
                s
                for s in allowed_steps(status, Side.BODY)
                if (may_claim if s == "claim" else may_decide)
            ]
        return steps


def viewer_of(request: HttpRequest, assessment: Assessment) -> Viewer:
    roles = dict(
        request.user.memberships.filter(  # type: ignore[union-attr]
            organization_id__in=[
                assessment.system.organization_id,
                assessment.evaluation_body_id or 0,
            ]
        ).values_list("organization_id", "role")
    )
    company = roles.get(assessment.system.organization_id)
    body = roles.get(assessment.evaluation_body_id) if assessment.evaluation_body_id else None
    return Viewer(
        Role(company) if company else None, Role(body) if body else None, int(request.user.pk or 0)
    )


def require(condition: bool) -> None:
    """Pages hide what a user may not do; a crafted request for it gets a plain 404."""
    if not condition:
        raise Http404


def error_text(exc: ApplicationError) -> str:
    return exc.message


def answer_display(value: Any, item: Any, language: str) -> str:
    """An answer as a person reads it: option labels rather than keys."""
    if value is None:
        return "—"
    if value == "na":
        return _("N/A")
    if item is None:
        return str(value)
    kind = item.answer_type.value
    if kind == "yes_no":
        return {"yes": _("Yes"), "no": _("No")}.get(value, str(value))
    if kind == "maturity":
        option = item.option(str(value))
        level = f"{value}/4"
        return f"{level} · {option.label.get(language)}" if option else level
    if kind == "single_choice":
        option = item.option(value)
        return option.label.get(language) if option else str(value)
    if kind == "multi_choice":
        return ", ".join(o.label.get(language) for o in item.options if o.key in value)
    return str(value)
