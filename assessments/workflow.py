"""The assessment state machine on paper (DESIGN.md §4): a pure table, no database.

Services look a step up here, check the actor's side and the current state, and only then lock,
change and audit the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assessments.choices import Status


class Side(StrEnum):
    """Who may take a step: the company's editors (owner, member) or the evaluation body."""

    COMPANY = "company"
    BODY = "body"


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    sources: frozenset[Status]
    target: Status
    side: Side
    needs_comment: bool = False


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "submit",
            frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
            Status.SUBMITTED,
            Side.COMPANY,
        ),
        Step("claim", frozenset({Status.SUBMITTED}), Status.IN_REVIEW, Side.BODY),
        Step(
            "request_changes",
            frozenset({Status.IN_REVIEW}),
            Status.CHANGES_REQUESTED,
            Side.BODY,
            needs_comment=True,
        ),
        Step("approve", frozenset({Status.IN_REVIEW}), Status.APPROVED, Side.BODY),
        Step(
            "reject", frozenset({Status.IN_REVIEW}), Status.REJECTED, Side.BODY, needs_comment=True
        ),
        Step(
            "withdraw",
            frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
            Status.WITHDRAWN,
            Side.COMPANY,
        ),
    )
}


def allowed_steps(status: Status, side: Side) -> list[str]:
    """The steps a side may take from ``status``, in table order (for the UI's buttons)."""
    return [step.name for step in STEPS.values() if step.side is side and status in step.sources]
