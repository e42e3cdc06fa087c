"""Who may call which assessments endpoint: the permission matrix of the API (DESIGN.md §1, §7).

Every row below is one endpoint in one assessment state; its columns are the expected status code
for each role of the ``world`` fixture. The state is chosen so that the role check is what decides
(claim on a submitted assessment, decisions on one in review claimed by ``evaluator`` …); state
conflicts (409) have a table of their own at the end.

The rules the rows spell out:

* anonymous → **401** with ``WWW-Authenticate: Token``. DRF takes that header from the *first*
  authentication class; ``REST_FRAMEWORK`` lists ``TokenAuthentication`` before
  ``SessionAuthentication``, so an unauthenticated request is told 401, not 403 (with session
  authentication first DRF would answer 403). DESIGN.md §7 allows either ("401/403 auth");
  ``test_anonymous_gets_401_with_www_authenticate`` pins the choice.
* an object outside the user's scope → 404, never 403;
* a visible object the user may not change → 403 (viewers never write; evaluators never write
  answers, evidence or workflow steps of the company side; only owners create and edit systems);
* evaluators see an assessment only once it was submitted to their body, and never a
  self-assessment (submitted with ``evaluation_body`` null);
* teams (``/organizations/{id}/members/``, ``…/invitations/``): every member of the organisation
  lists its members; only its owners (a company) or leads (a body) see invitations (403 for the
  other members) and change anything; outside the organisation everything is 404. Assigning
  (``…/assign/``) is a lead's step: 403 for the rest of the body and for the company;
* staff (a superuser with no memberships) sees nothing through the API: empty lists, 404 on objects.
  The list of evaluation bodies is the one exception: it is the directory a company picks from (like
  the checklist catalogue), not data of anyone's organisation, so every signed-in user sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import services
from assessments.models import (
    AISystem,
    Answer,
    Assessment,
    AuditEvent,
    CriterionRating,
    Evidence,
    Invitation,
    ItemVerdict,
    Membership,
    OrganizationEvent,
    Revision,
)
from assessments.upgrades import upgrade_preview
from tests.assessments.conftest import ROLES, World, publish_general_v2, row
from tests.factories import api_token

API = "/api/v1"
ANON = 401  # see the module docstring: token authentication comes first, so DRF answers 401


# --------------------------------------------------------------------------------------------
# States: each builds a fresh assessment (or none) and returns what the paths need.
# --------------------------------------------------------------------------------------------


def _no_assessment(world: World) -> dict[str, Any]:
    return {"s": world.system.pk}


def _draft(world: World) -> dict[str, Any]:
    return {"s": world.system.pk, "a": world.new_assessment().pk}


def _draft_complete(world: World) -> dict[str, Any]:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    return {"s": world.system.pk, "a": assessment.pk}


def _with_evidence(assessment: Assessment) -> dict[str, Any]:
    evidence = Evidence.objects.filter(assessment=assessment).order_by("pk").first()
    return {"s": assessment.system_id, "a": assessment.pk, "e": evidence.pk if evidence else 0}


def _draft_with_evidence(world: World) -> dict[str, Any]:
    assessment = world.new_assessment()
    world.answer_all(assessment)  # uploads one evidence file
    return _with_evidence(assessment)


def _submitted(world: World) -> dict[str, Any]:
    return _with_evidence(world.submitted())


def _self_submitted(world: World) -> dict[str, Any]:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    services.assessment_submit(
        actor=world.users["owner"], assessment=assessment, evaluation_body=None
    )
    return _with_evidence(assessment)


def _in_review(world: World) -> dict[str, Any]:
    return _with_evidence(world.in_review())


def _in_review_rated(world: World) -> dict[str, Any]:
    assessment = world.in_review()
    for criterion in ("T-R-01", "T-R-02", "T-R-03"):
        services.rating_set(
            actor=world.users["evaluator"], assessment=assessment, criterion=criterion, rating=4
        )
    return _with_evidence(assessment)


def _changes_requested(world: World) -> dict[str, Any]:
    assessment = world.in_review()
    services.assessment_request_changes(
        actor=world.users["evaluator"], assessment=assessment, comment="Add tests"
    )
    return _with_evidence(assessment)


def _team(world: World) -> dict[str, Any]:
    """Both organisations' teams with an open invitation each (issue 11.1)."""
    invitations = [
        services.membership_invite(
            actor=world.users[who], organization=org, email="pending@example.com", role=role
        )
        for who, org, role in (
            ("owner", world.company, "member"),
            ("lead", world.body, "evaluator"),
        )
    ]
    return {
        "c": world.company.pk,
        "b": world.body.pk,
        "m": Membership.objects.get(user=world.users["viewer"]).pk,
        "bm": Membership.objects.get(user=world.users["evaluator"]).pk,
        "i": invitations[0].pk,
        "bi": invitations[1].pk,
    }


