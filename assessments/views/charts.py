"""The overview's read-outs, drawn on the server by ``core.charts`` (no chart code in the browser).

Three pictures of one assessment's figures (``readouts.figures_seen_by``), in the page's language:
self-reported and verified per checklist, the section scores grouped by checklist, and the ten
requirements of the National AI Ethics Standards as a radar.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessments.ethics import ethics_requirements
from assessments.selectors import Applied
from checklists.schema import Kind
from core import charts

WIDTH = 340  # viewBox px, scaled to the card: text of about 9 px on a phone, 15 px on a desktop


def _legend() -> charts.Legend:
    return charts.Legend(_("Self-reported"), _("Verified"))


def _self_checks(applied: Sequence[Applied]) -> list[Applied]:
    return [entry for entry in applied if entry.document.kind is Kind.SELF_CHECK]


def checklist_chart(applied: Sequence[Applied], payload: dict[str, Any], language: str) -> str:
    """Overall and each self-check checklist: self-reported beside verified."""
    entries = _self_checks(applied)
    if not entries:
        return ""
    rows = {row["checklist"]: row for row in payload["checklists"]}
    bars = [charts.Bar(_("Overall"), payload["overall"], payload["verified"]["overall"])]
    bars += [
        charts.Bar(
            entry.document.title.get(language),
            rows.get(entry.label, {}).get("score"),
            rows.get(entry.label, {}).get("verified_score"),
        )
        for entry in entries
    ]
    return charts.bars(
        bars, title=_("Self-reported and verified, by checklist"), legend=_legend(), width=WIDTH
    )


def section_groups(applied: Sequence[Applied], payload: dict[str, Any], language: str) -> str:
    """Every section score, one group per self-check checklist, labels in full."""
    sections = {(row["checklist"], row["code"]): row for row in payload["sections"]}
    groups = []
    for entry in _self_checks(applied):
        slug = entry.document.slug
        bars = tuple(
            charts.Bar(
                f"{section.code} {section.title.get(language)}",
                sections.get((slug, section.code), {}).get("score"),
                sections.get((slug, section.code), {}).get("verified_score"),
            )
            for section in entry.document.sections
        )
        groups.append(charts.BarGroup(entry.document.title.get(language), bars))
    if not groups:
        return ""
    return charts.grouped_bars(
        groups, title=_("Scores by section, per checklist"), legend=_legend(), width=WIDTH
    )


def ethics_chart(applied: Sequence[Applied], payload: dict[str, Any], language: str) -> str:
    """R1–R10 of the National AI Ethics Standards as a radar ("" without the ethics checklist)."""
    requirements = ethics_requirements(
        [entry.document for entry in _self_checks(applied)], payload["sections"], language
    )
    if not requirements:
        return ""
    return charts.radar(
        [charts.Bar(r.label, r.score, r.verified) for r in requirements],
        title=_("The ten key requirements of the National AI Ethics Standards"),
        legend=_legend(),
        width=WIDTH,
        radius=80,
    )


def overview_charts(
    applied: Sequence[Applied], payload: dict[str, Any], language: str
) -> dict[str, SafeString]:
    """The three read-outs, escaped by ``core.charts`` and so safe to place in the page."""
    return {
        name: mark_safe(draw(applied, payload, language))  # noqa: S308 - escaped by core.charts
        for name, draw in (
            ("checklists", checklist_chart),
            ("sections", section_groups),
            ("ethics", ethics_chart),
        )
    }
