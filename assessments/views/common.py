"""What the pages share: scoped lookups, turning service errors into messages, the score chart."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from assessments import codecs, formatting, selectors
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
    """An answer as a person reads it: option labels rather than keys (the item's codec)."""
    return codecs.display(item, value, language)
