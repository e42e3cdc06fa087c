"""The smaller findings of issue 17.9: no caching of signed-in responses, bidirectional-override
characters in report text, and a killed worker's task row."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.choices import ReportStatus
from reports.models import Report
from reports.rendering import report_expire_stale
from reports.services import report_issue
from tests.assessments.conftest import World
from tests.factories import api_token, sign_in
from tests.reports.samples import fixture_evaluation_data, sample_context

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _private(response: Any) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_signed_in_pages_api_and_exports_are_never_stored(world: World) -> None:
    assessment = world.new_assessment()
    page = Client()
    sign_in(page, world.users["owner"])
    for url in ["/app/", f"/app/assessments/{assessment.pk}/", f"/app/assessments/{assessment.pk}/export.xlsx", "/api/v1/me/"]:  # fmt: skip
        response = page.get(url)
        assert response.status_code == 200 and _private(response), url
    token = Client(headers={"Authorization": f"Token {api_token(world.users['owner'])}"})
    response = token.get(f"/api/v1/assessments/{assessment.pk}/answers/")
    assert response.status_code == 200 and _private(response)
    refused = Client().get("/api/v1/me/")  # 401 still says nothing may be kept
    assert _private(refused)
    # Public pages stay cacheable.
    assert not _private(Client().get("/checklists/"))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def test_bidirectional_overrides_are_neutralised_in_reports() -> None:
    spoof = f"invoice{BIDI[4]}fdp.exe"
    data, documents, criteria = fixture_evaluation_data(
        organisation=f"Acme{BIDI}", system=spoof, opinion=f"Fine {BIDI[7]}really{BIDI[8]}"
    )
    general = next(label for label in data["answers"] if label.startswith("t-general"))
    data["answers"][general]["T-A-02"]["comment"] = f"note {BIDI}"
    context = sample_context(
        data,
        documents,
        criteria,
        verify_url="https://trustcheck.example/verify/X/",
        sha256="ab" * 32,
    )
    texts = _strings(context)
    assert not [t for t in texts if any(ch in t for ch in BIDI)]
    assert any("invoicefdp.exe" in t for t in texts)  # the rest of the text is kept
    assert any("Fine really" in t for t in texts)


@pytest.mark.django_db
def test_a_killed_workers_task_row_is_failed_with_its_report(world: World, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REPORT_RENDER_TIMEOUT = 1
    assessment = world.submitted()
    report = report_issue(
        actor=world.users["owner"], assessment=assessment, kind="self_assessment", language="en"
    )
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"]["report_id"] == report.pk
    # A worker claimed the task and started rendering, then was killed (SIGKILL: no clean-up).
    long_ago = timezone.now() - timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", started_at=long_ago)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RENDERING, updated_at=long_ago)
    assert report_expire_stale() == 1
    report.refresh_from_db()
    task.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert task.status == "FAILED" and task.finished_at is not None
    assert "worker" in task.traceback