def _draft_upgradable(world: World) -> dict[str, Any]:
    ids = _draft_complete(world)
    publish_general_v2()  # t-general 2.0.0: the draft (on 1.0.0) can move to it
    return ids


def _changes_requested_upgradable(world: World) -> dict[str, Any]:
    ids = _changes_requested(world)
    publish_general_v2()
    return ids


def _approved(world: World) -> dict[str, Any]:
    ids = _in_review_rated(world)
    services.assessment_approve(
        actor=world.users["evaluator"], assessment=Assessment.objects.get(pk=ids["a"])
    )
    return ids


STATES: dict[str, Callable[[World], dict[str, Any]]] = {
    "none": _no_assessment,
    "draft": _draft,
    "draft_complete": _draft_complete,
    "draft_with_evidence": _draft_with_evidence,
    "submitted": _submitted,
    "self_submitted": _self_submitted,
    "in_review": _in_review,
    "in_review_rated": _in_review_rated,
    "changes_requested": _changes_requested,
    "team": _team,
    "draft_upgradable": _draft_upgradable,
    "changes_requested_upgradable": _changes_requested_upgradable,
    "approved": _approved,
}


# --------------------------------------------------------------------------------------------
# Payloads
# --------------------------------------------------------------------------------------------


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "policy.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf"
    )


PAYLOADS: dict[str, Callable[[World], Any]] = {
    "none": lambda world: None,
    "new_system": lambda world: {
        "name": "Chat helper",
        "purpose": "Answers questions.",
        "domain": "chatbot",
    },
    "patch_system": lambda world: {"purpose": "Ranks résumés for recruiters."},
    "new_assessment": lambda world: {"system": world.system.pk},
    "new_answer": lambda world: {
        "answers": [{"checklist": "t-general", "item": "T-B-05", "value": 42}]
    },
    "changed_answer": lambda world: {
        "answers": [{"checklist": "t-general", "item": "T-A-03", "value": 4, "version": 1}]
    },
    "submit_to_body": lambda world: {"evaluation_body": world.body.pk},
    "resubmit": lambda world: {"comment": "Tests added"},
    "comment": lambda world: {"comment": "Reasoned decision"},
    "verdict": lambda world: {"checklist": "t-general", "item": "T-A-01", "verdict": "confirmed"},
    "rating": lambda world: {"criterion": "T-R-01", "rating": 4},
    "scope": lambda world: {"excluded": [], "tta": ["09"]},
    "measurements": lambda world: {"measurements": [{"criterion": "T-R-01", "value": 3}]},
    "evidence": lambda world: {"checklist": "t-general", "item": "T-A-01", "file": _pdf()},
    "role_member": lambda world: {"role": "member"},
    "role_lead": lambda world: {"role": "lead"},
    "invite_viewer": lambda world: {"email": "new@example.com", "role": "viewer"},
    "invite_evaluator": lambda world: {"email": "new@example.com", "role": "evaluator"},
    "assign_evaluator": lambda world: {"assignee": world.users["evaluator"].pk},
    # The token of the newest assessment's preview, as the page or a client would echo it.
    "upgrade": lambda world: {
        "checklists": "all",
        "preview": upgrade_preview(Assessment.objects.order_by("-pk")[0]).token,
    },
}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    state: str
    payload: str
    expected: dict[str, int]
    counts: dict[str, int] | None = field(default=None)  # list endpoints: the expected `count`

    @property
    def label(self) -> str:
        return f"{self.method} {self.path} [{self.state}]"


