"""Gaps: the items below full marks, in the order the figures rank them (critical first)."""

from __future__ import annotations

from collections.abc import Sequence

from assessments.texts import VERDICT_LABELS
from core.formatting import percent
from reports.answers import AppliedChecklist
from reports.data import Scores
from reports.sections import pick
from reports.shapes import GapRow


def gaps(
    scores: Scores, checklists: Sequence[AppliedChecklist], language: str
) -> tuple[GapRow, ...]:
    by_slug = {c.document.slug: c for c in checklists}
    rows = []
    for rank, gap in enumerate(scores.gaps, start=1):
        c = by_slug.get(gap.checklist)
        found = c.index.get(gap.item) if c else None
        recommendation = gap.recommendation or {}
        verdict = c.verdicts.get(gap.item) if c else None
        rows.append(
            GapRow(
                rank=rank,
                code=gap.item,
                checklist=c.document.title.get(language) if c else gap.checklist,
                section=found[0].title.get(language) if found else gap.section,
                text=found[1].text.get(language) if found else "",
                achieved=percent(gap.value),
                critical=gap.critical,
                verdict=pick(VERDICT_LABELS, verdict.verdict) if verdict else "",
                recommendation=str(recommendation.get(language) or ""),
            )
        )
    return tuple(rows)
