"""The review queue's filters (``assessments.filtersets.AssessmentFilterSet``): one FilterSet for
the queue page and ``GET /api/v1/assessments/``; invalid values are a form error on the page and
a field-level 400 in the API, never ignored and never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from assessments import services
from tests.assessments.conftest import World
from tests.factories import sign_in


def _queue(world: World, query: dict[str, str]) -> tuple[int, str]:
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["evaluator"])
    response = client.get("/app/queue/", query)
    return response.status_code, response.content.decode()


@pytest.fixture
def two(world: World) -> tuple[int, int]:
    """One assessment submitted (first round) and one in review, both with the body."""
    submitted = world.submitted()
    in_review = world.in_review()
    return submitted.pk, in_review.pk


def test_the_queue_filters_by_status(world: World, two: tuple[int, int]) -> None:
    submitted, in_review = two
    code, page = _queue(world, {"status": "in_review"})
    assert code == 200
    assert f"/app/assessments/{in_review}/" in page
    assert f"/app/assessments/{submitted}/" not in page
    assert '<option value="in_review" selected>' in page


def test_the_queue_filters_by_domain_and_high_impact(world: World, two: tuple[int, int]) -> None:
    submitted, in_review = two
    _code, hiring = _queue(world, {"domain": "hiring", "high_impact": "yes"})
    assert f"/app/assessments/{submitted}/" in hiring and f"/app/assessments/{in_review}/" in hiring
    _code, finance = _queue(world, {"domain": "finance"})
    assert f"/app/assessments/{submitted}/" not in finance
    assert "Nothing in the queue." in finance
    _code, low = _queue(world, {"high_impact": "no"})
    assert f"/app/assessments/{submitted}/" not in low


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "shipped"}, "status"),
        ({"domain": "../x"}, "domain"),
        ({"high_impact": "1"}, "hi"),
    ],
)
def test_an_invalid_queue_filter_is_a_form_error(
    world: World, two: tuple[int, int], query: dict[str, str], field: str
) -> None:
    code, page = _queue(world, query | {"status": query.get("status", "in_review")})
    assert code == 400
    assert f'id="f-{field}-error"' in page
    assert "Select a valid choice." in page
    # The valid filters still apply: only the assessment in review is listed.
    if field != "status":
        assert f"/app/assessments/{two[1]}/" in page
        assert f"/app/assessments/{two[0]}/" not in page


def test_the_api_lists_with_the_same_filters(world: World, two: tuple[int, int]) -> None:
    submitted, in_review = two
    client = world.client("evaluator")
    reply = client.get("/api/v1/assessments/", {"status": "submitted"})
    assert reply.status_code == 200
    assert [row["id"] for row in reply.json()["results"]] == [submitted]
    reply = client.get("/api/v1/assessments/", {"high_impact": "yes", "domain": "hiring"})
    assert {row["id"] for row in reply.json()["results"]} == {submitted, in_review}
    # The company sees its own with the same filters; the other company sees none of them.
    owner = world.client("owner").get("/api/v1/assessments/", {"status": "in_review"})
    assert [row["id"] for row in owner.json()["results"]] == [in_review]
    other = world.client("other_company").get("/api/v1/assessments/", {"status": "in_review"})
    assert other.json()["results"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "shipped"}, "status"),
        ({"domain": "x" * 300}, "domain"),
        ({"high_impact": "true"}, "high_impact"),
    ],
)
def test_an_invalid_api_filter_is_a_field_level_400(
    world: World, two: tuple[int, int], query: dict[str, str], field: str
) -> None:
    reply = world.client("owner").get("/api/v1/assessments/", query)
    assert reply.status_code == 400
    body = reply.json()
    assert body["message"] == "The request has invalid fields."
    assert list(body["extra"]["fields"]) == [field]
    assert "valid choice" in body["extra"]["fields"][field][0]


def test_filters_narrow_only_the_list(world: World, two: tuple[int, int]) -> None:
    """An object's own URL answers whatever the query string says."""
    reply = world.client("owner").get(f"/api/v1/assessments/{two[0]}/", {"status": "bogus"})
    assert reply.status_code == 200 and reply.json()["id"] == two[0]


def test_the_queue_filters_cost_no_extra_query_per_row(world: World) -> None:
    for _ in range(3):
        services.assessment_claim(actor=world.users["evaluator"], assessment=world.submitted())
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["evaluator"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/app/queue/", {"status": "in_review", "domain": "hiring"})
    services.assessment_claim(actor=world.users["evaluator"], assessment=world.submitted())
    with CaptureQueriesContext(connection) as more:
        page = client.get("/app/queue/", {"status": "in_review", "domain": "hiring"})
    assert page.content.decode().count('class="status status-in_review"') == 4
    assert len(more) == len(few)
