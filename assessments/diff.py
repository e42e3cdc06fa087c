"""What changed between two states of an assessment's answers (the "Changes" page).

``comparison_for`` picks the two states a user compares (the draft against the last revision, or
the last two revisions) and is the only part that reads the database; ``answer_changes`` is a pure
function over the two snapshots and the checklist documents, tested without HTTP or a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from assessments import selectors
from assessments.choices import Status
from assessments.models import Assessment, Revision
from checklists.schema import ChecklistDocument, Item

# A snapshot of answers as a revision stores it: checklist label (slug@version) → item code →
# {"value": ..., "comment": ...}.
Snapshot = Mapping[str, Mapping[str, Mapping[str, Any]]]


class Basis(StrEnum):
    """What is compared: the company's draft with its last revision, two revisions, or nothing."""

    DRAFT = "draft"
    REVISIONS = "revisions"
    NONE = "none"


@dataclass(frozen=True)
class Comparison:
    """The two states to compare, older first, and the revision numbers they come from (the
    newer one is ``None`` for the draft)."""

    basis: Basis
    old: Snapshot
    new: Snapshot
    old_number: int | None
    new_number: int | None
    documents: Mapping[str, ChecklistDocument]


@dataclass(frozen=True)
class AnswerChange:
    """One item whose value or comment differs; ``item`` is ``None`` when its checklist version
    no longer applies (the page then shows the bare code)."""

    checklist: str
    code: str
    item: Item | None
    before: Any
    after: Any
    comment_before: str
    comment_after: str


def comparison_for(user: Any, assessment: Assessment) -> Comparison:
    """The states ``user`` compares: while the company edits after a submission, its draft (as
    ``user`` may read it) against the last revision; otherwise the last two revisions. Three
    queries."""
    revisions = list(Revision.objects.filter(assessment=assessment).order_by("-number")[:2])
    applied = selectors.applied_checklists(assessment)
    documents = {entry.label: entry.document for entry in applied}
    if (
        assessment.status in (Status.DRAFT, Status.CHANGES_REQUESTED)
        and revisions
        and not selectors.sees_submitted_revision(user, assessment)
    ):
        answers = selectors.answers_seen_by(user, assessment)
        draft = {
            entry.label: {
                code: {"value": a.value, "comment": a.comment}
                for code, a in answers.get(entry.version.pk, {}).items()
            }
            for entry in applied
        }
        return Comparison(
            Basis.DRAFT, revisions[0].answers, draft, revisions[0].number, None, documents
        )
    if len(revisions) == 2:
        return Comparison(
            Basis.REVISIONS,
            revisions[1].answers,
            revisions[0].answers,
            revisions[1].number,
            revisions[0].number,
            documents,
        )
    return Comparison(Basis.NONE, {}, {}, None, None, documents)


def answer_changes(
    old: Snapshot, new: Snapshot, documents: Mapping[str, ChecklistDocument]
) -> list[AnswerChange]:
    """Every item whose value or comment differs between ``old`` and ``new``, by checklist label
    and item code; an item answered on one side only counts as changed."""
    changes: list[AnswerChange] = []
    for label in sorted(set(old) | set(new)):
        before, after = old.get(label, {}), new.get(label, {})
        document = documents.get(label)
        for code in sorted(set(before) | set(after)):
            a, b = before.get(code) or {}, after.get(code) or {}
            if a.get("value") == b.get("value") and a.get("comment") == b.get("comment"):
                continue
            changes.append(
                AnswerChange(
                    checklist=label,
                    code=code,
                    item=document.item(code) if document is not None else None,
                    before=a.get("value"),
                    after=b.get("value"),
                    comment_before=a.get("comment", ""),
                    comment_after=b.get("comment", ""),
                )
            )
    return changes
