"""Fixtures for the reports tests: the assessments ``world``, tasks run immediately, media in tmp."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from pypdf import PdfReader
from rest_framework.test import APIClient

from assessments import services
from assessments.models import Assessment
from reports import services as report_services
from reports.choices import ReportStatus
from reports.models import Report
from tests.assessments import conftest as assessments_conftest
from tests.assessments.conftest import World

# The assessments tests' fixtures: the small fixture checklists and one user per role.
_fixture_content_rows = assessments_conftest._fixture_content_rows
fixture_content = assessments_conftest.fixture_content
world = assessments_conftest.world

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _clear_cache(request: pytest.FixtureRequest) -> None:
    # The verification throttle counts in the cache, which is a database table by default: only
    # tests that use the database can (and need to) clear it.
    if {"db", "transactional_db"} & set(request.fixturenames) or request.node.get_closest_marker(
        "django_db"
    ):
        cache.clear()


@pytest.fixture(autouse=True)
def _reports_settings(
    settings: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[None]:
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = "https://trustcheck.example"
    settings.REPORT_SIGNING = {}
    settings.REPORT_RENDER_TIMEOUT = 120
    _clear_cache(request)
    yield
    _clear_cache(request)


def decide(
    world: World, *, approve: bool = True, opinion: str = "Approved: the system meets the criteria."
) -> Assessment:
    """An assessment reviewed by ``evaluator``: verdicts on two items, every criterion rated, decided."""
    assessment = world.reviewed(
        verdicts={
            "T-A-01": ("confirmed", ""),
            "T-A-03": ("partially_confirmed", "Only gender is tested."),
        },
        ratings={
            "T-R-01": (4, ""),
            "T-R-02": (3, ""),
            "T-R-03": (2, "Logs are kept for 30 days only."),
        },
    )
    evaluator = world.users["evaluator"]
    step = services.assessment_approve if approve else services.assessment_reject
    return step(actor=evaluator, assessment=assessment, comment=opinion)


def post_report(
    client: APIClient, assessment_id: int, kind: str, language: str, **extra: Any
) -> Any:
    """``POST /api/v1/reports/``: ask for a report of one kind and language of an assessment
    (``extra``: request headers and environ, e.g. ``HTTP_HOST``)."""
    return client.post(
        "/api/v1/reports/",
        {"assessment": assessment_id, "kind": kind, "language": language},
        format="json",
        **extra,
    )


def downloaded(client: APIClient, report_id: int) -> bytes:
    """The PDF a report's download endpoint streams."""
    return b"".join(client.get(f"/api/v1/reports/{report_id}/download/").streaming_content)


def issue_ready(
    world: World, assessment: Assessment, who: str, kind: str, language: str = "en"
) -> Report:
    """A report issued by ``who`` and rendered at once (the immediate task backend): READY."""
    report = report_services.report_issue(
        actor=world.users[who], assessment=assessment, kind=kind, language=language
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    return report


def read_back(report: Report) -> tuple[str, dict[str, Any]]:
    """The PDF's text (pdftotext ``-layout``, as a reader copies it) and its attached
    report-data.json."""
    with report.pdf.open("rb") as stored:
        pdf = stored.read()
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return text, json.loads(PdfReader(io.BytesIO(pdf)).attachments["report-data.json"][0])


def issue_self_report(world: World, *, language: str = "en") -> Report:
    """The owner's self-assessment report of a freshly submitted assessment, read back after its
    render task (immediate here, unless the test swapped the backend)."""
    report = report_services.report_issue(
        actor=world.users["owner"],
        assessment=world.submitted(),
        kind="self_assessment",
        language=language,
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def decided(world: World) -> Assessment:
    return decide(world)
