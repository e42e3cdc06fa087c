"""Keeping the screening's answers in step with the AI system's profile."""

from __future__ import annotations

from typing import Any

from assessments.models import Assessment
from assessments.profile import profile_answers
from assessments.selectors import answers_by_version, applied_checklists
from assessments.services.answers import AnswerInput, answers_upsert
from checklists.schema import Kind


def screening_profile_sync(*, actor: Any, assessment: Assessment) -> int:
    """Answer the screening questions the profile already answers (``assessments.profile``).

    Runs inside the caller's transaction (assessment start, profile change) while the assessment is
    editable; writes only what differs, through ``answers_upsert``, so versions, the audit trail
    and the applicable checklists follow as for any answer. Returns how many answers it wrote.
    """
    entry = next(
        (e for e in applied_checklists(assessment) if e.document.kind == Kind.SCREENING), None
    )
    if entry is None:
        return 0
    wanted = profile_answers(assessment.system, set(entry.document.index))
    current = answers_by_version(assessment).get(entry.version.pk, {})
    changes = [
        AnswerInput(
            checklist=entry.document.slug,
            item=code,
            value=value,
            comment=current[code].comment if code in current else "",
            version=current[code].version if code in current else None,
        )
        for code, value in wanted.items()
        if code not in current or current[code].value != value
    ]
    if changes:
        answers_upsert(actor=actor, assessment=assessment, answers=changes)
    return len(changes)
