"""The assessment state machine on paper (DESIGN.md §4): a pure table, no database.

Every rule of who may act on an assessment is a row here: the workflow steps, which move the
status, and the acts that leave it as it is (editing answers, reviewing, assigning, issuing a
report). A row says which side acts, in which states, and what the claim requires of the actor
(``Claim``). ``assessments.permissions`` reads the table against the actor's roles; services,
API and pages ask it, and nothing else re-derives these rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assessments.choices import EDITABLE_STATUSES, Status


class Side(StrEnum):
    """Who may take a step: the company's editors (owner, member) or the evaluation body."""

    COMPANY = "company"
    BODY = "body"


class Claim(StrEnum):
    """What the claim on the review asks of an evaluator of the body (a lead passes every one
    except that LEAD asks for a lead).

    A resubmission keeps its evaluator: the claim survives changes requested, so only the
    evaluator who had it (or a lead, who may take it over) takes it up again; an assignment by a
    lead works the same way until the assessment is claimed."""

    NONE = "none"  # a company act: no claim involved
    OPEN = "open"  # the claim itself: nobody else holds it or was assigned it
    HOLDER = "holder"  # only the evaluator who claimed it
    LEAD = "lead"  # only a lead


class Refusal(StrEnum):
    """Why the claim rule refuses an evaluator (the messages live in ``permissions``)."""

    HELD = "held"  # another evaluator holds the claim
    ASSIGNED = "assigned"  # a lead assigned it to another evaluator
    NOT_HOLDER = "not_holder"  # the act needs the claim, and the actor does not hold it
    NOT_LEAD = "not_lead"


@dataclass(frozen=True, slots=True)
class Act:
    """Something a side may do in some states without moving the status."""

    name: str
    sources: frozenset[Status]
    side: Side
    claim: Claim = Claim.NONE


@dataclass(frozen=True, slots=True)
class Step:
    """A transition: an act that moves the status to ``target``."""

    name: str
    sources: frozenset[Status]
    target: Status
    side: Side
    needs_comment: bool = False
    claim: Claim = Claim.NONE


_IN_REVIEW = frozenset({Status.IN_REVIEW})

STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("submit", EDITABLE_STATUSES, Status.SUBMITTED, Side.COMPANY),
        Step("claim", frozenset({Status.SUBMITTED}), Status.IN_REVIEW, Side.BODY, claim=Claim.OPEN),
        Step(
            "request_changes",
            _IN_REVIEW,
            Status.CHANGES_REQUESTED,
            Side.BODY,
            needs_comment=True,
            claim=Claim.HOLDER,
        ),
        Step("approve", _IN_REVIEW, Status.APPROVED, Side.BODY, claim=Claim.HOLDER),
        Step(
            "reject",
            _IN_REVIEW,
            Status.REJECTED,
            Side.BODY,
            needs_comment=True,
            claim=Claim.HOLDER,
        ),
        Step("withdraw", EDITABLE_STATUSES, Status.WITHDRAWN, Side.COMPANY),
    )
}

ASSIGNABLE = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED})
DECIDED = frozenset({Status.APPROVED, Status.REJECTED})

ACTS: dict[str, Act] = {
    act.name: act
    for act in (
        Act("edit_answers", EDITABLE_STATUSES, Side.COMPANY),
        Act("review", _IN_REVIEW, Side.BODY, Claim.HOLDER),
        Act("assign", ASSIGNABLE, Side.BODY, Claim.LEAD),
        Act("issue_evaluation_report", DECIDED, Side.BODY, Claim.HOLDER),
        # Any state once submitted; ``permissions`` adds "submitted at least once".
        Act(
            "issue_self_assessment_report",
            frozenset(Status) - {Status.WITHDRAWN},
            Side.COMPANY,
        ),
    )
}

Rule = Step | Act


def rule_for(name: str) -> Rule:
    """The row of a step or an act by name (``KeyError`` for an unknown one: a typo in code)."""
    return STEPS.get(name) or ACTS[name]


def allowed_steps(status: Status, side: Side) -> list[str]:
    """The steps a side may take from ``status``, in table order (for the UI's buttons)."""
    return [step.name for step in STEPS.values() if step.side is side and status in step.sources]


def claim_refusal(
    claim: Claim,
    *,
    lead: bool,
    user_id: int,
    claimed_by_id: int | None,
    assigned_to_id: int | None,
) -> Refusal | None:
    """Whether the claim rule lets an evaluator of the body (a lead when ``lead``) act."""
    if claim is Claim.NONE:
        return None
    if claim is Claim.LEAD:
        return None if lead else Refusal.NOT_LEAD
    if lead:
        return None
    if claim is Claim.OPEN:
        if claimed_by_id not in (None, user_id):
            return Refusal.HELD
        if assigned_to_id not in (None, user_id):
            return Refusal.ASSIGNED
        return None
    return None if claimed_by_id == user_id else Refusal.NOT_HOLDER
