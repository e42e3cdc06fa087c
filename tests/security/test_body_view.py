"""What an evaluation body sees (issue 17.9): the submitted revision, not the company's edits in
progress while changes are requested, and nothing of a withdrawn assessment."""

from __future__ import annotations

from django.test import Client

from assessments import services
from tests.assessments.conftest import World
from tests.factories import sign_in

SECRET_COMMENT = "draft note the lab must not see yet"


def _changes_in_progress(world: World) -> tuple[object, dict[str, object]]:
    assessment = world.in_review()
    services.assessment_request_changes(
        actor=world.users["evaluator"], assessment=assessment, comment="Please fix T-A-03."
    )
    owner = world.client("owner")
    before = {
        a["item"]: (a["value"], a["comment"], a["version"])
        for a in owner.get(f"/api/v1/assessments/{assessment.pk}/answers/").json()["results"]
    }
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[
            services.AnswerInput(
                checklist="t-general",
                item="T-A-03",
                value=0,
                comment=SECRET_COMMENT,
                version=before["T-A-03"][2],  # type: ignore[index]
            )
        ],
    )
    return assessment, before


def test_the_body_sees_the_submitted_answers_while_the_company_edits(world: World) -> None:
    assessment, before = _changes_in_progress(world)
    pk = assessment.pk  # type: ignore[attr-defined]
    lab = world.client("evaluator")
    seen = {
        a["item"]: (a["value"], a["comment"], a["version"])
        for a in lab.get(f"/api/v1/assessments/{pk}/answers/").json()["results"]
    }
    assert seen == before
    # The company sees its edit.
    mine = world.client("owner").get(f"/api/v1/assessments/{pk}/answers/").json()["results"]
    assert next(a for a in mine if a["item"] == "T-A-03")["comment"] == SECRET_COMMENT
    # The score the lab reads is the submitted one.
    submitted = world.client("owner").get(f"/api/v1/assessments/{pk}/").json()
    score = lab.get(f"/api/v1/assessments/{pk}/score/").json()
    revision = assessment.revisions.get(number=submitted["revision"])  # type: ignore[attr-defined]
    assert score["overall"] == revision.scores["overall"]
    assert score["sections"] == revision.scores["sections"]
    live = world.client("owner").get(f"/api/v1/assessments/{pk}/score/").json()
    assert live["sections"] != score["sections"]  # the edit moved the company's own score
    # And so do its pages.
    page = Client()
    sign_in(page, world.users["evaluator"])
    for url in (
        f"/app/assessments/{pk}/review/t-general/",
        f"/app/assessments/{pk}/",
        f"/app/assessments/{pk}/fill/t-general/",
        f"/app/assessments/{pk}/diff/",
    ):
        response = page.get(url)
        assert response.status_code == 200
        assert SECRET_COMMENT not in response.content.decode(), url
    exported = page.get(f"/app/assessments/{pk}/export.xlsx")
    assert exported.status_code == 200
    import io

    from openpyxl import load_workbook

    cells = [
        str(cell.value)
        for sheet in load_workbook(io.BytesIO(exported.content)).worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]
    assert SECRET_COMMENT not in cells


def test_a_withdrawn_assessment_is_gone_for_the_body(world: World) -> None:
    assessment, _before = _changes_in_progress(world)
    pk = assessment.pk  # type: ignore[attr-defined]
    services.assessment_withdraw(
        actor=world.users["owner"], assessment=assessment, comment="Not now."
    )
    lab = world.client("evaluator")
    assert lab.get(f"/api/v1/assessments/{pk}/").status_code == 404
    assert lab.get(f"/api/v1/assessments/{pk}/answers/").status_code == 404
    assert pk not in [a["id"] for a in lab.get("/api/v1/assessments/").json()["results"]]
    page = Client()
    sign_in(page, world.users["evaluator"])
    assert page.get(f"/app/assessments/{pk}/").status_code == 404
    # The company still has it.
    assert world.client("owner").get(f"/api/v1/assessments/{pk}/").status_code == 200


def test_the_body_sees_the_files_of_the_submitted_revision_while_the_company_edits(
    world: World,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments.models import Evidence

    assessment, _before = _changes_in_progress(world)
    pk = assessment.pk  # type: ignore[attr-defined]
    submitted = Evidence.objects.get(assessment_id=pk)
    owner = world.users["owner"]
    services.evidence_delete(actor=owner, assessment=assessment, evidence=submitted)  # type: ignore[arg-type]
    draft = services.evidence_upload(
        actor=owner,
        assessment=assessment,  # type: ignore[arg-type]
        checklist="t-general",
        item="T-A-01",
        upload=SimpleUploadedFile("draft-plan.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"),
    )
    lab = world.client("evaluator")
    names = [e["name"] for e in lab.get(f"/api/v1/assessments/{pk}/evidence/").json()["results"]]
    assert names == ["plan.pdf"]  # as submitted: the removed file still, the new one not yet
    base = f"/api/v1/assessments/{pk}/evidence"
    assert lab.get(f"{base}/{submitted.pk}/download/").status_code == 200
    assert lab.get(f"{base}/{draft.pk}/download/").status_code == 404
    mine = world.client("owner").get(f"{base}/").json()["results"]
    assert [e["name"] for e in mine] == ["draft-plan.pdf"]
    page = Client()
    sign_in(page, world.users["evaluator"])
    review = page.get(f"/app/assessments/{pk}/review/t-general/").content.decode()
    assert "plan.pdf" in review and "draft-plan.pdf" not in review
