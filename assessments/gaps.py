"""The overview's gap rows: the weakest items of the score read-out with their question and
recommendation in the reader's language. Pure: the read-out's gaps and the checklist documents
in, rows out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checklists.schema import ChecklistDocument

# How many gaps the overview lists (the report lists them all).
OVERVIEW_GAPS = 15


@dataclass(frozen=True)
class GapRow:
    checklist: str
    item: str
    text: str
    value: float | None
    critical: bool
    recommendation_text: str


def gap_rows(
    gaps: Sequence[Mapping[str, Any]],
    documents: Mapping[str, ChecklistDocument],
    language: str,
    *,
    limit: int = OVERVIEW_GAPS,
) -> list[GapRow]:
    """The first ``limit`` gaps of a read-out (``readouts._gap`` dicts, checklist by slug) as
    rows; an item no document knows shows its code as its text."""
    rows = []
    for gap in gaps[:limit]:
        document = documents.get(gap["checklist"])
        item = document.item(gap["item"]) if document is not None else None
        rows.append(
            GapRow(
                checklist=gap["checklist"],
                item=gap["item"],
                text=item.text.get(language) if item is not None else gap["item"],
                value=gap["value"],
                critical=bool(gap["critical"]),
                recommendation_text=(gap["recommendation"] or {}).get(language, ""),
            )
        )
    return rows
