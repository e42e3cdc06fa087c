"""The evaluator's item verdicts and criterion ratings.

Both are written in batches, all or nothing, like answers (``answers_upsert``): every entry is
checked first, the errors name the entry and the field, and nothing is written when one fails.
The review page and the API go through the same two services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.choices import AuditAction, Status, VerdictChoice
from assessments.models import Assessment, AuditEvent, CriterionRating, ItemVerdict
from assessments.permissions import capabilities
from assessments.selectors import Applied, applied_checklists
from assessments.services.common import Conflict, PermissionRefused
from checklists.schema import Item
from checklists.selectors import document_for
from core.exceptions import ApplicationError


@dataclass(frozen=True, slots=True)
class VerdictInput:
    checklist: str
    item: str
    verdict: str
    remark: str = ""


@dataclass(frozen=True, slots=True)
class RatingInput:
    criterion: str
    # 0-4, or None for "not applicable"; anything else (a string from a form) is refused.
    rating: object
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    code: str  # short machine code, as the single-entry API has always answered
    message: str


class BatchInvalid(ApplicationError):
    """Some entries of a batch are invalid; ``problems`` maps each entry's index to its problem."""

    def __init__(self, message: str, *, key: str, problems: dict[int, Problem]) -> None:
        self.problems = problems
        super().__init__(
            message,
            extra={
                "fields": {
                    key: {str(i): {p.field: [p.message]} for i, p in sorted(problems.items())}
                }
            },
        )


