"""The evaluator's item verdicts and criterion ratings."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.choices import AuditAction, Role, Status, VerdictChoice
from assessments.models import Assessment, CriterionRating, ItemVerdict
from assessments.selectors import applied_checklists, role_in
from assessments.services.common import Conflict, PermissionRefused, audit
from checklists.selectors import document_for
from config.exceptions import ApplicationError


def _reviewer(actor: Any, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    role = role_in(actor, assessment.evaluation_body_id)
    if role not in (Role.EVALUATOR, Role.LEAD):
        raise PermissionRefused(_("Only evaluators of the chosen evaluation body can review."))
    if role != Role.LEAD and assessment.claimed_by_id != actor.pk:
        raise PermissionRefused(
            _("Only the evaluator who claimed the assessment, or a lead, can review.")
        )
    if assessment.status != Status.IN_REVIEW:
        raise Conflict(
            _("Only an assessment in review takes verdicts and ratings."),
            extra={"status": assessment.status},
        )
    return assessment


@transaction.atomic
def verdict_set(
    *, actor: Any, assessment: Assessment, checklist: str, item: str, verdict: str, remark: str = ""
) -> ItemVerdict:
    """Record the evaluator's verdict on one item (replacing an earlier one)."""
    assessment = _reviewer(actor, assessment)
    if verdict not in VerdictChoice.values:
        raise ApplicationError(
            _("Unknown verdict."), extra={"fields": {"verdict": [f"one of {VerdictChoice.values}"]}}
        )
    target = next(
        (e for e in applied_checklists(assessment) if checklist in (e.document.slug, e.label)), None
    )
    if target is None:
        raise ApplicationError(
            _("%(checklist)s does not apply to this assessment.") % {"checklist": checklist},
            extra={"fields": {"checklist": ["not applicable"]}},
        )
    if not any(i.code == item for _s, i in target.document.items()):
        raise ApplicationError(
            _("%(item)s is not an item of %(checklist)s.")
            % {"item": item, "checklist": target.label},
            extra={"fields": {"item": ["unknown item"]}},
        )
    if verdict != VerdictChoice.CONFIRMED and not remark.strip():
        raise ApplicationError(
            _("Explain a verdict other than confirmed in a remark."),
            extra={"fields": {"remark": ["required"]}},
        )
    row, _created = ItemVerdict.objects.update_or_create(
        assessment=assessment,
        checklist_version=target.version,
        item_code=item,
        defaults={
            "verdict": verdict,
            "remark": remark,
            "revision": assessment.revision,
            "evaluator": actor,
        },
    )
    audit(
        assessment=assessment,
        actor=actor,
        action=AuditAction.VERDICT,
        comment=remark,
        data={"checklist": target.label, "item": item, "verdict": verdict},
    )
    return row


@transaction.atomic
def rating_set(
    *, actor: Any, assessment: Assessment, criterion: str, rating: int | None, rationale: str = ""
) -> CriterionRating:
    """Rate one reliability criterion 0-4 (None = not applicable); below 3 needs a rationale."""
    assessment = _reviewer(actor, assessment)
    if assessment.evaluation_version is None:
        raise ApplicationError(_("No evaluation criteria are attached to this assessment."))
    document = document_for(assessment.evaluation_version)
    found = next((i for _s, i in document.items() if i.code == criterion), None)
    if found is None:
        raise ApplicationError(
            _("%(criterion)s is not a reliability criterion.") % {"criterion": criterion},
            extra={"fields": {"criterion": ["unknown criterion"]}},
        )
    if rating is None and not found.allow_na:
        raise ApplicationError(
            _("This criterion must be rated."), extra={"fields": {"rating": ["required"]}}
        )
    if rating is not None and (
        isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 4
    ):
        raise ApplicationError(
            _("A rating is a whole number from 0 to 4."), extra={"fields": {"rating": ["0-4"]}}
        )
    if (rating is None or rating < 3) and not rationale.strip():
        raise ApplicationError(
            _("A rating below 3, or not applicable, needs a rationale."),
            extra={"fields": {"rationale": ["required"]}},
        )
    row, _created = CriterionRating.objects.update_or_create(
        assessment=assessment,
        criterion=criterion,
        defaults={"rating": rating, "rationale": rationale, "evaluator": actor},
    )
    audit(
        assessment=assessment,
        actor=actor,
        action=AuditAction.RATING,
        comment=rationale,
        data={"criterion": criterion, "rating": rating},
    )
    return row
