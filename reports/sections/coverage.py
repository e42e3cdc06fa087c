"""Verification coverage ("verified: 5 of 229 items") and the crosswalk coverage table."""

from __future__ import annotations

from collections.abc import Mapping

from reports import formatting as fmt
from reports.data import Scores
from reports.labels import FRAMEWORKS, pick
from reports.shapes import CoverageRow


def coverage_text(scores: Scores, labels: Mapping[str, str]) -> str:
    """The coverage line, such as "verified: 5 of 229 items" (and how the rest count)."""
    items, done = scores.verified.items, scores.verified.verified_items
    if items is None or done is None:  # data of a report issued before coverage was recorded
        return ""
    text = labels["coverage_value"].format(verified=done, items=items)
    return text if done >= items else f"{text}; {labels['coverage_partial']}"


def coverage_rows(scores: Scores, language: str) -> tuple[CoverageRow, ...]:
    """How many references of each framework the assessment covers (empty in older data)."""
    return tuple(
        CoverageRow(
            framework=pick(FRAMEWORKS, row.framework, language),
            references=row.references,
            assessed=row.assessed,
            met=row.met,
            share=fmt.percent(row.share),
            share_width=round(100 * (row.share or 0)),
        )
        for row in scores.crosswalk
    )