def E(
    method: str,
    path: str,
    state: str,
    payload: str,
    *codes: int,
    counts: tuple[int, ...] | None = None,
) -> Endpoint:  # noqa: N802
    return Endpoint(method, path, state, payload, row(*codes), row(*counts) if counts else None)


A = ANON
# fmt: off
# ------------------------------------------------------------------------------------------------------------------------------------------------
#   method  path                                         state                 payload          anon owner member viewer other_co evaluator lead other_ev staff
# ------------------------------------------------------------------------------------------------------------------------------------------------
MATRIX: list[Endpoint] = [
    E("GET",   "/evaluation-bodies/",                    "none",               "none",            A,  200,  200,   200,   200,     200,      200,  200,     200,
      counts=(                                                                                    0,    2,    2,     2,     2,       2,        2,    2,       2)),
    E("GET",   "/systems/",                              "none",               "none",            A,  200,  200,   200,   200,     200,      200,  200,     200,
      counts=(                                                                                    0,    1,    1,     1,     0,       0,        0,    0,       0)),
    E("POST",  "/systems/",                              "none",               "new_system",      A,  201,  403,   403,   201,     403,      403,  403,     403),
    E("GET",   "/systems/{s}/",                          "none",               "none",            A,  200,  200,   200,   404,     404,      404,  404,     404),
    E("PATCH", "/systems/{s}/",                          "none",               "patch_system",    A,  200,  403,   403,   404,     404,      404,  404,     404),
    E("GET",   "/assessments/",                          "draft",              "none",            A,  200,  200,   200,   200,     200,      200,  200,     200,
      counts=(                                                                                    0,    1,    1,     1,     0,       0,        0,    0,       0)),
    E("GET",   "/assessments/",                          "submitted",          "none",            A,  200,  200,   200,   200,     200,      200,  200,     200,
      counts=(                                                                                    0,    1,    1,     1,     0,       1,        1,    0,       0)),
    E("GET",   "/assessments/",                          "self_submitted",     "none",            A,  200,  200,   200,   200,     200,      200,  200,     200,
      counts=(                                                                                    0,    1,    1,     1,     0,       0,        0,    0,       0)),
    E("POST",  "/assessments/",                          "none",               "new_assessment",  A,  201,  201,   403,   400,     400,      400,  400,     400),
    E("POST",  "/assessments/{a}/answers/",              "draft",              "new_answer",      A,  200,  200,   403,   404,     404,      404,  404,     404),
    E("POST",  "/assessments/{a}/answers/",              "changes_requested",  "changed_answer",  A,  200,  200,   403,   404,     403,      403,  404,     404),
    E("POST",  "/assessments/{a}/submit/",               "draft_complete",     "submit_to_body",  A,  200,  200,   403,   404,     404,      404,  404,     404),
    E("POST",  "/assessments/{a}/submit/",               "changes_requested",  "resubmit",        A,  200,  200,   403,   404,     403,      403,  404,     404),
    E("POST",  "/assessments/{a}/claim/",                "submitted",          "none",            A,  403,  403,   403,   404,     200,      200,  404,     404),
    E("POST",  "/assessments/{a}/request-changes/",      "in_review",          "comment",         A,  403,  403,   403,   404,     200,      200,  404,     404),
    E("POST",  "/assessments/{a}/approve/",              "in_review_rated",    "comment",         A,  403,  403,   403,   404,     200,      200,  404,     404),
    E("POST",  "/assessments/{a}/evaluation/scope/",     "in_review",          "scope",           A,  403,  403,   403,   404,     200,      200,  404,     404),
    E("GET",   "/assessments/{a}/evaluation/scope/",     "in_review",          "none",            A,  200,  200,   200,   404,     200,      200,  404,     404),
    E("POST",  "/assessments/{a}/reject/",               "in_review",          "comment",         A,  403,  403,   403,   404,     200,      200,  404,     404),
    E("POST",  "/assessments/{a}/withdraw/",             "draft",              "none",            A,  200,  200,   403,   404,     404,      404,  404,     404),
    E("POST",  "/assessments/{a}/withdraw/",             "changes_requested",  "none",            A,  200,  200,   403,   404,     403,      403,  404,     404),
    E("POST",  "/assessments/{a}/verdicts/",             "in_review",          "verdict",         A,  403,  403,   403,   404,     201,      201,  404,     404),
    E("POST",  "/assessments/{a}/evaluation/",           "in_review",          "rating",          A,  403,  403,   403,   404,     201,      201,  404,     404),
    E("POST",  "/assessments/{a}/evidence/",             "draft",              "evidence",        A,  201,  201,   403,   404,     404,      404,  404,     404),
    E("POST",  "/assessments/{a}/evidence/",             "changes_requested",  "evidence",        A,  201,  201,   403,   404,     403,      403,  404,     404),
    E("DELETE", "/assessments/{a}/evidence/{e}/",        "draft_with_evidence", "none",           A,  204,  204,   403,   404,     404,      404,  404,     404),
    E("DELETE", "/assessments/{a}/evidence/{e}/",        "changes_requested",  "none",            A,  204,  204,   403,   404,     403,      403,  404,     404),
    E("POST",  "/assessments/{a}/assign/",               "submitted",          "assign_evaluator", A, 403,  403,   403,   404,     403,      200,  404,     404),
    E("POST",  "/assessments/{a}/assign/",               "in_review",          "assign_evaluator", A, 403,  403,   403,   404,     403,      200,  404,     404),
    # Teams (issue 11.1): every member lists the members; owners (leads) change them and alone
    # see the invitations; anyone outside the organisation gets 404.
    E("GET",   "/organizations/{c}/members/",            "team",               "none",            A,  200,  200,   200,   404,     404,      404,  404,     404,
      counts=(                                                                                    0,    3,    3,     3,     0,       0,        0,    0,       0)),
    E("GET",   "/organizations/{b}/members/",            "team",               "none",            A,  404,  404,   404,   404,     200,      200,  404,     404,
      counts=(                                                                                    0,    0,    0,     0,     0,       2,        2,    0,       0)),
    E("GET",   "/organizations/{c}/members/{m}/",        "team",               "none",            A,  200,  200,   200,   404,     404,      404,  404,     404),
    E("PATCH", "/organizations/{c}/members/{m}/",        "team",               "role_member",     A,  200,  403,   403,   404,     404,      404,  404,     404),
    E("PATCH", "/organizations/{b}/members/{bm}/",       "team",               "role_lead",       A,  404,  404,   404,   404,     403,      200,  404,     404),
    E("DELETE", "/organizations/{c}/members/{m}/",       "team",               "none",            A,  204,  403,   403,   404,     404,      404,  404,     404),
    E("DELETE", "/organizations/{b}/members/{bm}/",      "team",               "none",            A,  404,  404,   404,   404,     403,      204,  404,     404),
    E("GET",   "/organizations/{c}/invitations/",        "team",               "none",            A,  200,  403,   403,   404,     404,      404,  404,     404,
      counts=(                                                                                    0,    1,    0,     0,     0,       0,        0,    0,       0)),
    E("GET",   "/organizations/{b}/invitations/",        "team",               "none",            A,  404,  404,   404,   404,     403,      200,  404,     404,
      counts=(                                                                                    0,    0,    0,     0,     0,       0,        1,    0,       0)),
    E("POST",  "/organizations/{c}/invitations/",        "team",               "invite_viewer",   A,  201,  403,   403,   404,     404,      404,  404,     404),
    E("POST",  "/organizations/{b}/invitations/",        "team",               "invite_evaluator", A, 404,  404,   404,   404,     403,      201,  404,     404),
    E("POST",  "/organizations/{c}/invitations/{i}/resend/", "team",           "none",            A,  200,  403,   403,   404,     404,      404,  404,     404),
    E("POST",  "/organizations/{c}/invitations/{i}/revoke/", "team",           "none",            A,  204,  403,   403,   404,     404,      404,  404,     404),
    E("POST",  "/organizations/{b}/invitations/{bi}/resend/", "team",          "none",            A,  404,  404,   404,   404,     403,      200,  404,     404),
    E("POST",  "/organizations/{b}/invitations/{bi}/revoke/", "team",          "none",            A,  404,  404,   404,   404,     403,      204,  404,     404),
    E("GET",   "/assessments/{a}/upgrade/",              "draft_upgradable",   "none",            A,  200,  200,   200,   404,     404,      404,  404,     404),
    E("GET",   "/assessments/{a}/upgrade/",              "changes_requested_upgradable", "none",  A,  200,  200,   200,   404,     403,      403,  404,     404),
    E("POST",  "/assessments/{a}/upgrade/",              "draft_upgradable",   "upgrade",         A,  200,  200,   403,   404,     404,      404,  404,     404),
    E("POST",  "/assessments/{a}/upgrade/",              "changes_requested_upgradable", "upgrade", A, 200, 200,   403,   404,     403,      403,  404,     404),
    E("POST",  "/assessments/{a}/reassess/",             "approved",           "none",            A,  201,  201,   403,   404,     403,      403,  404,     404),
    E("POST",  "/assessments/{a}/reassess/",             "self_submitted",     "none",            A,  201,  201,   403,   404,     404,      404,  404,     404),
]

