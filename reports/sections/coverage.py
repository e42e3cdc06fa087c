"""Verification coverage ("verified: 5 of 229 items") and the crosswalk coverage table."""

from __future__ import annotations

from django.utils.translation import gettext as _

from checklists.labels import FRAMEWORK_LABELS
from core.formatting import percent, percent_number
from reports.data import Scores
from reports.sections import pick
from reports.shapes import CoverageRow


def coverage_text(scores: Scores) -> str:
    """The coverage line, such as "verified: 5 of 229 items" (and how the rest count)."""
    items, done = scores.verified.items, scores.verified.verified_items
    if items is None or done is None:  # data of a report issued before coverage was recorded
        return ""
    text = _("verified: {verified} of {items} items").format(verified=done, items=items)
    return text if done >= items else "; ".join((text, _("self-reported where not verified")))


def coverage_rows(scores: Scores) -> tuple[CoverageRow, ...]:
    """How many references of each framework the assessment covers (empty in older data)."""
    return tuple(
        CoverageRow(
            framework=pick(FRAMEWORK_LABELS, row.framework),
            references=row.references,
            assessed=row.assessed,
            met=row.met,
            share=percent(row.share),
            share_width=percent_number(row.share),
        )
        for row in scores.crosswalk
    )
