"""What the pages share: scoped lookups, turning service errors into messages, the score chart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from assessments import formatting, selectors
from assessments.choices import BODY_ROLES, COMPANY_EDITORS, Role, Status
from assessments.models import Assessment
from assessments.workflow import Side, allowed_steps


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


def whole_percent(share: float) -> int:
    """A progress share as whole percent, never rounded up to 100 while anything is missing."""
    return 100 if share >= 1 else min(99, round(100 * share))


def _svg(tag: str, text: str = "", **attributes: object) -> str:
    attrs = " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{value}"' for name, value in attributes.items()
    )
    return f"<{tag} {attrs}>{escape(text)}</{tag}>" if text else f"<{tag} {attrs}/>"


def bar_chart(
    rows: list[tuple[str, float | None, float | None]], *, self_label: str, verified_label: str
) -> str:
    """A horizontal bar chart as inline SVG, made on the server: one row per section.

    Each row has a self-reported bar and, when verdicts exist, a verified bar under it. All text
    is escaped (section titles are content, but nothing reaches the page unescaped).
    """
    has_verified = any(v is not None for _l, _s, v in rows)
    row_height = 34 if has_verified else 24
    label_width, bar_width = 170, 250
    value_x = label_width + bar_width + 6
    height = row_height * len(rows) + 30
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="100%" '
        f'viewBox="0 0 {label_width + bar_width + 60} {height}" aria-label="{escape(self_label)}">'
    ]
    for index, (label, score, verified) in enumerate(rows):
        y = index * row_height + 4
        short = label if len(label) <= 16 else label[:15] + "…"
        parts.append(_svg("text", short, x=0, y=y + 13, class_="chart-label"))
        parts.append(
            _svg("rect", x=label_width, y=y + 2, width=bar_width, height=12, class_="chart-track")
        )
        if score is not None:
            width = f"{bar_width * score / 100:.1f}"
            parts.append(
                _svg("rect", x=label_width, y=y + 2, width=width, height=12, class_="chart-self")
            )
        parts.append(
            _svg("text", formatting.score(score), x=value_x, y=y + 13, class_="chart-value")
        )
        if has_verified:
            if verified is not None:
                width = f"{bar_width * verified / 100:.1f}"
                parts.append(
                    _svg(
                        "rect",
                        x=label_width,
                        y=y + 17,
                        width=width,
                        height=8,
                        class_="chart-verified",
                    )
                )
            parts.append(
                _svg(
                    "text",
                    formatting.score(verified),
                    x=value_x,
                    y=y + 26,
                    class_="chart-value small",
                )
            )
    legend_y = height - 8
    parts.append(
        _svg("rect", x=label_width, y=legend_y - 9, width=10, height=10, class_="chart-self")
    )
    parts.append(_svg("text", self_label, x=label_width + 14, y=legend_y, class_="chart-legend"))
    if has_verified:
        parts.append(
            _svg(
                "rect",
                x=label_width + 110,
                y=legend_y - 9,
                width=10,
                height=10,
                class_="chart-verified",
            )
        )
        parts.append(
            _svg("text", verified_label, x=label_width + 124, y=legend_y, class_="chart-legend")
        )
    parts.append("</svg>")
    return "".join(parts)


def answer_display(value: Any, item: Any, language: str) -> str:
    """An answer as a person reads it: option labels rather than keys."""
    if value is None:
        return "—"
    if value == "na":
        return "해당 없음" if language == "ko" else "N/A"
    if item is None:
        return str(value)
    kind = item.answer_type.value
    if kind == "yes_no":
        return {
            "yes": "예" if language == "ko" else "Yes",
            "no": "아니오" if language == "ko" else "No",
        }.get(value, str(value))
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