# Every read of one assessment, in every state that matters for who may see it.
READ_PATHS = (
    "/assessments/{a}/",
    "/assessments/{a}/answers/",
    "/assessments/{a}/score/",
    "/assessments/{a}/verdicts/",
    "/assessments/{a}/evaluation/",
    "/assessments/{a}/evidence/",
    "/assessments/{a}/evidence/{e}/download/",
    "/assessments/{a}/events/",
)
READ_MATRIX: dict[str, dict[str, int]] = {
    #                                    anon owner member viewer other_co evaluator lead other_ev staff
    "draft_with_evidence":          row(A,  200,  200,   200,   404,     404,      404,  404,     404),
    "submitted":                    row(A,  200,  200,   200,   404,     200,      200,  404,     404),
    "in_review":                    row(A,  200,  200,   200,   404,     200,      200,  404,     404),
    "changes_requested":            row(A,  200,  200,   200,   404,     200,      200,  404,     404),
    "self_submitted":               row(A,  200,  200,   200,   404,     404,      404,  404,     404),
}
# fmt: on
MATRIX += [
    E("GET", path, state, "none", *codes.values())
    for state, codes in READ_MATRIX.items()
    for path in READ_PATHS
]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def snapshot() -> dict[str, Any]:
    """Everything a refused request must leave alone."""
    return {
        "systems": sorted(AISystem.objects.values_list("pk", "name", "purpose")),
        "assessments": sorted(
            Assessment.objects.values_list(
                "pk", "status", "revision", "claimed_by_id", "evaluation_body_id"
            )
        ),
        "answers": sorted(Answer.objects.values_list("pk", "version")),
        "evidence": Evidence.objects.count(),
        "events": AuditEvent.objects.count(),
        "verdicts": ItemVerdict.objects.count(),
        "ratings": CriterionRating.objects.count(),
        "revisions": Revision.objects.count(),
        "assigned": sorted(Assessment.objects.values_list("pk", "assigned_to_id")),
        "members": sorted(Membership.objects.values_list("pk", "role")),
        "invitations": sorted(Invitation.objects.values_list("pk", "key", "revoked_at")),
        "team_events": OrganizationEvent.objects.count(),
        "active": sorted(get_user_model().objects.values_list("pk", "is_active")),
    }


