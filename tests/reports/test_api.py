"""The reports API: who may do what (one row per endpoint, one column per role), downloads,
and public verification (DESIGN.md §7)."""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader
from rest_framework.test import APIClient

from assessments.models import Assessment
from reports import services
from reports.choices import ReportStatus
from reports.models import Report
from tests.assessments.conftest import ROLES, World, row
from tests.reports.conftest import decide, downloaded, post_report

pytestmark = pytest.mark.django_db

API = "/api/v1"
DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def ready_report(world: World, assessment: Assessment | None = None, **kwargs: Any) -> Report:
    assessment = assessment or world.in_review()
    arguments = {"kind": "self_assessment", "language": "en", **kwargs}
    actor = world.users["owner" if arguments["kind"] == "self_assessment" else "evaluator"]
    report = services.report_issue(actor=actor, assessment=assessment, **arguments)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    return report


def failed_report(world: World, monkeypatch: pytest.MonkeyPatch) -> Report:
    from reports import render

    monkeypatch.setattr(
        render, "render_pdf", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom"))
    )
    report = services.report_issue(
        actor=world.users["owner"],
        assessment=world.in_review(),
        kind="self_assessment",
        language="en",
    )
    monkeypatch.undo()
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    return report


# --- issuing: the task backend is a dummy here, so a 202 leaves the report queued -------------

ISSUE_SELF = row(401, 202, 202, 403, 400, 403, 403, 400, 400)
ISSUE_EVALUATION = row(401, 403, 403, 403, 400, 202, 202, 400, 400)


@pytest.mark.parametrize("who", ROLES)
def test_issue_self_assessment_report(world: World, settings: Any, who: str) -> None:
    settings.TASKS = DUMMY
    assessment = world.in_review()
    response = post_report(world.client(who), assessment.pk, "self_assessment", "ko")
    assert response.status_code == ISSUE_SELF[who], response.json()
    if response.status_code == 202:
        body = response.json()
        assert set(body) == {"id", "code", "status"} and body["status"] == "queued"
    else:
        assert set(response.json()) == {"message", "extra"}


@pytest.mark.parametrize("who", ROLES)
def test_issue_evaluation_report(world: World, settings: Any, who: str) -> None:
    settings.TASKS = DUMMY
    assessment = decide(world)
    response = post_report(world.client(who), assessment.pk, "evaluation", "en")
    assert response.status_code == ISSUE_EVALUATION[who], response.json()


def test_issue_refuses_bad_input_and_wrong_states(world: World, settings: Any) -> None:
    settings.TASKS = DUMMY
    owner = world.client("owner")
    draft = world.new_assessment()
    assert post_report(owner, draft.pk, "self_assessment", "en").status_code == 409
    bad = owner.post(
        f"{API}/reports/", {"assessment": "x", "kind": "novel", "language": "fr"}, format="json"
    )
    assert bad.status_code == 400 and set(bad.json()["extra"]["fields"]) == {
        "assessment",
        "kind",
        "language",
    }
    in_review = world.in_review()
    lead = post_report(world.client("lead"), in_review.pk, "evaluation", "en")
    assert lead.status_code == 409 and lead.json()["extra"]["status"] == "in_review"


# --- reading: anyone who can see the assessment; everyone else gets 404 ----------------------

READ = row(401, 200, 200, 200, 404, 200, 200, 404, 404)


@pytest.mark.parametrize("who", ROLES)
def test_detail_download_and_list(world: World, who: str) -> None:
    report = ready_report(world)
    client = world.client(who)
    detail = client.get(f"{API}/reports/{report.pk}/")
    download = client.get(f"{API}/reports/{report.pk}/download/")
    listing = client.get(f"{API}/reports/", {"assessment": report.assessment_id})
    assert detail.status_code == download.status_code == READ[who]
    assert listing.status_code == (401 if who == "anonymous" else 200)
    if READ[who] == 200:
        body = detail.json()
        assert (
            body["code"] == report.code
            and body["sha256"] == report.sha256
            and body["status"] == "ready"
        )
        assert {"kind", "language", "issued_at", "error", "revision", "data_sha256"} <= set(body)
        assert b"".join(download.streaming_content) == report.pdf.read()
        assert [r["code"] for r in listing.json()["results"]] == [report.code]
    elif who != "anonymous":
        assert listing.json()["results"] == []


