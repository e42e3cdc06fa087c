"""Render queue fairness (issue 17.7): reports in flight are limited per user and per organisation
(a clear 429 with the limit), and identical requests while one is queued return that report."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from rest_framework.test import APIClient

from reports.choices import ReportStatus
from reports.models import Report
from tests.assessments.conftest import World
from tests.assessments.test_concurrency import _connections_of_their_own, _race  # noqa: F401
from tests.factories import sign_in

API = "/api/v1/reports/"


@pytest.fixture(autouse=True)
def _queue_only(settings: Any) -> None:
    # The database task backend with no worker: reports stay queued, as behind a busy worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REPORT_MAX_IN_FLIGHT_PER_USER = 2
    settings.REPORT_MAX_IN_FLIGHT_PER_ORGANIZATION = 3


def _issue(world: World, who: str, assessment: Any, language: str = "ko") -> Any:
    return world.client(who).post(
        API,
        {"assessment": assessment.pk, "kind": "self_assessment", "language": language},
        format="json",
    )


def test_identical_requests_return_the_queued_report(world: World) -> None:
    assessment = world.submitted()
    first = _issue(world, "owner", assessment)
    again = _issue(world, "owner", assessment)
    assert first.status_code == again.status_code == 202
    assert again.json()["code"] == first.json()["code"]
    assert Report.objects.count() == 1
    # Another language, or another issuer, is another report.
    assert _issue(world, "owner", assessment, "en").json()["code"] != first.json()["code"]
    assert _issue(world, "member", assessment).json()["code"] != first.json()["code"]
    assert Report.objects.count() == 3
    # Once it is no longer in flight, the same request issues a new report.
    Report.objects.filter(code=first.json()["code"]).update(status=ReportStatus.FAILED)
    assert _issue(world, "owner", assessment).json()["code"] != first.json()["code"]


def test_reports_in_flight_are_limited_per_user_and_per_organisation(world: World) -> None:
    one, two = world.submitted(), world.submitted()
    assert _issue(world, "owner", one, "ko").status_code == 202
    assert _issue(world, "owner", one, "en").status_code == 202
    refused = _issue(world, "owner", two, "ko")
    assert refused.status_code == 429
    body = refused.json()
    assert set(body) == {"message", "extra"}
    assert body["extra"] == {"limit": 2, "scope": "user"}
    assert "2" in body["message"]
    # A colleague may still queue one: the company's limit is three.
    assert _issue(world, "member", two, "ko").status_code == 202
    refused = _issue(world, "member", two, "en")
    assert refused.status_code == 429
    assert refused.json()["extra"] == {"limit": 3, "scope": "organisation"}
    # A finished report frees its place.
    Report.objects.filter(issuer=world.users["member"]).update(status=ReportStatus.FAILED)
    assert _issue(world, "member", two, "en").status_code == 202


def test_the_reports_page_says_why(world: World) -> None:
    from django.test import Client

    one = world.submitted()
    _issue(world, "owner", one, "ko")
    _issue(world, "owner", one, "en")
    page = Client(headers={"Accept-Language": "en"})
    sign_in(page, world.users["owner"])
    two = world.submitted()
    response = page.post(
        f"/app/assessments/{two.pk}/reports/",
        {"kind": "self_assessment", "language": "ko"},
        follow=True,
    )
    assert "at most 2 reports" in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_connections_of_their_own")
def test_parallel_identical_requests_share_one_report(world: World) -> None:
    assessment = world.submitted()
    owner = world.users["owner"]

    def issue(barrier: threading.Barrier) -> str:
        client = APIClient(headers={"Accept-Language": "en"})
        client.force_authenticate(owner)
        barrier.wait()
        reply = client.post(
            API,
            {"assessment": assessment.pk, "kind": "self_assessment", "language": "ko"},
            format="json",
        )
        assert reply.status_code == 202, reply.content
        return str(reply.json()["code"])

    codes = _race(*([issue] * 6))
    assert len(set(codes)) == 1
    assert Report.objects.count() == 1