def call(client: Any, method: str, path: str, payload: Any) -> Any:
    url = API + path
    if method == "GET":
        return client.get(url)
    if method == "DELETE":
        return client.delete(url)
    if method == "PATCH":
        return client.patch(url, payload or {}, format="json")
    if isinstance(payload, dict) and "file" in payload:
        return client.post(url, payload, format="multipart")
    return client.post(url, payload or {}, format="json")


def assert_error_shape(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert set(body) == {"message", "extra"}, body
    assert isinstance(body["message"], str) and body["message"], body
    assert isinstance(body["extra"], dict), body
    return body


def body_of(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        # Consuming the stream closes the response (the test client wraps it); closing it again
        # would fire request_finished and drop a PostgreSQL connection inside the test's
        # transaction.
        return b"".join(response.streaming_content)
    return bytes(response.content)


# --------------------------------------------------------------------------------------------
# The matrix
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "role"),
    [
        pytest.param(endpoint, role, id=f"{endpoint.label}-{role}")
        for endpoint in MATRIX
        for role in ROLES
    ],
)
def test_permission_matrix(world: World, endpoint: Endpoint, role: str) -> None:
    ids = STATES[endpoint.state](world)
    path = endpoint.path.format(**ids)
    payload = PAYLOADS[endpoint.payload](world)
    before = snapshot()

    response = call(world.client(role), endpoint.method, path, payload)
    content = body_of(response)
    expected = endpoint.expected[role]

    assert response.status_code == expected, (
        endpoint.label,
        role,
        response.status_code,
        content[:500],
    )
    if expected >= 400:
        assert_error_shape(response)
    if expected >= 400 or endpoint.method == "GET":
        assert snapshot() == before, "a refused request or a read changed the database"
    if endpoint.method == "DELETE" and expected == 204 and "/evidence/" in endpoint.path:
        assert snapshot()["evidence"] == before["evidence"] - 1
        assert AuditEvent.objects.filter(action="evidence_delete").count() == 1
    if endpoint.counts is not None and expected == 200:
        assert response.json()["count"] == endpoint.counts[role]
    if endpoint.path.startswith("/organizations/") and endpoint.method != "GET" and expected < 300:
        assert OrganizationEvent.objects.count() == before["team_events"] + 1
    if endpoint.path.endswith("/assign/") and expected == 200:
        assert AuditEvent.objects.filter(action="assign").count() == 1
    if endpoint.path.endswith("/download/") and expected == 200:
        assert content.startswith(b"%PDF-")


