"""The workflow steps (DESIGN.md §4): each checks role and state, locks the row, changes it,
and writes its audit event in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.choices import (
    BODY_ROLES,
    COMPANY_ROLES,
    AuditAction,
    Role,
    Status,
)
from assessments.models import Assessment, Organization, Revision
from assessments.permissions import capabilities
from assessments.readouts import score_payload
from assessments.selectors import (
    answers_by_version,
    applied_checklists,
    progress_of,
    role_in,
    score_of,
    screening_of,
)
from assessments.services.common import Conflict, PermissionRefused, audit, notify, notify_user
from assessments.workflow import ACTS, STEPS, Step
from checklists.applicability import shipped_rules
from checklists.models import ChecklistVersion
from checklists.schema import Kind
from core.exceptions import ApplicationError


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("system").get(pk=assessment.pk)


def _check(step: Step, actor: Any, assessment: Assessment) -> None:
    """Role and claim (the workflow table's row, read by ``permissions``), then the state."""
    refused = capabilities(actor, assessment).refusal(step.name)
    if refused is not None:
        raise PermissionRefused(refused)
    _check_state(step.name, step.sources, assessment)


def _check_state(name: str, sources: frozenset[Status], assessment: Assessment) -> None:
    if assessment.status not in sources:
        raise Conflict(
            _("This step is not possible while the assessment is %(status)s.")
            % {"status": Status(assessment.status).label},
            extra={"status": assessment.status, "step": name},
        )


def _move(step: Step, actor: Any, assessment: Assessment, comment: str, **data: Any) -> Assessment:
    previous = assessment.status
    assessment.status = step.target
    assessment.full_clean()
    assessment.save()
    audit(
        assessment=assessment,
        actor=actor,
        action=AuditAction(step.name),
        from_status=previous,
        to_status=step.target,
        comment=comment,
        data=data,
    )
    return assessment


def missing_for_submit(assessment: Assessment) -> list[dict[str, str]]:
    """Everything that stops a submit: unanswered required items, N/A without reason, evidence.

    The same rule as the progress bars (``selectors.progress_of``)."""
    applied = applied_checklists(assessment)
    progress = progress_of(assessment, applied)
    missing = [
        {
            "checklist": entry.document.slug,
            "section": row.section,
            "item": row.item,
            "problem": row.problem.value,
        }
        for entry in applied
        for row in progress[entry.version.pk].missing
    ]
    return missing + _missing_rationale(assessment, applied)


RATIONALE_REQUIRED = "rationale_required"


def _missing_rationale(assessment: Assessment, applied: list[Any]) -> list[dict[str, str]]:
    """The screening said "not significant" at impact level III or IV without a reason: the
    rationale item (an optional text item otherwise) must be answered before submit."""
    screening = next((e for e in applied if e.document.kind == Kind.SCREENING), None)
    if screening is None:
        return []
    rules = shipped_rules(screening.document.version)
    if rules.rationale is None:
        return []
    result = screening_of(applied, answers_by_version(assessment))
    if result is None or not result.rationale_missing:
        return []
    located = screening.document.index.get(rules.rationale.item)
    section = located[0].code if located else ""
    return [
        {
            "checklist": screening.document.slug,
            "section": section,
            "item": rules.rationale.item,
            "problem": RATIONALE_REQUIRED,
        }
    ]


def _evaluation_version() -> ChecklistVersion | None:
    versions = ChecklistVersion.objects.filter(checklist__kind=Kind.EVALUATION.value).order_by(
        "-major", "-minor", "-patch"
    )
    return versions.select_related("checklist").first()


@transaction.atomic
def assessment_submit(
    *, actor: Any, assessment: Assessment, evaluation_body: int | None, comment: str = ""
) -> Assessment:
    """Submit (or resubmit) for review by ``evaluation_body``, or as a self-assessment when None.

    Refused with a 400 listing exactly what is missing. Freezes a revision of answers and scores.
    """
    step = STEPS["submit"]
    assessment = _locked(assessment)
    _check(step, actor, assessment)
    body: Organization | None = None
    if assessment.status == Status.CHANGES_REQUESTED:
        if evaluation_body not in (None, assessment.evaluation_body_id):
            raise ApplicationError(
                _("A resubmission goes to the same evaluation body."),
                extra={"fields": {"evaluation_body": ["cannot change on resubmission"]}},
            )
        body = assessment.evaluation_body
    elif evaluation_body is not None:
        body = Organization.objects.filter(pk=evaluation_body, kind="evaluation_body").first()
        if body is None:
            raise ApplicationError(
                _("There is no evaluation body with that id."),
                extra={"fields": {"evaluation_body": ["unknown evaluation body"]}},
            )
    missing = missing_for_submit(assessment)
    if missing:
        message = _("The assessment is not complete: %(count)d problems.") % {"count": len(missing)}
        rationale = next((m for m in missing if m["problem"] == RATIONALE_REQUIRED), None)
        if rationale is not None:
            message += " " + _(
                "The screening says the system has no significant effect although its impact "
                "level is III or IV: write the reason in %(item)s."
            ) % {"item": rationale["item"]}
        raise ApplicationError(message, extra={"missing": missing})
    assessment.evaluation_body = body
    if body is not None and assessment.evaluation_version_id is None:
        assessment.evaluation_version = _evaluation_version()
    assessment.revision += 1
    assessment.submitted_at = timezone.now()
    readout = score_of(assessment)
    applied = applied_checklists(assessment)
    answers = answers_by_version(assessment)
    Revision.objects.create(
        assessment=assessment,
        number=assessment.revision,
        checklists=[entry.label for entry in applied],
        answers={
            entry.label: {
                code: {"value": a.value, "comment": a.comment, "version": a.version}
                for code, a in sorted(answers.get(entry.version.pk, {}).items())
            }
            for entry in applied
        },
        scores=score_payload(readout),
        submitted_by=actor,
    )
    _move(
        step,
        actor,
        assessment,
        comment,
        revision=assessment.revision,
        evaluation_body=body.pk if body else None,
    )
    if body is not None:
        notify(
            organization_id=body.pk,
            roles=[Role.EVALUATOR, Role.LEAD],
            subject=_("Trust Check: %(system)s was submitted for evaluation")
            % {"system": assessment.system.name},
            body=_("Revision %(revision)d of the assessment of %(system)s awaits your review.")
            % {"revision": assessment.revision, "system": assessment.system.name},
        )
    return assessment


@transaction.atomic
def assessment_claim(*, actor: Any, assessment: Assessment, comment: str = "") -> Assessment:
    step = STEPS["claim"]
    assessment = _locked(assessment)
    _check(step, actor, assessment)
    assessment.claimed_by = actor
    return _move(step, actor, assessment, comment)


def _decide(
    name: str, *, actor: Any, assessment: Assessment, comment: str, override_reason: str = ""
) -> Assessment:
    step = STEPS[name]
    assessment = _locked(assessment)
    _check(step, actor, assessment)
    if step.needs_comment and not comment.strip():
        raise ApplicationError(
            _("Give the company a comment with this step."),
            extra={"fields": {"comment": ["required"]}},
        )
    record: dict[str, Any] = {}
    if name in ("approve", "reject"):
        readout = score_of(assessment)
        outcome = (
            readout.evaluation.outcome
            if readout.evaluation is not None and readout.evaluation.outcome is not None
            else None
        )
        record = {
            "outcome": outcome.value if outcome else None,
            "items": readout.score.scored_items,
            "verified_items": readout.score.verified_items,
        }
    override = ""
    if name == "approve" and assessment.evaluation_version is not None:
        waiting = readout.evaluation.not_evaluated if readout.evaluation is not None else ()
        if waiting:
            raise ApplicationError(
                _(
                    "No decision while criteria in scope are not evaluated: %(codes)s. Rate "
                    "them, or take them out of scope with a reason."
                )
                % {"codes": ", ".join(waiting)},
                extra={"fields": {"evaluation": ["not evaluated"]}, "not_evaluated": waiting},
            )
        if record["outcome"] is None:
            raise ApplicationError(
                _("Rate every reliability criterion before approving."),
                extra={"fields": {"evaluation": ["incomplete"]}},
            )
        if record["outcome"] == scoring.Outcome.FAIL.value:
            override = override_reason.strip()
            if not override:
                raise Conflict(
                    _(
                        "The reliability evaluation's outcome is fail: approving needs an "
                        "override with the reason, which the report prints on its cover."
                    ),
                    extra={
                        "outcome": record["outcome"],
                        "fields": {"override_reason": ["required when the outcome is fail"]},
                    },
                )
            record["override_reason"] = override
    if name in ("approve", "reject"):
        assessment.opinion = comment
        assessment.decided_at = timezone.now()
        assessment.approval_override = override
    _move(step, actor, assessment, comment, **record)
    notify(
        organization_id=assessment.system.organization_id,
        roles=[r for r in COMPANY_ROLES if r != Role.VIEWER],
        subject=_("Trust Check: %(system)s — %(step)s")
        % {"system": assessment.system.name, "step": step.target.label},
        body=comment or str(step.target.label),
        kind="changes_requested" if name == "request_changes" else "decided",
    )
    return assessment


@transaction.atomic
def assessment_request_changes(*, actor: Any, assessment: Assessment, comment: str) -> Assessment:
    return _decide("request_changes", actor=actor, assessment=assessment, comment=comment)


@transaction.atomic
def assessment_approve(
    *, actor: Any, assessment: Assessment, comment: str = "", override_reason: str = ""
) -> Assessment:
    """Approve; the reliability outcome must be pass or conditional once every criterion is
    rated. A fail outcome is approved only with ``override_reason``, which is recorded (on the
    assessment, in the audit event) and printed on the evaluation report's cover."""
    return _decide(
        "approve",
        actor=actor,
        assessment=assessment,
        comment=comment,
        override_reason=override_reason,
    )


@transaction.atomic
def assessment_reject(*, actor: Any, assessment: Assessment, comment: str) -> Assessment:
    return _decide("reject", actor=actor, assessment=assessment, comment=comment)


@transaction.atomic
def assessment_withdraw(*, actor: Any, assessment: Assessment, comment: str = "") -> Assessment:
    step = STEPS["withdraw"]
    assessment = _locked(assessment)
    _check(step, actor, assessment)
    return _move(step, actor, assessment, comment)


@transaction.atomic
def assessment_assign(*, actor: Any, assessment: Assessment, assignee: Any | None) -> Assessment:
    """A lead gives a submitted assessment to an evaluator (or a lead) of the body, or takes it
    back (``assignee`` None). Until claimed, only the assignee or a lead may claim it; once in
    review (or waiting for the company's changes) the review itself passes to the assignee.
    The assignee is mailed once the change has committed."""
    assessment = _locked(assessment)
    refused = capabilities(actor, assessment).refusal("assign")
    if refused is not None:
        raise PermissionRefused(refused)
    _check_state("assign", ACTS["assign"].sources, assessment)
    if assignee is not None and role_in(assignee, assessment.evaluation_body_id) not in BODY_ROLES:
        raise ApplicationError(
            _("Assign it to an evaluator of the evaluation body."),
            extra={"fields": {"assignee": [_("not an evaluator of this body")]}},
        )
    previous = assessment.assigned_to_id
    assessment.assigned_to = assignee
    if assignee is not None and assessment.claimed_by_id is not None:
        assessment.claimed_by = assignee
    assessment.full_clean()
    assessment.save()
    audit(
        assessment=assessment,
        actor=actor,
        action=AuditAction.ASSIGN,
        from_status=assessment.status,
        to_status=assessment.status,
        data={
            "assignee": assignee.pk if assignee is not None else None,
            "assignee_name": assignee.get_username() if assignee is not None else "",
            "previous": previous,
        },
    )
    if assignee is not None and assignee.pk != actor.pk:
        notify_user(
            user=assignee,
            subject=_("Trust Check: %(system)s was assigned to you")
            % {"system": assessment.system.name},
            body=_(
                "%(lead)s assigned you revision %(revision)d of the assessment of %(system)s "
                "(%(company)s) for review."
            )
            % {
                "lead": actor.get_username(),
                "revision": assessment.revision,
                "system": assessment.system.name,
                "company": assessment.system.organization.name,
            },
            kind="assigned",
        )
    return assessment
