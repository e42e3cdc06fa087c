"""``/api/v1/assessments/{id}/actions/``: each role against each endpoint, field-level 400s,
404 outside the caller's scope, and query counts that do not grow with the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from remediation.models import Action
from tests.remediation.helpers import bulk_actions, plan_action

pytestmark = pytest.mark.django_db

READERS = {"owner": 200, "member": 200, "viewer": 200, "evaluator": 200, "lead": 200}
OUTSIDERS = {"other_company": 404, "other_evaluator": 404, "staff": 404, "anonymous": 401}


def _body(world, **extra):
    return {
        "title": "Write the data sheet",
        "source": "needs_evidence",
        "items": [{"checklist": "t-general", "item": "T-A-01"}],
        "owner": world.users["member"].pk,
        "due_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
        **extra,
    }


@pytest.mark.parametrize("who,code", [*READERS.items(), *OUTSIDERS.items()])
def test_list_and_read(world, who, code) -> None:
    assessment = world.submitted()
    action = plan_action(world, assessment)
    client = world.client(who)
    listed = client.get(f"/api/v1/assessments/{assessment.pk}/actions/")
    assert listed.status_code == code
    one = client.get(f"/api/v1/assessments/{assessment.pk}/actions/{action.pk}/")
    assert one.status_code == code
    if code == 200:
        assert listed.json()["results"][0]["title"] == "Document the data sources"
        assert one.json()["owner_name"] == "member"
        assert one.json()["overdue"] is False


@pytest.mark.parametrize(
    "who,code",
    [
        ("owner", 201),
        ("member", 201),
        ("viewer", 403),
        ("evaluator", 403),
        ("lead", 403),
        *OUTSIDERS.items(),
    ],
)
def test_create(world, who, code) -> None:
    assessment = world.submitted()
    response = world.client(who).post(
        f"/api/v1/assessments/{assessment.pk}/actions/", _body(world), format="json"
    )
    assert response.status_code == code, response.content
    assert Action.objects.count() == (1 if code == 201 else 0)
    if code == 201:
        assert response.json()["items"] == [{"checklist": "t-general", "item": "T-A-01"}]
        assert response.json()["raised_in"] == assessment.pk


def test_create_field_errors(world) -> None:
    assessment = world.new_assessment()
    client = world.client("owner")
    url = f"/api/v1/assessments/{assessment.pk}/actions/"
    shape = client.post(
        url, {"title": "", "source": "x", "items": [], "due_date": "soon"}, format="json"
    )
    assert shape.status_code == 400
    assert set(shape.json()["extra"]["fields"]) == {"title", "source", "items", "owner", "due_date"}
    rules = client.post(
        url,
        _body(
            world, owner=world.users["viewer"].pk, items=[{"checklist": "t-general", "item": "X-9"}]
        ),
        format="json",
    )
    assert rules.status_code == 400
    assert rules.json()["extra"]["fields"] == {
        "owner": ["The owner must be an owner or member of the company."],
        "items": ["X-9 is not an item of t-general in this assessment."],
    }
    assert Action.objects.count() == 0


@pytest.mark.parametrize(
    "who,code",
    [("owner", 200), ("member", 200), ("viewer", 403), ("evaluator", 403), *OUTSIDERS.items()],
)
def test_update_and_status(world, who, code) -> None:
    assessment = world.submitted()
    action = plan_action(world, assessment)
    client = world.client(who)
    base = f"/api/v1/assessments/{assessment.pk}/actions/{action.pk}/"
    patched = client.patch(base, {"title": "Renamed"}, format="json")
    assert patched.status_code == code
    moved = client.post(base + "status/", {"status": "in_progress"}, format="json")
    assert moved.status_code == code
    action.refresh_from_db()
    assert (action.title, action.status) == (
        ("Renamed", "in_progress") if code == 200 else ("Document the data sources", "open")
    )


def test_done_without_closing_is_a_field_error(world) -> None:
    assessment = world.new_assessment()
    action = plan_action(world, assessment)
    url = f"/api/v1/assessments/{assessment.pk}/actions/{action.pk}/status/"
    client = world.client("member")
    refused = client.post(url, {"status": "done"}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["extra"]["fields"]) == ["closing_note"]
    bad = client.post(url, {"status": "finished"}, format="json")
    assert list(bad.json()["extra"]["fields"]) == ["status"]
    done = client.post(
        url, {"status": "done", "closing_note": "Data sheet published"}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done"


def test_an_action_of_another_system_is_404_through_this_assessment(world) -> None:
    from assessments import services as assessment_services
    from tests.factories import SystemFactory

    other_system = SystemFactory(organization=world.company, created_by=world.users["owner"])
    other = assessment_services.assessment_create(actor=world.users["owner"], system=other_system)
    foreign = plan_action(world, other)
    assessment = world.new_assessment()
    response = world.client("owner").get(
        f"/api/v1/assessments/{assessment.pk}/actions/{foreign.pk}/"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "who,code",
    [
        ("evaluator", 200),
        ("lead", 200),
        ("owner", 403),
        ("viewer", 403),
        ("other_evaluator", 404),
        ("other_company", 404),
        ("anonymous", 401),
    ],
)
def test_accept_plan(world, who, code) -> None:
    assessment = world.in_review()
    action = plan_action(world, assessment)
    url = f"/api/v1/assessments/{assessment.pk}/actions/acceptance/"
    response = world.client(who).post(
        url, {"actions": [action.pk], "comment": "By March"}, format="json"
    )
    assert response.status_code == code, response.content
    if code == 200:
        assert response.json()["actions"] == [action.pk]
        read = world.client("owner").get(url)
        assert read.json()["comment"] == "By March"


def test_accept_plan_field_error(world) -> None:
    assessment = world.in_review()
    response = world.client("evaluator").post(
        f"/api/v1/assessments/{assessment.pk}/actions/acceptance/",
        {"actions": ["x"]},
        format="json",
    )
    assert response.status_code == 400
    assert "actions" in response.json()["extra"]["fields"]


@pytest.mark.parametrize("who", ["owner", "evaluator"])
def test_list_queries_do_not_grow_with_the_plan(world, who) -> None:
    assessment = world.submitted()
    client = world.client(who)
    url = f"/api/v1/assessments/{assessment.pk}/actions/?page_size=500"
    counts = []
    for total in (5, 500):
        Action.objects.all().delete()
        bulk_actions(world, assessment, total)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.json()["count"] == total
        assert len(response.json()["results"]) == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