# --------------------------------------------------------------------------------------------
# State conflicts: a visible object, an allowed role, the wrong state → 409 (nothing changes)
# --------------------------------------------------------------------------------------------

# fmt: off
CONFLICTS = [
    #  who         method  path                                     state                payload           code
    ("lead",      "POST", "/assessments/{a}/claim/",               "in_review",         "none",           409),
    ("evaluator", "POST", "/assessments/{a}/claim/",               "changes_requested", "none",           409),
    ("lead",      "POST", "/assessments/{a}/approve/",             "submitted",         "comment",        409),
    ("lead",      "POST", "/assessments/{a}/reject/",              "submitted",         "comment",        409),
    ("lead",      "POST", "/assessments/{a}/request-changes/",     "submitted",         "comment",        409),
    ("lead",      "POST", "/assessments/{a}/verdicts/",            "submitted",         "verdict",        409),
    ("lead",      "POST", "/assessments/{a}/evaluation/",          "submitted",         "rating",         409),
    ("owner",     "POST", "/assessments/{a}/answers/",             "submitted",         "changed_answer", 409),
    ("owner",     "POST", "/assessments/{a}/evidence/",            "submitted",         "evidence",       409),
    ("owner",     "DELETE", "/assessments/{a}/evidence/{e}/",      "submitted",         "none",           409),
    ("owner",     "POST", "/assessments/{a}/submit/",              "submitted",         "submit_to_body", 409),
    ("owner",     "POST", "/assessments/{a}/withdraw/",            "in_review",         "none",           409),
    ("member",    "POST", "/assessments/{a}/withdraw/",            "self_submitted",    "none",           409),
    ("owner",     "POST", "/assessments/{a}/upgrade/",             "submitted",         "upgrade",        409),
    ("owner",     "POST", "/assessments/{a}/reassess/",            "draft",             "none",           409),
    ("member",    "POST", "/assessments/{a}/reassess/",            "in_review",         "none",           409),
    # A draft is outside an evaluator's scope: claiming it is 404 (scope wins over state) …
    ("evaluator", "POST", "/assessments/{a}/claim/",               "draft",             "none",           404),
    # … and for the company the role check comes first: 403, not 409.
    ("owner",     "POST", "/assessments/{a}/claim/",               "draft",             "none",           403),
]
# fmt: on


