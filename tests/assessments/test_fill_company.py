"""The company side of issue 16: comments kept, progress from the submit rule, uploads, deletion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assessments import selectors, services
from assessments.choices import AuditAction
from assessments.models import Answer, AuditEvent, Evidence
from core.exceptions import ApplicationError
from tests.assessments.conftest import World
from tests.factories import sign_in

API = "/api/v1"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _page_client(world: World, who: str = "owner") -> Client:
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users[who])
    return client


def test_a_comment_alone_is_stored_through_the_api_and_stays_unanswered(world: World) -> None:
    assessment = world.new_assessment()
    client = world.client("owner")
    url = f"{API}/assessments/{assessment.pk}/answers/"
    one = {"checklist": "t-general", "item": "T-A-03", "value": None, "comment": "Planned."}
    response = client.post(url, {"answers": [one]}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()[0]["value"] is None
    assert response.json()[0]["version"] == 1
    stored = Answer.objects.get(assessment=assessment, item_code="T-A-03")
    assert (stored.value, stored.comment) == (None, "Planned.")
    # Unanswered for scoring and for submit.
    missing = services.missing_for_submit(assessment)
    assert {
        "checklist": "t-general",
        "section": "T-A",
        "item": "T-A-03",
        "problem": "unanswered",
    } in missing
    readout = selectors.score_of(assessment)
    general = next(c for c in readout.score.checklists if c.slug == "t-general")
    assert general.answered == 0
    # Saving the same comment again changes nothing; choosing the answer keeps the comment.
    again = {**one, "version": 1}
    assert client.post(url, {"answers": [again]}, format="json").json()[0]["version"] == 1
    chosen = {**one, "value": 3, "version": 1}
    response = client.post(url, {"answers": [chosen]}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()[0]["value"], response.json()[0]["version"]) == (3, 2)
    stored.refresh_from_db()
    assert (stored.value, stored.comment, stored.version) == (3, "Planned.", 2)
    # Back to a comment alone, then clearing the comment removes it.
    alone = {**one, "version": 2}
    assert client.post(url, {"answers": [alone]}, format="json").json()[0]["version"] == 3
    cleared = {**one, "comment": "", "version": 3}
    assert client.post(url, {"answers": [cleared]}, format="json").status_code == 200
    assert not Answer.objects.filter(assessment=assessment, item_code="T-A-03").exists()


def test_the_section_form_saves_a_comment_alone_without_javascript(world: World) -> None:
    assessment = world.new_assessment()
    response = _page_client(world).post(
        f"/app/assessments/{assessment.pk}/fill/t-general/",
        {
            "section": "T-A",
            "a-T-A-01-version": "",
            "a-T-A-01-comment": "",
            "a-T-A-03-version": "",
            "a-T-A-03-comment": "We test on one data set so far.",
        },
    )
    assert response.status_code == 302
    stored = Answer.objects.get(assessment=assessment, item_code="T-A-03")
    assert (stored.value, stored.comment) == (None, "We test on one data set so far.")
    page = _page_client(world).get(f"/app/assessments/{assessment.pk}/fill/t-general/?section=T-A")
    assert "We test on one data set so far." in page.content.decode()


def test_progress_and_submit_count_the_same_missing_evidence(world: World) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    Evidence.objects.filter(assessment=assessment).delete()
    missing = services.missing_for_submit(assessment)
    assert missing == [
        {
            "checklist": "t-general",
            "section": "T-A",
            "item": "T-A-01",
            "problem": "evidence_required",
        }
    ]
    progress = (
        _page_client(world).get(f"/app/assessments/{assessment.pk}/fill/t-general/progress/").json()
    )
    assert progress["sections"]["T-A"] == 67  # 2 of 3 visible required items are complete
    assert progress["checklist"] < 100 and progress["overall"] < 100
    assert progress["missing"] == 1
    # Another company's user cannot read it.
    other = _page_client(world, "other_company").get(
        f"/app/assessments/{assessment.pk}/fill/t-general/progress/"
    )
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"",
            "empty.pdf",
            "The file empty.pdf is empty (0 bytes); choose the file with the evidence.",
        ),
        (
            b"MZ\x90\x00",
            "tool.exe",
            "This kind of file is not accepted as evidence. Accepted: PDF, PNG, JPEG, TXT, CSV, DOCX, XLSX, PPTX.",
        ),
        (
            PDF + b"0" * (11 * 1024 * 1024),
            "big.pdf",
            "The file (11 MB) is larger than the limit of 10 MB.",
        ),
    ],
    ids=["empty", "type", "size"],
)
def test_upload_errors_speak_human_units_and_name_the_types(
    world: World, data: bytes, name: str, message: str
) -> None:
    assessment = world.new_assessment()
    with pytest.raises(ApplicationError) as caught:
        services.evidence_upload(
            actor=world.users["owner"],
            assessment=assessment,
            checklist="t-general",
            item="T-A-01",
            upload=SimpleUploadedFile(name, data),
        )
    assert caught.value.message == message


def test_evidence_delete_is_audited_and_only_while_editable(world: World) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    evidence = Evidence.objects.get(assessment=assessment)
    with pytest.raises(ApplicationError):
        services.evidence_delete(
            actor=world.users["viewer"], assessment=assessment, evidence=evidence
        )
    services.evidence_delete(actor=world.users["member"], assessment=assessment, evidence=evidence)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    event = AuditEvent.objects.get(assessment=assessment, action=AuditAction.EVIDENCE_DELETE)
    assert event.data == {
        "checklist": "t-general@1.0.0",
        "item": "T-A-01",
        "name": "plan.pdf",
        "sha256": evidence.sha256,
    }

    submitted = world.submitted()
    kept = Evidence.objects.get(assessment=submitted)
    with pytest.raises(ApplicationError) as caught:
        services.evidence_delete(actor=world.users["owner"], assessment=submitted, evidence=kept)
    assert caught.value.status_code == 409
    assert Evidence.objects.filter(pk=kept.pk).exists()


def test_evidence_replace_keeps_the_old_file_when_the_new_one_is_refused(world: World) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    old = Evidence.objects.get(assessment=assessment)
    with pytest.raises(ApplicationError):
        services.evidence_replace(
            actor=world.users["owner"],
            assessment=assessment,
            evidence=old,
            upload=SimpleUploadedFile("tool.exe", b"MZ\x90\x00"),
        )
    assert list(Evidence.objects.filter(assessment=assessment)) == [old]
    new = services.evidence_replace(
        actor=world.users["owner"],
        assessment=assessment,
        evidence=old,
        upload=SimpleUploadedFile("right.pdf", PDF),
    )
    assert list(Evidence.objects.filter(assessment=assessment)) == [new]
    assert (new.item_code, new.name) == ("T-A-01", "right.pdf")
    actions = list(
        AuditEvent.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == [AuditAction.EVIDENCE, AuditAction.EVIDENCE_DELETE]


def test_removing_a_file_of_a_submitted_revision_keeps_it_for_that_revision(world: World) -> None:
    """Submitted revisions never change: a file the evaluator saw stays listed for its revision."""
    from reports.selectors import snapshot_data

    assessment = services.assessment_request_changes(
        actor=world.users["evaluator"], assessment=world.in_review(), comment="Wrong plan."
    )
    seen = Evidence.objects.get(assessment=assessment)
    services.evidence_delete(actor=world.users["owner"], assessment=assessment, evidence=seen)

    assert not Evidence.objects.filter(assessment=assessment).exists()  # gone from the draft
    kept = Evidence.history.get(pk=seen.pk)
    assert kept.removed_by == world.users["owner"]
    assert kept.file.storage.exists(kept.file.name)  # the stored bytes stay
    event = AuditEvent.objects.get(assessment=assessment, action=AuditAction.EVIDENCE_DELETE)
    assert event.data["kept_for_revision"] == 1
    revision = assessment.revisions.get(number=1)
    data = snapshot_data(
        assessment=assessment,
        revision=revision,
        kind="self_assessment",
        language="en",
        code="TC-TEST",
        issued_at=revision.created_at,
        issuer=world.users["owner"],
        verify_url="https://trustcheck.example/verify/TC-TEST/",
    )
    assert data["evidence"] == {"t-general@1.0.0": {"T-A-01": ["plan.pdf"]}}
