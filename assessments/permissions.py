"""What an actor may do with one assessment, in one place.

``capabilities(user, assessment)`` reads the user's roles in the assessment's company and
evaluation body in one query and answers every question services, the API and the pages ask
(may they see it, edit its answers, take this step, review, assign, issue this report) from the
rows of ``assessments.workflow``: the side that acts, the states, and the claim requirement.
Scoping (which assessments a user sees at all) stays the queryset method
``Assessment.objects.visible_to``; this module answers for an assessment already in scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assessments.choices import BODY_ROLES, COMPANY_EDITORS, COMPANY_ROLES, Role, Status
from assessments.models import Assessment, Membership
from assessments.workflow import (
    STEPS,
    Refusal,
    Rule,
    Side,
    claim_refusal,
    rule_for,
)

# Why a rule refuses, per act where the wording differs; "*" is every other act.
_NOT_ON_SIDE: dict[str, Promise] = {
    "company": _("Only the company's owners and members can do this."),
    "body": _("Only evaluators of the chosen evaluation body can do this."),
    "edit_answers": _("Only the company's owners and members can change this assessment."),
    "review": _("Only evaluators of the chosen evaluation body can review."),
    "assign": _("Only a lead of the evaluation body can assign assessments."),
    "issue_evaluation_report": _(
        "Only the evaluation body of the assessment can issue an evaluation report."
    ),
    "issue_self_assessment_report": _(
        "Only the company's owners and members can issue a self-assessment report."
    ),
}
_CLAIM: dict[tuple[Refusal, str], Promise] = {
    (Refusal.HELD, "*"): _(
        "This assessment stays with the evaluator who reviewed it before; only they "
        "or a lead can take it up."
    ),
    (Refusal.ASSIGNED, "*"): _(
        "A lead assigned this assessment to another evaluator; only they or a lead can claim it."
    ),
    (Refusal.NOT_HOLDER, "*"): _(
        "Only the evaluator who claimed the assessment, or a lead, can do this."
    ),
    (Refusal.NOT_HOLDER, "review"): _(
        "Only the evaluator who claimed the assessment, or a lead, can review."
    ),
    (Refusal.NOT_LEAD, "*"): _("Only a lead of the evaluation body can assign assessments."),
}


@dataclass(frozen=True, slots=True)
class Capabilities:
    """The actor's roles towards one assessment and the state they were read in.

    Frozen: compute it once per request (or once per service call, after locking the row) and
    ask it as often as needed; none of its answers queries the database."""

    company_role: Role | None
    body_role: Role | None
    user_id: int
    status: Status
    claimed_by_id: int | None
    assigned_to_id: int | None
    revision: int = 0

    # Roles -----------------------------------------------------------------------------
    @property
    def can_view(self) -> bool:
        """A member of the company, or of the body it was submitted to (the scope's roles)."""
        return self.company_role in COMPANY_ROLES or self.body_role in BODY_ROLES

    @property
    def can_edit(self) -> bool:
        """A company owner or member: the people who answer and submit (in any state)."""
        return self.company_role in COMPANY_EDITORS

    @property
    def is_reviewer(self) -> bool:
        return self.body_role in BODY_ROLES

    @property
    def is_lead(self) -> bool:
        return self.body_role == Role.LEAD

    @property
    def can_request_reports(self) -> bool:
        """Sees the reports page's form: whoever may issue one kind of report in some state."""
        return self.can_edit or self.is_reviewer

    # Rules of the table ------------------------------------------------------------------
    def refusal(self, name: str) -> str | None:
        """Why the actor may not do ``name`` (a step or act of the workflow table) whatever the
        state, or None when their role and the claim let them."""
        rule = rule_for(name)
        if not self._on_side(rule):
            return str(_NOT_ON_SIDE.get(name) or _NOT_ON_SIDE[rule.side.value])
        if rule.side is Side.COMPANY:
            return None
        refused = claim_refusal(
            rule.claim,
            lead=self.is_lead,
            user_id=self.user_id,
            claimed_by_id=self.claimed_by_id,
            assigned_to_id=self.assigned_to_id,
        )
        if refused is None:
            return None
        return str(_CLAIM.get((refused, name)) or _CLAIM[(refused, "*")])

    def in_state_for(self, name: str) -> bool:
        """Whether the assessment's state allows ``name`` (for whoever may do it)."""
        if name == "issue_self_assessment_report" and self.revision < 1:
            return False
        return self.status in rule_for(name).sources

    def may(self, name: str) -> bool:
        """Both: the actor may, and the state allows it now."""
        return self.refusal(name) is None and self.in_state_for(name)

    def _on_side(self, rule: Rule) -> bool:
        return self.can_edit if rule.side is Side.COMPANY else self.is_reviewer

    @property
    def steps(self) -> list[str]:
        """The workflow steps the actor may take now, in table order (the pages' buttons)."""
        return [name for name in STEPS if self.may(name)]

    @property
    def can_edit_answers(self) -> bool:
        return self.may("edit_answers")

    @property
    def can_submit(self) -> bool:
        return self.may("submit")

    @property
    def can_withdraw(self) -> bool:
        return self.may("withdraw")

    @property
    def can_claim(self) -> bool:
        return self.may("claim")

    @property
    def can_review(self) -> bool:
        """Give verdicts and ratings: in review, the evaluator who claimed it or a lead."""
        return self.may("review")

    @property
    def can_decide(self) -> bool:
        return self.may("approve")

    @property
    def can_assign(self) -> bool:
        return self.may("assign")

    def can_issue_report(self, kind: str) -> bool:
        """``kind`` is a ``ReportKind`` value (``self_assessment`` or ``evaluation``)."""
        return self.may(_REPORT_ACT[kind])

    def as_dict(self) -> dict[str, Any]:
        """What ``GET /api/v1/assessments/{id}/capabilities/`` answers (its clients' buttons)."""
        flags = {name: getattr(self, name) for name in FLAGS}
        return flags | {
            "can_issue_self_assessment_report": self.can_issue_report("self_assessment"),
            "can_issue_evaluation_report": self.can_issue_report("evaluation"),
            "steps": self.steps,
        }


FLAGS = (
    "can_view",
    "can_edit_answers",
    "can_submit",
    "can_withdraw",
    "can_claim",
    "can_review",
    "can_decide",
    "can_assign",
)

_REPORT_ACT = {
    "self_assessment": "issue_self_assessment_report",
    "evaluation": "issue_evaluation_report",
}


def report_act(kind: str) -> str:
    """The act of the workflow table that issuing a report of ``kind`` is."""
    return _REPORT_ACT[kind]


def roles_towards(user: Any, assessment: Assessment) -> tuple[Role | None, Role | None]:
    """The user's role in the assessment's company and in its evaluation body: one query."""
    if not getattr(user, "is_authenticated", False):
        return None, None
    body_id = assessment.evaluation_body_id
    rows = Membership.objects.filter(user_id=user.pk).filter(
        Q(organization__systems=assessment.system_id, organization__kind="company")
        | Q(organization_id=body_id or 0, organization__kind="evaluation_body")
    )
    company: Role | None = None
    body: Role | None = None
    for organization_id, role in rows.values_list("organization_id", "role"):
        if organization_id == body_id:
            body = Role(role)
        else:
            company = Role(role)
    return company, body


def from_roles(
    assessment: Assessment, *, user_id: int, company_role: Role | None, body_role: Role | None
) -> Capabilities:
    """Capabilities from roles already read (e.g. by the autosave path's locking read)."""
    return Capabilities(
        company_role=company_role,
        body_role=body_role,
        user_id=user_id,
        status=Status(assessment.status),
        claimed_by_id=assessment.claimed_by_id,
        assigned_to_id=assessment.assigned_to_id,
        revision=assessment.revision,
    )


def capabilities(user: Any, assessment: Assessment) -> Capabilities:
    """What ``user`` may do with ``assessment`` as it is now: one query for the roles.

    Services call it on the row they have locked, so state and claim are the current ones."""
    company, body = roles_towards(user, assessment)
    return from_roles(assessment, user_id=int(user.pk or 0), company_role=company, body_role=body)