@pytest.mark.parametrize(
    ("who", "method", "path", "state", "payload", "code"),
    [pytest.param(*case, id=f"{case[1]} {case[2]} [{case[3]}]-{case[0]}") for case in CONFLICTS],
)
def test_state_conflicts(
    world: World, who: str, method: str, path: str, state: str, payload: str, code: int
) -> None:
    ids = STATES[state](world)
    before = snapshot()
    response = call(world.client(who), method, path.format(**ids), PAYLOADS[payload](world))
    assert response.status_code == code, response.content
    body = assert_error_shape(response)
    if code == 409:
        assert body["extra"]["status"] == state.removeprefix("self_")
    assert snapshot() == before


# --------------------------------------------------------------------------------------------
# Details the matrix does not show
# --------------------------------------------------------------------------------------------


def test_anonymous_gets_401_with_www_authenticate(world: World) -> None:
    response = world.client("anonymous").get(f"{API}/assessments/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "message": "Authentication credentials were not provided.",
        "extra": {"code": "not_authenticated"},
    }


def test_a_bad_token_is_401(world: World) -> None:
    from rest_framework.test import APIClient

    client = APIClient(headers={"Accept-Language": "en", "Authorization": "Token not-a-real-key"})
    response = client.get(f"{API}/assessments/")
    assert response.status_code == 401
    assert_error_shape(response)


def test_token_authentication_sees_the_same_scope(world: World) -> None:
    from rest_framework.test import APIClient

    token = api_token(world.users["other_company"])
    client = APIClient(headers={"Accept-Language": "en", "Authorization": f"Token {token}"})
    assert client.get(f"{API}/systems/").json()["count"] == 0
    assert client.get(f"{API}/systems/{world.system.pk}/").status_code == 404


def test_other_company_cannot_create_an_assessment_and_learns_nothing(world: World) -> None:
    """The 400 for another company's system is word for word the one for an id that does not exist."""
    client = world.client("other_company")
    foreign = client.post(f"{API}/assessments/", {"system": world.system.pk}, format="json")
    missing = client.post(f"{API}/assessments/", {"system": 987654}, format="json")
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == missing.json()
    assert not Assessment.objects.exists()


def test_new_system_goes_to_the_actors_own_company(world: World) -> None:
    response = world.client("other_company").post(
        f"{API}/systems/", PAYLOADS["new_system"](world), format="json"
    )
    assert response.status_code == 201
    assert AISystem.objects.get(pk=response.json()["id"]).organization == world.other_company
    assert world.client("owner").get(f"{API}/systems/{response.json()['id']}/").status_code == 404


def test_evidence_of_another_assessment_is_404(world: World) -> None:
    first = _draft_with_evidence(world)
    second = world.new_assessment()
    response = world.client("owner").get(
        f"{API}/assessments/{second.pk}/evidence/{first['e']}/download/"
    )
    assert response.status_code == 404
    assert_error_shape(response)
    # Nor can it be deleted through an assessment it does not belong to.
    response = world.client("owner").delete(f"{API}/assessments/{second.pk}/evidence/{first['e']}/")
    assert response.status_code == 404
    assert_error_shape(response)
    assert Evidence.objects.filter(pk=first["e"]).exists()