def _reviewer(actor: Any, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    refused = capabilities(actor, assessment).refusal("review")
    if refused is not None:
        raise PermissionRefused(refused)
    if assessment.status != Status.IN_REVIEW:
        raise Conflict(
            _("Only an assessment in review takes verdicts and ratings."),
            extra={"status": assessment.status},
        )
    return assessment


def _verdict_problem(
    applied: list[Applied],
    entry: VerdictInput,
    seen: set[tuple[int, str]],
) -> tuple[Problem | None, Applied | None]:
    if not entry.verdict:
        return Problem("verdict", "required", _("Choose a verdict.")), None
    if entry.verdict not in VerdictChoice.values:
        return Problem("verdict", f"one of {VerdictChoice.values}", _("Unknown verdict.")), None
    target = next((e for e in applied if entry.checklist in (e.document.slug, e.label)), None)
    if target is None:
        message = _("%(checklist)s does not apply to this assessment.") % {
            "checklist": entry.checklist
        }
        return Problem("checklist", "not applicable", message), None
    if target.document.item(entry.item) is None:
        message = _("%(item)s is not an item of %(checklist)s.") % {
            "item": entry.item,
            "checklist": target.label,
        }
        return Problem("item", "unknown item", message), None
    if (target.version.pk, entry.item) in seen:
        message = _("%(item)s is answered twice in one request.") % {"item": entry.item}
        return Problem("item", "repeated", message), None
    seen.add((target.version.pk, entry.item))
    if entry.verdict != VerdictChoice.CONFIRMED and not entry.remark.strip():
        message = _("Explain a verdict other than confirmed in a remark.")
        return Problem("remark", "required", message), None
    return None, target


@transaction.atomic
def verdicts_set(
    *, actor: Any, assessment: Assessment, verdicts: list[VerdictInput]
) -> list[ItemVerdict]:
    """Record the evaluator's verdicts on items (replacing earlier ones), all or nothing.

    Raises ``BatchInvalid`` naming every entry that is wrong; then nothing is written. An entry
    equal to the stored verdict of this revision is left as it is (no audit event).
    Returns the verdicts as this call left them, in the order given.
    """
    assessment = _reviewer(actor, assessment)
    if not verdicts:
        raise ApplicationError(
            _("No verdicts were given."), extra={"fields": {"verdicts": ["empty"]}}
        )
    applied = applied_checklists(assessment)
    problems: dict[int, Problem] = {}
    resolved: list[tuple[VerdictInput, Applied]] = []
    seen: set[tuple[int, str]] = set()
    for index, entry in enumerate(verdicts):
        problem, target = _verdict_problem(applied, entry, seen)
        if problem is not None:
            problems[index] = problem
        else:
            assert target is not None
            resolved.append((entry, target))
    if problems:
        raise BatchInvalid(
            _("Some verdicts are invalid; none was saved."), key="verdicts", problems=problems
        )
    existing = {
        (v.checklist_version_id, v.item_code): v
        for v in ItemVerdict.objects.filter(
            assessment=assessment, item_code__in=[e.item for e, _t in resolved]
        )
    }
    now = timezone.now()
    result: list[ItemVerdict] = []
    to_create: list[ItemVerdict] = []
    to_update: list[ItemVerdict] = []
    events: list[AuditEvent] = []
    for entry, target in resolved:
        row = existing.get((target.version.pk, entry.item))
        if row is None:
            row = ItemVerdict(
                assessment=assessment,
                checklist_version=target.version,
                item_code=entry.item,
                verdict=entry.verdict,
                remark=entry.remark,
                revision=assessment.revision,
                evaluator=actor,
                updated_at=now,
            )
            to_create.append(row)
        elif (row.verdict, row.remark, row.revision) != (
            entry.verdict,
            entry.remark,
            assessment.revision,
        ):
            row.verdict, row.remark = entry.verdict, entry.remark
            row.revision, row.evaluator, row.updated_at = assessment.revision, actor, now
            to_update.append(row)
        else:
            result.append(row)
            continue
        result.append(row)
        events.append(
            AuditEvent(
                assessment=assessment,
                actor=actor,
                action=AuditAction.VERDICT,
                comment=entry.remark,
                data={"checklist": target.label, "item": entry.item, "verdict": entry.verdict},
            )
        )
    ItemVerdict.objects.bulk_create(to_create)
    if to_update:
        ItemVerdict.objects.bulk_update(
            to_update, ["verdict", "remark", "revision", "evaluator", "updated_at"]
        )
    # One audit event per verdict (the trail stays item by item), written in one statement.
    AuditEvent.objects.bulk_create(events)
    return result


def _single(problems: BatchInvalid) -> ApplicationError:
    problem = problems.problems[min(problems.problems)]
    return ApplicationError(problem.message, extra={"fields": {problem.field: [problem.code]}})


def verdict_set(
    *, actor: Any, assessment: Assessment, checklist: str, item: str, verdict: str, remark: str = ""
) -> ItemVerdict:
    """One verdict: ``verdicts_set`` with a batch of one; errors name the field directly."""
    try:
        return verdicts_set(
            actor=actor,
            assessment=assessment,
            verdicts=[VerdictInput(checklist=checklist, item=item, verdict=verdict, remark=remark)],
        )[0]
    except BatchInvalid as exc:
        raise _single(exc) from None


def _rating_problem(found: Item | None, entry: RatingInput) -> Problem | None:
    if found is None:
        message = _("%(criterion)s is not a reliability criterion.") % {
            "criterion": entry.criterion
        }
        return Problem("criterion", "unknown criterion", message)
    rating = entry.rating
    if rating == "":
        return Problem("rating", "required", _("Choose a level for this criterion."))
    if rating is None and not found.allow_na:
        return Problem("rating", "required", _("This criterion must be rated."))
    if rating is not None and (
        isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 4
    ):
        return Problem("rating", "0-4", _("A rating is a whole number from 0 to 4."))
    if (rating is None or rating < 3) and not entry.rationale.strip():
        return Problem(
            "rationale", "required", _("A rating below 3, or not applicable, needs a rationale.")
        )
    return None


@transaction.atomic
def ratings_set(
    *, actor: Any, assessment: Assessment, ratings: list[RatingInput]
) -> list[CriterionRating]:
    """Rate reliability criteria 0-4 (None = not applicable), all or nothing.

    Below 3, and not applicable, need a rationale. Raises ``BatchInvalid`` naming every entry that
    is wrong; then nothing is written. Returns the ratings as this call left them.
    """
    assessment = _reviewer(actor, assessment)
    if assessment.evaluation_version is None:
        raise ApplicationError(_("No evaluation criteria are attached to this assessment."))
    if not ratings:
        raise ApplicationError(
            _("No ratings were given."), extra={"fields": {"ratings": ["empty"]}}
        )
    criteria = document_for(assessment.evaluation_version)
    problems: dict[int, Problem] = {}
    seen: set[str] = set()
    for index, entry in enumerate(ratings):
        problem = _rating_problem(criteria.item(entry.criterion), entry)
        if problem is None and entry.criterion in seen:
            problem = Problem(
                "criterion",
                "repeated",
                _("%(item)s is answered twice in one request.") % {"item": entry.criterion},
            )
        seen.add(entry.criterion)
        if problem is not None:
            problems[index] = problem
    if problems:
        raise BatchInvalid(
            _("Some ratings are invalid; none was saved."), key="ratings", problems=problems
        )
    existing = {
        r.criterion: r
        for r in CriterionRating.objects.filter(
            assessment=assessment, criterion__in=[e.criterion for e in ratings]
        )
    }
    now = timezone.now()
    result: list[CriterionRating] = []
    to_create: list[CriterionRating] = []
    to_update: list[CriterionRating] = []
    events: list[AuditEvent] = []
    for entry in ratings:
        rating = entry.rating if isinstance(entry.rating, int) else None
        row = existing.get(entry.criterion)
        if row is None:
            row = CriterionRating(
                assessment=assessment,
                criterion=entry.criterion,
                rating=rating,
                rationale=entry.rationale,
                evaluator=actor,
                updated_at=now,
            )
            to_create.append(row)
        elif (row.rating, row.rationale) != (rating, entry.rationale):
            row.rating, row.rationale, row.evaluator, row.updated_at = (
                rating,
                entry.rationale,
                actor,
                now,
            )
            to_update.append(row)
        else:
            result.append(row)
            continue
        result.append(row)
        events.append(
            AuditEvent(
                assessment=assessment,
                actor=actor,
                action=AuditAction.RATING,
                comment=entry.rationale,
                data={"criterion": entry.criterion, "rating": rating},
            )
        )
    CriterionRating.objects.bulk_create(to_create)
    if to_update:
        CriterionRating.objects.bulk_update(
            to_update, ["rating", "rationale", "evaluator", "updated_at"]
        )
    AuditEvent.objects.bulk_create(events)
    return result


def rating_set(
    *, actor: Any, assessment: Assessment, criterion: str, rating: int | None, rationale: str = ""
) -> CriterionRating:
    """One rating: ``ratings_set`` with a batch of one; errors name the field directly."""
    try:
        return ratings_set(
            actor=actor,
            assessment=assessment,
            ratings=[RatingInput(criterion=criterion, rating=rating, rationale=rationale)],
        )[0]
    except BatchInvalid as exc:
        raise _single(exc) from None
