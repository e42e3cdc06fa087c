"""``assessments.permissions``: every capability for every role in every state, as a table.

The expected table is written out by hand from DESIGN.md §1 and §4 and the README (a
resubmission stays with its evaluator, an assignment binds the claim), not derived from the
workflow table, so a wrong row there fails here. ``capabilities()`` itself is checked against
real memberships, with its query count.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.choices import Role, Status
from assessments.models import Assessment
from assessments.permissions import Capabilities, capabilities
from tests.factories import MembershipFactory, OrganizationFactory, SystemFactory, UserFactory

CLAIMANT, OTHER, LEAD_ID, USER_ID = 10, 11, 12, 13

# who: (company role, body role, user id)
WHO: dict[str, tuple[Role | None, Role | None, int]] = {
    "owner": (Role.OWNER, None, USER_ID),
    "member": (Role.MEMBER, None, USER_ID),
    "viewer": (Role.VIEWER, None, USER_ID),
    "claimant": (None, Role.EVALUATOR, CLAIMANT),
    "other": (None, Role.EVALUATOR, OTHER),
    "lead": (None, Role.LEAD, LEAD_ID),
    "outsider": (None, None, USER_ID),
}
EDITORS = {"owner", "member"}
HOLDERS = {"claimant", "lead"}
BODY = {"claimant", "other", "lead"}
ALL_IN = EDITORS | {"viewer"} | BODY
S = Status

# capability -> state -> who has it. States not listed: nobody.
EXPECTED: dict[str, dict[Status, set[str]]] = {
    "can_view": {state: ALL_IN for state in Status},
    "can_edit_answers": {S.DRAFT: EDITORS, S.CHANGES_REQUESTED: EDITORS},
    "can_submit": {S.DRAFT: EDITORS, S.CHANGES_REQUESTED: EDITORS},
    "can_withdraw": {S.DRAFT: EDITORS, S.CHANGES_REQUESTED: EDITORS},
    "can_claim": {S.SUBMITTED: BODY},  # a first submission: nobody holds it yet
    "can_review": {S.IN_REVIEW: HOLDERS},
    "can_decide": {S.IN_REVIEW: HOLDERS},
    "can_assign": {S.SUBMITTED: {"lead"}, S.IN_REVIEW: {"lead"}, S.CHANGES_REQUESTED: {"lead"}},
    "evaluation_report": {S.APPROVED: HOLDERS, S.REJECTED: HOLDERS},
    "self_assessment_report": {
        state: EDITORS for state in Status if state not in (S.DRAFT, S.WITHDRAWN)
    },
}


def _caps(
    who: str,
    status: Status,
    *,
    claimed_by: int | None = None,
    assigned_to: int | None = None,
    revision: int | None = None,
) -> Capabilities:
    company, body, user_id = WHO[who]
    if claimed_by is None and status not in (S.DRAFT, S.SUBMITTED, S.WITHDRAWN):
        claimed_by = CLAIMANT
    return Capabilities(
        company_role=company,
        body_role=body,
        user_id=user_id,
        status=status,
        claimed_by_id=claimed_by,
        assigned_to_id=assigned_to,
        revision=(0 if status == S.DRAFT else 1) if revision is None else revision,
    )


def _has(caps: Capabilities, capability: str) -> bool:
    if capability.endswith("_report"):
        return caps.can_issue_report(capability.removesuffix("_report"))
    return bool(getattr(caps, capability))


@pytest.mark.parametrize("capability", sorted(EXPECTED))
@pytest.mark.parametrize("status", list(Status), ids=str)
def test_each_role_in_each_state(capability: str, status: Status) -> None:
    granted = {who for who in WHO if _has(_caps(who, status), capability)}
    assert granted == EXPECTED[capability].get(status, set())


@pytest.mark.parametrize("status", list(Status), ids=str)
@pytest.mark.parametrize("who", sorted(WHO))
def test_steps_are_the_step_capabilities(who: str, status: Status) -> None:
    caps = _caps(who, status)
    expected = [
        name
        for name, capability in (
            ("submit", "can_submit"),
            ("claim", "can_claim"),
            ("request_changes", "can_decide"),
            ("approve", "can_decide"),
            ("reject", "can_decide"),
            ("withdraw", "can_withdraw"),
        )
        if EXPECTED[capability].get(status) and who in EXPECTED[capability][status]
    ]
    assert caps.steps == expected


@pytest.mark.parametrize(
    ("who", "claimed_by", "assigned_to", "may_claim", "message"),
    [
        # A resubmission stays with the evaluator who reviewed it.
        ("claimant", CLAIMANT, None, True, None),
        ("other", CLAIMANT, None, False, "stays with the evaluator who reviewed it"),
        ("lead", CLAIMANT, None, True, None),
        # An assignment: only the assignee, or a lead, claims it.
        ("other", None, CLAIMANT, False, "assigned this assessment to another evaluator"),
        ("claimant", None, CLAIMANT, True, None),
        ("lead", None, CLAIMANT, True, None),
        ("owner", None, None, False, "Only evaluators of the chosen evaluation body"),
    ],
)
def test_the_claim_rule(
    who: str, claimed_by: int | None, assigned_to: int | None, may_claim: bool, message: str | None
) -> None:
    caps = _caps(who, S.SUBMITTED, claimed_by=claimed_by, assigned_to=assigned_to)
    assert caps.can_claim is may_claim
    refusal = caps.refusal("claim")
    assert (refusal is None) if message is None else (message in (refusal or ""))


def test_a_self_assessment_report_waits_for_the_first_submit() -> None:
    assert not _caps("owner", S.DRAFT, revision=0).can_issue_report("self_assessment")
    assert _caps("owner", S.DRAFT, revision=1).can_issue_report("self_assessment")


def test_refusals_say_who_may() -> None:
    assert "can review" in (_caps("other", S.IN_REVIEW).refusal("review") or "")
    assert "or a lead, can do this" in (_caps("other", S.IN_REVIEW).refusal("approve") or "")
    assert "lead of the evaluation body" in (_caps("claimant", S.IN_REVIEW).refusal("assign") or "")
    assert "change this assessment" in (_caps("viewer", S.DRAFT).refusal("edit_answers") or "")


@pytest.mark.django_db
def test_capabilities_reads_the_roles_in_one_query() -> None:
    company = OrganizationFactory(kind="company")
    body = OrganizationFactory(kind="evaluation_body")
    other_body = OrganizationFactory(kind="evaluation_body")
    system = SystemFactory(organization=company)
    owner, viewer, evaluator, lead, stranger = (UserFactory() for _ in range(5))
    MembershipFactory(user=owner, organization=company, role=Role.OWNER)
    MembershipFactory(user=viewer, organization=company, role=Role.VIEWER)
    MembershipFactory(user=evaluator, organization=body, role=Role.EVALUATOR)
    MembershipFactory(user=lead, organization=body, role=Role.LEAD)
    MembershipFactory(user=stranger, organization=other_body, role=Role.LEAD)
    assessment = Assessment.objects.create(
        system=system,
        created_by=owner,
        status=S.IN_REVIEW,
        evaluation_body=body,
        claimed_by=evaluator,
        revision=1,
    )
    assessment = Assessment.objects.get(pk=assessment.pk)  # nothing related cached
    expected = {
        owner: (Role.OWNER, None),
        viewer: (Role.VIEWER, None),
        evaluator: (None, Role.EVALUATOR),
        lead: (None, Role.LEAD),
        stranger: (None, None),
    }
    for user, (company_role, body_role) in expected.items():
        with CaptureQueriesContext(connection) as queries:
            caps = capabilities(user, assessment)
        assert len(queries) == 1
        assert (caps.company_role, caps.body_role) == (company_role, body_role)
    assert capabilities(evaluator, assessment).can_review
    assert capabilities(lead, assessment).can_decide
    assert not capabilities(stranger, assessment).can_view
    assert capabilities(owner, assessment).steps == []


@pytest.mark.parametrize(
    ("who", "code", "expected"),
    [
        ("owner", 200, {"can_view": True, "can_edit_answers": False, "steps": []}),
        ("viewer", 200, {"can_view": True, "can_submit": False, "steps": []}),
        (
            "evaluator",
            200,
            {"can_review": True, "steps": ["request_changes", "approve", "reject"]},
        ),
        ("lead", 200, {"can_decide": True, "can_assign": True, "can_claim": False}),
        ("other_company", 404, None),
        ("other_evaluator", 404, None),
        ("anonymous", 401, None),
    ],
)
def test_the_api_answers_the_callers_capabilities(
    world: Any, who: str, code: int, expected: dict[str, Any] | None
) -> None:
    assessment = world.in_review()
    reply = world.client(who).get(f"/api/v1/assessments/{assessment.pk}/capabilities/")
    assert reply.status_code == code
    if expected is not None:
        body = reply.json()
        assert expected.items() <= body.items()
        assert body == capabilities(world.users[who], assessment).as_dict()


def test_the_api_capabilities_follow_the_claim(world: Any) -> None:
    """A second evaluator of the body, not the claimant, may do nothing with a claimed review."""
    from assessments.choices import Role

    second = MembershipFactory(
        user=UserFactory(username="second"), organization=world.body, role=Role.EVALUATOR
    ).user
    world.users["second"] = second
    assessment = world.in_review()
    body = world.client("second").get(f"/api/v1/assessments/{assessment.pk}/capabilities/").json()
    assert body["can_view"] and not body["can_review"] and body["steps"] == []
