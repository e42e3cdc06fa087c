"""Issuing, rendering, failing and retrying reports (the services and the task)."""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from assessments import services as assessment_services
from assessments.readouts import score_payload
from assessments.selectors import score_of
from assessments.services import Conflict, PermissionRefused
from reports import rendering, services
from reports.choices import ReportStatus
from reports.models import CODE_PATTERN, Report
from reports.selectors import canonical_json
from reports.tasks import render_report
from tests.assessments.conftest import World
from tests.factories import sign_in
from tests.reports.conftest import decide, issue_self_report, post_report

pytestmark = pytest.mark.django_db


def attachment(report: Report) -> dict[str, Any]:
    with report.pdf.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return json.loads(reader.attachments["report-data.json"][0])


def test_self_assessment_report_is_rendered_stored_and_hashed(world: World) -> None:
    assessment = world.submitted()
    report = services.report_issue(
        actor=world.users["member"], assessment=assessment, kind="self_assessment", language="ko"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    assert CODE_PATTERN.match(report.code)
    data = report.pdf.read()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    assert report.size == len(data) and report.pages and report.pages >= 5
    assert report.pdf.name == f"reports/{report.issued_at:%Y}/{report.code}.pdf"
    assert report.revision.number == 1 and report.issuer == world.users["member"]
    # The embedded JSON is the stored data, byte for byte, and its hash is data_sha256.
    assert attachment(report) == report.data
    assert hashlib.sha256(canonical_json(report.data)).hexdigest() == report.data_sha256
    assert report.data["scores"] == score_payload(score_of(assessment))


def test_evaluation_report_carries_verdicts_ratings_and_the_decision(world: World) -> None:
    assessment = decide(world)
    report = services.report_issue(
        actor=world.users["evaluator"], assessment=assessment, kind="evaluation", language="en"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    data = attachment(report)
    assert data["evaluation"]["decision"] == "approved"
    assert data["evaluation"]["ratings"]["T-R-03"] == {
        "rating": 2,
        "rationale": "Logs are kept for 30 days only.",
    }
    assert data["verdicts"]["t-general@1.0.0"]["T-A-03"]["verdict"] == "partially_confirmed"
    assert data["scores"] == score_payload(score_of(assessment))
    assert data["scores"]["evaluation"]["outcome"] is not None


@pytest.mark.parametrize(
    ("who", "kind", "error"),
    [
        ("viewer", "self_assessment", PermissionRefused),
        ("evaluator", "self_assessment", PermissionRefused),
        ("owner", "evaluation", PermissionRefused),
        ("lead", "evaluation", Conflict),  # not decided yet
    ],
)
def test_who_may_issue_what(world: World, who: str, kind: str, error: type[Exception]) -> None:
    assessment = world.in_review()
    with pytest.raises(error):
        services.report_issue(
            actor=world.users[who], assessment=assessment, kind=kind, language="en"
        )
    assert not Report.objects.exists()


def test_a_draft_has_nothing_to_report(world: World) -> None:
    with pytest.raises(Conflict):
        services.report_issue(
            actor=world.users["owner"],
            assessment=world.new_assessment(),
            kind="self_assessment",
            language="en",
        )


def test_only_the_claiming_evaluator_or_a_lead_issues_the_evaluation_report(world: World) -> None:
    from tests.factories import MembershipFactory, UserFactory

    assessment = decide(world)
    colleague = MembershipFactory(
        user=UserFactory(username="colleague"), organization=world.body, role="evaluator"
    ).user
    with pytest.raises(PermissionRefused):
        services.report_issue(
            actor=colleague, assessment=assessment, kind="evaluation", language="en"
        )
    report = services.report_issue(
        actor=world.users["lead"], assessment=assessment, kind="evaluation", language="ko"
    )
    assert report.kind == "evaluation"


def test_a_ready_report_is_immutable(world: World) -> None:
    report = issue_self_report(world)
    report = Report.objects.get(pk=report.pk)
    report.error = "changed"
    with pytest.raises(PermissionError):
        report.save()
    with pytest.raises(PermissionError):
        report.delete()
    with pytest.raises(PermissionError):
        Report.objects.filter(pk=report.pk).delete()
    assert Report.objects.filter(pk=report.pk).update(sha256="0" * 64) == 0
    assert Report.objects.get(pk=report.pk).sha256 == report.sha256


def test_a_failed_render_leaves_no_file_and_can_be_retried(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reports import render

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the font cache is gone")

    monkeypatch.setattr(render, "render_pdf", broken)
    report = issue_self_report(world)
    assert report.status == ReportStatus.FAILED
    assert "the font cache is gone" in report.error
    assert not report.pdf and not report.sha256
    media = list(
        (
            report.pdf.storage.location and __import__("pathlib").Path(report.pdf.storage.location)
        ).rglob("*.pdf")
    )
    assert media == []

    monkeypatch.undo()
    with pytest.raises(PermissionRefused):
        services.report_retry(actor=world.users["viewer"], report=report)
    retried = services.report_retry(actor=world.users["member"], report=report)
    retried.refresh_from_db()
    assert retried.status == ReportStatus.READY and retried.attempts == 2 and retried.error == ""
    assert retried.code == report.code and retried.data_sha256 == report.data_sha256
    with pytest.raises(Conflict):
        services.report_retry(actor=world.users["owner"], report=retried)


def test_a_render_that_takes_too_long_is_stopped(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reports import render as render_module
    from reports.sandbox import RenderJob

    original = render_module.render_job

    def slow(*args: Any, **kwargs: Any) -> RenderJob:
        job = original(*args, **kwargs)
        # Thousands of nested tables: far more layout work than a second allows.
        bomb = "<table><tr><td>" * 400 + "x" + "</td></tr></table>" * 400
        return RenderJob(
            parts=(job.parts[0].replace("</body>", bomb * 30 + "</body>"),),
            stylesheets=job.stylesheets,
        )

    monkeypatch.setattr(render_module, "render_job", slow)
    settings.REPORT_RENDER_TIMEOUT = 1
    report = issue_self_report(world)
    assert report.status == ReportStatus.FAILED
    assert "longer than 1 s" in report.error


def test_a_duplicate_or_outdated_task_does_nothing(world: World) -> None:
    report = issue_self_report(world)
    assert render_report.call(report_id=report.pk, attempt=1) == ReportStatus.READY  # already done
    assert render_report.call(report_id=report.pk, attempt=7) == ReportStatus.READY
    assert render_report.call(report_id=10**9, attempt=1) == "missing"


def test_withdrawn_assessments_get_no_report(world: World) -> None:
    assessment = world.in_review()
    assessment_services.assessment_request_changes(
        actor=world.users["evaluator"], assessment=assessment, comment="More evidence."
    )
    assessment_services.assessment_withdraw(actor=world.users["owner"], assessment=assessment)
    with pytest.raises(Conflict):
        services.report_issue(
            actor=world.users["owner"], assessment=assessment, kind="self_assessment", language="en"
        )


DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
WRITES = ("INSERT", "UPDATE", "DELETE")


def test_a_report_whose_worker_died_fails_after_its_deadline_and_can_be_retried(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each render leaves a check behind for after its deadline; if its worker died, the next
    worker that runs the check marks the report failed. Reading the report never does."""
    from datetime import timedelta

    from django.tasks import default_task_backend
    from django.utils import timezone

    settings.TASKS = DUMMY  # tasks wait; this test plays the worker
    settings.REPORT_RENDER_TIMEOUT = 30
    report = issue_self_report(world)
    with pytest.raises(Conflict):  # queued a moment ago: a worker may pick it up any time
        services.report_retry(actor=world.users["owner"], report=report)
    (render,) = default_task_backend.results

    def killed(report: Report) -> Any:
        raise SystemExit("SIGKILL")  # what the worker's process sees of a kill: nothing after

    monkeypatch.setattr(rendering, "_render_bytes", killed)
    started = timezone.now()
    with pytest.raises(SystemExit):
        render.task.call(**render.kwargs)
    report.refresh_from_db()
    assert report.status == ReportStatus.RENDERING and not report.pdf
    check = next(r for r in default_task_backend.results if r.task.name == "expire_stale_reports")
    assert check.task.run_after is not None
    # Deferred to just after the deadline: the time limit plus the grace for storing the bytes.
    deadline = started + timedelta(seconds=30) + rendering.RENDER_GRACE
    assert deadline < check.task.run_after < deadline + timedelta(seconds=5)
    monkeypatch.undo()

    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now() - timedelta(seconds=35))
    assert check.task.call() == 0  # 35 s: within 30 s + the grace for storing
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now() - timedelta(seconds=45))
    client = world.client("owner")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/reports/{report.pk}/").json()["status"] == "rendering"
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert check.task.call() == 1
    assert client.get(f"/api/v1/reports/{report.pk}/").json()["status"] == "failed"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    retried = services.report_retry(actor=world.users["owner"], report=report)
    retried.refresh_from_db()
    assert retried.status == ReportStatus.READY and retried.attempts == 2


def test_reading_reports_writes_nothing(world: World, settings: Any) -> None:
    """The reports page and the API's list and detail, with a report whose worker died long ago:
    not one INSERT, UPDATE or DELETE (the check that fails it runs in a worker)."""
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    settings.TASKS = DUMMY
    assessment = world.submitted()
    report = services.report_issue(
        actor=world.users["owner"], assessment=assessment, kind="self_assessment", language="en"
    )
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RENDERING, updated_at=timezone.now() - timedelta(days=1)
    )
    page = Client()
    sign_in(page, world.users["owner"])
    api = world.client("owner")
    for read in (
        lambda: page.get(f"/app/assessments/{assessment.pk}/reports/"),
        lambda: api.get("/api/v1/reports/"),
        lambda: api.get(f"/api/v1/reports/{report.pk}/"),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert read().status_code == 200
        writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
        assert writes == []
    report.refresh_from_db()
    assert report.status == ReportStatus.RENDERING


def test_issuing_a_report_writes_an_audit_event(world: World) -> None:
    from assessments.models import AuditEvent

    assessment = world.submitted()
    report = services.report_issue(
        actor=world.users["member"], assessment=assessment, kind="self_assessment", language="en"
    )
    event = AuditEvent.objects.get(assessment=assessment, action="report")
    assert event.actor == world.users["member"]
    assert event.data == {
        "report": report.code,
        "kind": "self_assessment",
        "language": "en",
        "revision": 1,
        "data_sha256": report.data_sha256,
    }
    # The audit trail the company reads lists it too.
    events = world.client("owner").get(f"/api/v1/assessments/{assessment.pk}/events/").json()
    assert any(
        e["action"] == "report" and e["data"]["report"] == report.code for e in events["results"]
    )


def test_without_a_public_address_reports_are_refused_clearly(world: World, settings: Any) -> None:
    settings.PUBLIC_BASE_URL = ""
    settings.DEBUG = False
    assessment = world.submitted()
    response = post_report(world.client("owner"), assessment.pk, "self_assessment", "en")
    assert response.status_code == 503
    assert response.json()["extra"] == {"setting": "PUBLIC_BASE_URL"}
    assert "PUBLIC_BASE_URL" in response.json()["message"]
    # The page says the same, as a message on the reports page (never a 500).
    from django.test import Client

    for language, phrase in (("en", "public address (PUBLIC_BASE_URL)"), ("ko", "공개 주소")):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        sign_in(client, world.users["owner"])
        client.cookies["django_language"] = language
        page = client.post(
            f"/app/assessments/{assessment.pk}/reports/",
            {"kind": "self_assessment", "language": "en"},
            follow=True,
        )
        assert page.status_code == 200
        assert phrase in page.content.decode() and "PUBLIC_BASE_URL" in page.content.decode()
    assert not Report.objects.exists()


def test_in_development_the_report_links_to_the_address_it_was_issued_on(
    world: World, settings: Any
) -> None:
    settings.PUBLIC_BASE_URL = ""
    settings.DEBUG = True
    assessment = world.submitted()
    response = post_report(
        world.client("owner"), assessment.pk, "self_assessment", "en", HTTP_HOST="localhost:8123"
    )
    assert response.status_code == 202, response.json()
    report = Report.objects.get(pk=response.json()["id"])
    assert report.data["report"]["verify_url"] == f"http://localhost:8123/verify/{report.code}/"


def test_a_report_issued_before_the_address_was_in_its_data_still_renders_and_verifies(
    world: World, settings: Any
) -> None:
    """Data of the earlier shape (no verify_url, no coverage counts): it renders with the
    configured address, and the verification page shows both hashes."""
    from django.test import Client

    from reports.selectors import data_sha256

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    report = services.report_issue(
        actor=world.users["owner"], assessment=decide(world), kind="self_assessment", language="en"
    )
    old = json.loads(json.dumps(report.data))
    del old["report"]["verify_url"]
    for key in ("items", "verified_items"):
        del old["scores"]["verified"][key]
    report.data, report.data_sha256 = old, data_sha256(old)
    report.save()
    assert render_report.call(report_id=report.pk, attempt=report.attempts) == "ready"
    report.refresh_from_db()
    text = PdfReader(io.BytesIO(report.pdf.read())).pages[0].extract_text()
    assert f"https://trustcheck.example/verify/{report.code}/" in text.replace("\n", "")
    page = Client().get(f"/verify/{report.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert report.sha256 in page and report.data_sha256 in page