def test_staff_sees_nothing_even_with_everything_in_place(world: World) -> None:
    ids = _in_review(world)
    client = world.client("staff")
    for path in ("/systems/", "/assessments/"):
        response = client.get(API + path)
        assert response.status_code == 200 and response.json()["count"] == 0, path
    for path in READ_PATHS:
        assert client.get(API + path.format(**ids)).status_code == 404, path


# --------------------------------------------------------------------------------------------
# Two-factor sign-in (issue 11): every review, decision and report write refuses a reviewer
# whose token was issued without a TOTP code (403, nothing changes); the account pages × role
# --------------------------------------------------------------------------------------------

SECOND_FACTOR_WRITES = [
    ("POST", "/assessments/{a}/claim/", "submitted", "none"),
    ("POST", "/assessments/{a}/request-changes/", "in_review", "comment"),
    ("POST", "/assessments/{a}/approve/", "in_review_rated", "comment"),
    ("POST", "/assessments/{a}/reject/", "in_review", "comment"),
    ("POST", "/assessments/{a}/verdicts/", "in_review", "verdict"),
    ("POST", "/assessments/{a}/evaluation/", "in_review", "rating"),
    ("POST", "/assessments/{a}/evaluation/scope/", "in_review", "scope"),
    ("POST", "/reports/", "in_review_rated", "report"),
]
REVIEWER_ROLES = ("evaluator", "lead", "other_evaluator", "staff")


@pytest.mark.parametrize(
    ("method", "path", "state", "payload", "role"),
    [
        pytest.param(*write, role, id=f"{write[0]} {write[1]}-{role}")
        for write in SECOND_FACTOR_WRITES
        for role in REVIEWER_ROLES
    ],
)
def test_reviewers_without_a_verified_second_factor_are_refused(
    world: World, method: str, path: str, state: str, payload: str, role: str
) -> None:
    from rest_framework.test import APIClient

    from assessments.services.tokens import token_issue

    ids = STATES[state](world)
    body = (
        {"assessment": ids["a"], "kind": "evaluation", "language": "en"}
        if payload == "report"
        else PAYLOADS[payload](world)
    )
    _instance, secret = token_issue(actor=world.users[role])  # no TOTP code: not verified
    client = APIClient(headers={"Authorization": f"Token {secret}", "Accept-Language": "en"})
    before = snapshot()
    response = call(client, method, path.format(**ids), body)
    assert response.status_code == 403, response.content[:300]
    assert "two-factor" in assert_error_shape(response)["message"]
    assert snapshot() == before


ACCOUNT_PAGES = {
    #                                      anon owner member viewer other_co evaluator lead other_ev staff
    "/accounts/sessions/":            row(302,  200,  200,   200,   200,     200,      200,  200,     200),
    "/accounts/two-factor/":          row(302,  200,  200,   200,   200,     200,      200,  200,     200),
    "/accounts/two-factor/verify/":   row(302,  302,  302,   302,   302,     200,      200,  200,     200),
    "/accounts/password/":            row(302,  200,  200,   200,   200,     200,      200,  200,     200),
    "/api/v1/auth/tokens/":           row(401,  200,  200,   200,   200,     200,      200,  200,     200),
}  # fmt: skip


@pytest.mark.parametrize(
    ("page", "role"),
    [pytest.param(page, role, id=f"{page}-{role}") for page in ACCOUNT_PAGES for role in ROLES],
)
def test_account_pages_by_role(world: World, page: str, role: str) -> None:
    from django.test import Client

    from tests.factories import sign_in

    client = Client(headers={"accept-language": "en"})
    if role != "anonymous":
        sign_in(client, world.users[role])  # reviewers: with their authenticator
    response = client.get(page)
    assert response.status_code == ACCOUNT_PAGES[page][role], response.content[:300]
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