RETRY = row(401, 202, 202, 403, 404, 403, 403, 404, 404)


@pytest.mark.parametrize("who", ROLES)
def test_retry(world: World, settings: Any, monkeypatch: pytest.MonkeyPatch, who: str) -> None:
    report = failed_report(world, monkeypatch)
    settings.TASKS = DUMMY
    response = world.client(who).post(f"{API}/reports/{report.pk}/retry/")
    assert response.status_code == RETRY[who]
    if response.status_code == 202:
        assert response.json() == {"id": report.pk, "code": report.code, "status": "queued"}


def test_failed_report_shows_its_error_and_cannot_be_downloaded(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = failed_report(world, monkeypatch)
    owner = world.client("owner")
    body = owner.get(f"{API}/reports/{report.pk}/").json()
    assert body["status"] == "failed" and "boom" in body["error"] and body["sha256"] is None
    conflict = owner.get(f"{API}/reports/{report.pk}/download/")
    assert conflict.status_code == 409 and conflict.json()["extra"]["status"] == "failed"
    retried = owner.post(f"{API}/reports/{report.pk}/retry/")
    assert retried.status_code == 202 and retried.json()["status"] == "ready"  # immediate backend
    assert owner.post(f"{API}/reports/{report.pk}/retry/").status_code == 409


def test_list_filter_must_be_an_id(world: World) -> None:
    response = world.client("owner").get(f"{API}/reports/", {"assessment": "abc"})
    assert response.status_code == 400 and set(response.json()) == {"message", "extra"}


def test_download_is_named_after_organisation_system_and_code(world: World) -> None:
    report = ready_report(world)
    response = world.client("viewer").get(f"{API}/reports/{report.pk}/download/")
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="acme-ai_resume-ranker_{report.code}.pdf"')
    assert f"filename*=UTF-8''Acme%20AI_R%C3%A9sum%C3%A9%20ranker_{report.code}.pdf" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"] == f'"{report.sha256}"'


# --- the data in the PDF is the API's score read-out ----------------------------------------


def embedded(pdf: bytes) -> dict[str, Any]:
    return json.loads(PdfReader(io.BytesIO(pdf)).attachments["report-data.json"][0])


def test_self_assessment_data_matches_the_score_at_the_revision(world: World) -> None:
    assessment = world.submitted()
    owner = world.client("owner")
    at_revision = owner.get(f"{API}/assessments/{assessment.pk}/score/").json()
    issued = post_report(owner, assessment.pk, "self_assessment", "ko").json()
    pdf = downloaded(owner, issued["id"])
    scores = embedded(pdf)["scores"]
    for key in (
        "overall",
        "rating",
        "completion",
        "critical_gaps",
        "sections",
        "checklists",
        "verified",
        "screening",
    ):
        assert scores[key] == at_revision[key], key


def test_evaluation_data_matches_the_score_with_verdicts_and_evaluation(world: World) -> None:
    assessment = decide(world)
    evaluator = world.client("evaluator")
    score = world.client("owner").get(f"{API}/assessments/{assessment.pk}/score/").json()
    issued = post_report(evaluator, assessment.pk, "evaluation", "en").json()
    pdf = downloaded(evaluator, issued["id"])
    data = embedded(pdf)
    assert data["scores"] == score
    assert (
        data["scores"]["verified"]["overall"] is not None
        and data["scores"]["evaluation"]["outcome"]
    )
    assert data["report"]["code"] == issued["code"]


# --- public verification ---------------------------------------------------------------------


def test_verify_returns_metadata_whose_sha_matches_the_download(world: World) -> None:
    report = ready_report(world, decide(world), kind="evaluation")
    pdf = b"".join(
        world.client("owner").get(f"{API}/reports/{report.pk}/download/").streaming_content
    )
    response = APIClient().get(f"{API}/verify/{report.code}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "code",
        "kind",
        "language",
        "issued_at",
        "organisation",
        "system",
        "result",
        "sha256",
        "data_sha256",
        "signature",
        "validity",
    }
    assert body["validity"]["status"] == "valid"  # an evaluation report, just issued
    assert body["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert body["data_sha256"] == report.data_sha256
    assert (body["organisation"], body["system"], body["kind"]) == (
        "Acme AI",
        "Résumé ranker",
        "evaluation",
    )
    scores = report.data["scores"]
    assert body["result"]["score"] == scores["verified"]["overall"]
    assert body["result"]["outcome"] == scores["evaluation"]["outcome"]
    assert body["signature"] == {"signed": False, "valid": None, "trusted": None, "signer": ""}
    assert APIClient().get(f"{API}/verify/{report.code.lower()}/").status_code == 200


def test_verify_compares_uploaded_bytes(world: World) -> None:
    report = ready_report(world)
    pdf = report.pdf.read()
    client = APIClient()

    def check(content: bytes) -> Any:
        upload = SimpleUploadedFile("r.pdf", content, content_type="application/pdf")
        return client.post(f"{API}/verify/{report.code}/", {"file": upload}, format="multipart")

    assert check(pdf).json() == {"match": True}
    tampered = bytearray(pdf)
    tampered[len(pdf) // 2] ^= 0x01
    assert check(bytes(tampered)).json() == {"match": False}
    assert check(pdf + b"\n").json() == {"match": False}
    missing = client.post(f"{API}/verify/{report.code}/", {}, format="multipart")
    assert missing.status_code == 400 and set(missing.json()) == {"message", "extra"}


def test_verify_refuses_files_over_the_limit(world: World, settings: Any) -> None:
    report = ready_report(world)
    settings.REPORT_VERIFY_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 70_000, content_type="application/pdf")
    response = APIClient().post(
        f"{API}/verify/{report.code}/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 413 and response.json()["extra"] == {"max_bytes": 1000}


def test_unknown_codes_look_like_any_404(world: World, settings: Any) -> None:
    report = ready_report(world)
    settings.TASKS = DUMMY
    queued = services.report_issue(
        actor=world.users["owner"],
        assessment=report.assessment,
        kind="self_assessment",
        language="en",
    )
    generic = world.client("owner").get(f"{API}/reports/999999/")
    client = APIClient(headers={"Accept-Language": "en"})
    for code in ("TC-2026-AAAA-AAAA", "nonsense", queued.code, "TC-2026-7KQ4-M2X"):
        response = client.get(f"{API}/verify/{code}/")
        assert response.status_code == 404
        assert response.json() == generic.json()
        assert client.post(f"{API}/verify/{code}/", {}, format="multipart").status_code == 404


def test_verify_is_throttled(world: World, settings: Any) -> None:
    settings.REPORT_VERIFY_THROTTLE = "3/minute"
    client = APIClient()
    statuses = [client.get(f"{API}/verify/TC-2026-AAAA-AAAA/").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_openapi_schema_describes_the_report_endpoints() -> None:
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    generator = SchemaGenerator(patterns=[path("api/v1/", include("reports.api.urls"))])
    paths = generator.get_schema(request=None, public=True)["paths"]
    assert {
        "/api/v1/reports/",
        "/api/v1/reports/{id}/",
        "/api/v1/reports/{id}/download/",
        "/api/v1/reports/{id}/retry/",
        "/api/v1/verify/{code}/",
    } <= set(paths)
    assert "202" in paths["/api/v1/reports/"]["post"]["responses"]
