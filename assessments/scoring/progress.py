"""What is still missing before a submit, and the progress that follows from it (pure).

One rule for both: the fill page's progress bars, the overview's and the submit page's list of
what is missing all come from ``checklist_progress``, so a bar reads 100 % exactly when submit
has nothing left to ask for in that section.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from checklists.schema import ChecklistDocument
from checklists.schema import Evidence as EvidenceRule

from .values import NA_ANSWER, AnswerValue, visible_items


class Problem(StrEnum):
    UNANSWERED = "unanswered"
    NA_WITHOUT_REASON = "na_without_reason"
    EVIDENCE_REQUIRED = "evidence_required"
    NEEDS_REVIEW = "needs_review"  # carried over by an upgrade or re-assessment, not yet confirmed


@dataclass(frozen=True, slots=True)
class Missing:
    section: str
    item: str
    problem: Problem


@dataclass(frozen=True, slots=True)
class SectionProgress:
    """``done`` of ``total`` items are ready to submit. ``total`` counts the visible required
    items and any other visible item that has a problem (an N/A without reason, evidence)."""

    code: str
    done: int
    total: int

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class ChecklistProgress:
    slug: str
    sections: tuple[SectionProgress, ...]
    missing: tuple[Missing, ...]

    @property
    def done(self) -> int:
        return sum(s.done for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 1.0


def checklist_progress(
    document: ChecklistDocument,
    answers: Mapping[str, AnswerValue | None],
    comments: Mapping[str, str],
    with_evidence: Collection[str],
    to_review: Collection[str] = (),
    referred: Collection[str] = (),
) -> ChecklistProgress:
    """Progress and missing items of one checklist.

    ``answers`` maps item codes to values (None, e.g. a comment without an answer yet, is
    unanswered); ``comments`` to their comments; ``with_evidence`` holds the codes of items with
    at least one file. Hidden items (``show_if``) count nowhere. An item is missing when it is
    required and unanswered, answered N/A without a reason, or answered (not N/A) while its
    evidence is required and no file is attached, or when it is in ``to_review`` (an answer
    carried over from another version or revision that nobody has confirmed yet). Items in
    ``referred`` (``same_as`` an owner item of the assessment) are answered at the owner and
    count only there.
    """
    given = {code: value for code, value in answers.items() if value is not None}
    visible = visible_items(document, given)
    sections: list[SectionProgress] = []
    missing: list[Missing] = []
    for section in document.sections:
        done = total = 0
        for item in section.items:
            if item.code not in visible or item.code in referred:
                continue
            value = given.get(item.code)
            problems: list[Problem] = []
            if value is None:
                if item.required:
                    problems.append(Problem.UNANSWERED)
            else:
                if value == NA_ANSWER and not comments.get(item.code, "").strip():
                    problems.append(Problem.NA_WITHOUT_REASON)
                if (
                    item.evidence is EvidenceRule.REQUIRED
                    and value != NA_ANSWER
                    and item.code not in with_evidence
                ):
                    problems.append(Problem.EVIDENCE_REQUIRED)
                if item.code in to_review:
                    problems.append(Problem.NEEDS_REVIEW)
            if item.required or problems:
                total += 1
                done += not problems
            missing.extend(Missing(section.code, item.code, p) for p in problems)
        sections.append(SectionProgress(section.code, done, total))
    return ChecklistProgress(document.slug, tuple(sections), tuple(missing))


def pooled_share(progress: Collection[ChecklistProgress]) -> float:
    """Progress over several checklists: items, not checklists, weigh the same."""
    total = sum(p.total for p in progress)
    return sum(p.done for p in progress) / total if total else 1.0
