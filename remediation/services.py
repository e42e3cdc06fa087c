"""Every write of a remediation plan (STYLE.md rule 2): keyword-only, one transaction, its
history row (``ActionEvent``) in the same transaction.

Who may write: the company's owners and members (``COMPANY_EDITORS``) create and change
actions; the evaluator who holds the review (or a lead of the body) accepts the plan as a
condition of the decision. Scoping (404) is the caller's job, through
``Assessment.objects.visible_to``; these functions refuse what a visible object's viewer may not
do (403) and bad input field by field (400).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.choices import COMPANY_EDITORS, Status
from assessments.models import Assessment, Evidence, Membership
from assessments.permissions import capabilities
from assessments.selectors import applied_checklists, role_in
from assessments.services.common import Conflict, PermissionRefused
from core.exceptions import ApplicationError
from remediation import signals
from remediation.choices import OPEN_STATUSES, ActionEventKind, ActionSource, ActionStatus
from remediation.models import Action, ActionEvent, PlanAcceptance
from remediation.selectors import plan_for

TITLE_MAX = 200


@dataclass(frozen=True, slots=True)
class ItemRef:
    """One checklist item an action is about (codes are stable across content versions)."""

    checklist: str
    item: str


def _invalid(fields: dict[str, list[str]]) -> ApplicationError:
    return ApplicationError(_("The action has invalid fields."), extra={"fields": fields})


def _require_editor(actor: Any, organization_id: int) -> None:
    if role_in(actor, organization_id) not in COMPANY_EDITORS:
        raise PermissionRefused(_("Only the company's owners and members can change the plan."))


def _check_items(assessment: Assessment, items: Sequence[ItemRef]) -> list[dict[str, str]]:
    """The items as stored, each an item of a checklist that applies to ``assessment``."""
    if not items:
        raise _invalid({"items": [_("Link at least one item.")]})
    known = {
        entry.document.slug: {item.code for _section, item in entry.document.items()}
        for entry in applied_checklists(assessment)
    }
    errors = [
        _("%(item)s is not an item of %(checklist)s in this assessment.")
        % {"item": ref.item, "checklist": ref.checklist}
        for ref in items
        if ref.item not in known.get(ref.checklist, ())
    ]
    if errors:
        raise _invalid({"items": errors})
    unique = dict.fromkeys((ref.checklist, ref.item) for ref in items)
    return [{"checklist": slug, "item": code} for slug, code in unique]


def _check_fields(
    *, organization_id: int, title: str | None, owner: Any, due_date: date | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if title is not None and not title.strip():
        errors["title"] = [_("Give the action a title.")]
    elif title is not None and len(title.strip()) > TITLE_MAX:
        errors["title"] = [_("At most %(n)d characters.") % {"n": TITLE_MAX}]
    if (
        owner is not None
        and not Membership.objects.filter(
            user=owner, organization_id=organization_id, role__in=list(COMPANY_EDITORS)
        ).exists()
    ):
        errors["owner"] = [_("The owner must be an owner or member of the company.")]
    if due_date is not None and not isinstance(due_date, date):
        errors["due_date"] = [_("Enter a valid date.")]
    return errors


def _record(action: Action, actor: Any, kind: ActionEventKind, **data: Any) -> None:
    ActionEvent.objects.create(action=action, actor=actor, kind=kind, data=data)


@transaction.atomic
def action_create(
    *,
    actor: Any,
    assessment: Assessment,
    title: str,
    source: str,
    items: Sequence[ItemRef],
    owner: Any,
    due_date: date | None,
) -> Action:
    """Plan an action on a finding (a gap, an evaluator's remark or a "needs evidence" verdict)
    of ``assessment``; it belongs to the assessment's AI system and the linked item codes."""
    system = assessment.system
    _require_editor(actor, system.organization_id)
    errors = _check_fields(
        organization_id=system.organization_id, title=title, owner=owner, due_date=due_date
    )
    if owner is None:
        errors["owner"] = [_("Choose who owns the action.")]
    if due_date is None:
        errors.setdefault("due_date", [_("Choose a due date.")])
    if source not in ActionSource.values:
        errors["source"] = [_("Choose what finding the action answers.")]
    try:
        stored_items = _check_items(assessment, items)
    except ApplicationError as exc:
        errors.update(exc.extra["fields"])
    if errors:
        raise _invalid(errors)
    assert due_date is not None
    action = Action(
        system=system,
        raised_in=assessment,
        title=title.strip(),
        source=source,
        items=stored_items,
        owner=owner,
        due_date=due_date,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    _record(action, actor, ActionEventKind.CREATE, owner=owner.pk, due_date=due_date.isoformat())
    signals.action_assigned.send(sender=Action, action=action, actor=actor)
    return action


def _locked(action: Action) -> Action:
    return Action.objects.select_for_update().select_related("system").get(pk=action.pk)


@transaction.atomic
def action_update(
    *,
    actor: Any,
    action: Action,
    title: str | None = None,
    owner: Any = None,
    due_date: date | None = None,
    items: Sequence[ItemRef] | None = None,
) -> Action:
    """Change what the action is (title, owner, due date, linked items); None keeps a field."""
    action = _locked(action)
    _require_editor(actor, action.system.organization_id)
    errors = _check_fields(
        organization_id=action.system.organization_id, title=title, owner=owner, due_date=due_date
    )
    stored_items = None
    if items is not None:
        try:
            stored_items = _check_items(action.raised_in, items)
        except ApplicationError as exc:
            errors.update(exc.extra["fields"])
    if errors:
        raise _invalid(errors)
    changed: dict[str, Any] = {}
    if title is not None and title.strip() != action.title:
        action.title = changed["title"] = title.strip()
    new_owner = owner is not None and owner.pk != action.owner_id
    if new_owner:
        action.owner = owner
        changed["owner"] = owner.pk
    if due_date is not None and due_date != action.due_date:
        action.due_date = due_date
        changed["due_date"] = due_date.isoformat()
    if stored_items is not None and stored_items != action.items:
        action.items = changed["items"] = stored_items
    if changed:
        action.full_clean()
        action.save()
        _record(action, actor, ActionEventKind.UPDATE, **changed)
    if new_owner:
        signals.action_assigned.send(sender=Action, action=action, actor=actor)
    return action


@transaction.atomic
def action_set_status(
    *,
    actor: Any,
    action: Action,
    status: str,
    reason: str = "",
    closing_note: str = "",
    closing_evidence: int | None = None,
) -> Action:
    """Move an action to ``status``. Done asks for what closes it: an answer or note, or a
    file attached to one of the system's assessments; an accepted risk asks for its reason."""
    action = _locked(action)
    _require_editor(actor, action.system.organization_id)
    if status not in ActionStatus.values:
        raise _invalid({"status": [_("Choose a status.")]})
    evidence = None
    errors: dict[str, list[str]] = {}
    if closing_evidence is not None:
        evidence = Evidence.objects.filter(
            pk=closing_evidence, assessment__system_id=action.system_id
        ).first()
        if evidence is None:
            errors["closing_evidence"] = [_("Choose a file of this AI system's assessments.")]
    if status == ActionStatus.DONE and not closing_note.strip() and closing_evidence is None:
        errors["closing_note"] = [
            _("Say what closed the action, or choose the evidence that shows it.")
        ]
    if status == ActionStatus.ACCEPTED_RISK and not reason.strip():
        errors["reason"] = [_("Say why the risk is accepted.")]
    if errors:
        raise _invalid(errors)
    previous = action.status
    action.status = status
    action.status_reason = reason.strip() if status == ActionStatus.ACCEPTED_RISK else ""
    if status == ActionStatus.DONE:
        action.closing_note = closing_note.strip()
        action.closing_evidence = evidence
    closed = status not in OPEN_STATUSES
    action.closed_at = (action.closed_at or timezone.now()) if closed else None
    action.full_clean()
    action.save()
    _record(
        action,
        actor,
        ActionEventKind.STATUS,
        **{"from": previous, "to": status, "evidence": evidence.pk if evidence else None},
    )
    return action


ACCEPTING = frozenset({Status.IN_REVIEW})


@transaction.atomic
def plan_accept(
    *, actor: Any, assessment: Assessment, actions: Sequence[int], comment: str = ""
) -> PlanAcceptance | None:
    """The evaluator accepts the company's plan (these open actions) as a condition of the
    decision, typically a conditional pass; shown on the decision page and the evaluation
    report. Recording it again replaces the earlier choice; an empty choice withdraws it."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if capabilities(actor, assessment).refusal("review") is not None:
        raise PermissionRefused(
            _("Only the evaluator who claimed the assessment, or a lead, can accept the plan.")
        )
    if assessment.status not in ACCEPTING:
        raise Conflict(
            _("The plan can be accepted only while the assessment is in review."),
            extra={"status": assessment.status},
        )
    open_ids = {a.pk for a in plan_for(assessment) if a.is_open}
    wanted = list(dict.fromkeys(actions))
    unknown = [pk for pk in wanted if pk not in open_ids]
    if unknown:
        raise _invalid(
            {
                "actions": [
                    _("Not an open action of this plan: %(ids)s")
                    % {"ids": ", ".join(str(pk) for pk in unknown)}
                ]
            }
        )
    before = set(
        PlanAcceptance.actions.through.objects.filter(
            planacceptance__assessment=assessment
        ).values_list("action_id", flat=True)
    )
    # Each accepted or withdrawn action's history says so, with the evaluator and assessment.
    ActionEvent.objects.bulk_create(
        [
            ActionEvent(
                action_id=pk,
                actor=actor,
                kind=ActionEventKind.CONDITION,
                data={"assessment": assessment.pk},
            )
            for pk in wanted
            if pk not in before
        ]
        + [
            ActionEvent(
                action_id=pk,
                actor=actor,
                kind=ActionEventKind.CONDITION_WITHDRAWN,
                data={"assessment": assessment.pk},
            )
            for pk in sorted(before - set(wanted))
        ]
    )
    if not wanted:
        PlanAcceptance.objects.filter(assessment=assessment).delete()
        return None
    acceptance, _created = PlanAcceptance.objects.update_or_create(
        assessment=assessment, defaults={"accepted_by": actor, "comment": comment.strip()}
    )
    acceptance.actions.set(wanted)
    return acceptance
