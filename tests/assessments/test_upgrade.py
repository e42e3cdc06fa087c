"""Moving an assessment to a new content version, and re-assessing it (issue 10).

The fixture content has t-general 1.0.0; ``publish_general_v2`` adds 2.0.0 (see conftest):
T-A-01 unchanged, T-A-02 reworded, T-B-01 with new options, T-B-02 removed, T-B-06 added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessments import services
from assessments.choices import Status
from assessments.models import Answer, Assessment, AuditEvent, Evidence, Revision
from checklists.models import ChecklistVersion
from tests.assessments.conftest import World, publish_general_v2
from tests.factories import sign_in

API = "/api/v1/assessments"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _answered_draft(world: World) -> Assessment:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[
            services.AnswerInput(
                checklist="t-general", item="T-A-01", value="yes", comment="see plan", version=1
            )
        ],
    )
    return assessment


def _preview(world: World, assessment: Assessment, who: str = "owner") -> dict[str, Any]:
    response = world.client(who).get(f"{API}/{assessment.pk}/upgrade/")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def _upgrade(world: World, assessment: Assessment, token: str, who: str = "owner") -> Any:
    return world.client(who).post(
        f"{API}/{assessment.pk}/upgrade/",
        {"checklists": ["t-general"], "preview": token},
        format="json",
    )


def _general(assessment: Assessment, version: str) -> dict[str, Answer]:
    return {
        a.item_code: a
        for a in Answer.objects.filter(
            assessment=assessment,
            checklist_version__checklist__slug="t-general",
            checklist_version__version=version,
        )
    }


def test_no_newer_version_no_upgrade(world: World) -> None:
    assessment = _answered_draft(world)
    assert _preview(world, assessment)["checklists"] == []


def test_the_preview_lists_items_and_what_happens_to_each_answer(world: World) -> None:
    assessment = _answered_draft(world)
    publish_general_v2()
    preview = _preview(world, assessment)
    [general] = preview["checklists"]
    assert (general["checklist"], general["from"], general["to"]) == ("t-general", "1.0.0", "2.0.0")
    changes = {row["item"]: row["change"] for row in general["items"]}
    assert changes == {
        "T-A-01": "unchanged",
        "T-A-02": "changed",
        "T-A-03": "unchanged",
        "T-B-01": "changed",
        "T-B-02": "removed",
        "T-B-03": "unchanged",
        "T-B-04": "unchanged",
        "T-B-05": "unchanged",
        "T-B-06": "added",
    }
    fates = {row["item"]: row["fate"] for row in general["answers"]}
    assert fates == {
        "T-A-01": "carried",
        "T-A-02": "needs_review",
        "T-A-03": "carried",
        "T-B-01": "needs_review",
        "T-B-02": "dropped",
    }
    assert (general["counts"]["carried"], general["counts"]["dropped"]) == (2, 1)
    reworded = next(row for row in general["items"] if row["item"] == "T-A-02")
    assert reworded["old"]["text"]["en"] == "Is the plan reviewed?"
    assert reworded["new"]["text"]["en"] == "Is the plan reviewed every year?"
    assert len(preview["token"]) == 64
    # A read changes nothing.
    assert _general(assessment, "2.0.0") == {}


def test_upgrade_carries_marks_and_drops_by_the_rules(world: World) -> None:
    assessment = _answered_draft(world)
    old_file = Evidence.objects.get(assessment=assessment)
    publish_general_v2()
    response = _upgrade(world, assessment, _preview(world, assessment)["token"])
    assert response.status_code == 200, response.content

    moved = _general(assessment, "2.0.0")
    assert set(moved) == {"T-A-01", "T-A-02", "T-A-03", "T-B-01"}
    # carried: value, comment and evidence kept, no review
    assert (moved["T-A-01"].value, moved["T-A-01"].comment) == ("yes", "see plan")
    assert moved["T-A-01"].review_reason == "" and moved["T-A-03"].value == 3
    [linked] = Evidence.objects.filter(assessment=assessment)
    assert linked.checklist_version_id == moved["T-A-01"].checklist_version_id
    assert linked.file.name == old_file.file.name and linked.sha256 == old_file.sha256
    # needs_review: kept, marked
    assert moved["T-A-02"].value == "yes" and moved["T-A-02"].review_reason == "changed"
    assert moved["T-B-01"].value == "manual" and moved["T-B-01"].review_reason == "changed"
    # dropped: still stored, on the old version, out of the current read
    left = _general(assessment, "1.0.0")
    assert set(left) == {"T-B-02"} and left["T-B-02"].value == ["visible", "watermark"]
    listed = world.client("owner").get(f"{API}/{assessment.pk}/answers/").json()["results"]
    general_rows = [row for row in listed if row["checklist"].startswith("t-general")]
    assert {row["checklist"] for row in general_rows} == {"t-general@2.0.0"}
    assert "T-B-02" not in {row["item"] for row in general_rows}
    assert {row["item"]: row["review_reason"] for row in general_rows}["T-A-02"] == "changed"
    # the assessment now applies 2.0.0; the audit event has the counts
    labels = [
        link.version.label for link in assessment.applicable.select_related("version__checklist")
    ]
    assert "t-general@2.0.0" in labels and "t-general@1.0.0" not in labels
    event = AuditEvent.objects.get(assessment=assessment, action="upgrade")
    [counts] = event.data["checklists"]
    assert counts["checklist"] == "t-general"
    assert (counts["carried"], counts["needs_review"], counts["dropped"], counts["added"]) == (
        2,
        2,
        1,
        1,
    )
    assert counts["from"] == "1.0.0" and counts["to"] == "2.0.0" and counts["evidence"] == 1


def test_flagged_answers_block_submit_until_confirmed(world: World) -> None:
    assessment = _answered_draft(world)
    publish_general_v2()
    assert _upgrade(world, assessment, _preview(world, assessment)["token"]).status_code == 200
    missing = {(m["item"], m["problem"]) for m in services.missing_for_submit(assessment)}
    assert missing == {
        ("T-A-02", "needs_review"),
        ("T-B-01", "needs_review"),
        ("T-B-06", "unanswered"),
    }
    refused = world.client("owner").post(
        f"{API}/{assessment.pk}/submit/", {"evaluation_body": world.body.pk}, format="json"
    )
    assert refused.status_code == 400
    moved = _general(assessment, "2.0.0")
    # Confirming the same value, or changing it, clears the mark.
    saved = world.client("owner").post(
        f"{API}/{assessment.pk}/answers/",
        {
            "answers": [
                {
                    "checklist": "t-general",
                    "item": "T-A-02",
                    "value": "yes",
                    "version": moved["T-A-02"].version,
                },
                {
                    "checklist": "t-general",
                    "item": "T-B-01",
                    "value": "hybrid",
                    "version": moved["T-B-01"].version,
                },
                {"checklist": "t-general", "item": "T-B-06", "value": "yes"},
            ]
        },
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert {row["item"]: row["review_reason"] for row in saved.json()} == {
        "T-A-02": "",
        "T-B-01": "",
        "T-B-06": "",
    }
    assert services.missing_for_submit(assessment) == []
    submitted = world.client("owner").post(
        f"{API}/{assessment.pk}/submit/", {"evaluation_body": world.body.pk}, format="json"
    )
    assert submitted.status_code == 200, submitted.content
    revision = Revision.objects.get(assessment=assessment, number=1)
    assert "t-general@2.0.0" in revision.answers
    assert "T-B-02" not in revision.answers["t-general@2.0.0"]


def test_a_stale_preview_is_refused(world: World) -> None:
    assessment = _answered_draft(world)
    publish_general_v2()
    token = _preview(world, assessment)["token"]
    services.answers_upsert(
        actor=world.users["member"],
        assessment=assessment,
        answers=[services.AnswerInput(checklist="t-general", item="T-A-03", value=4, version=1)],
    )
    response = _upgrade(world, assessment, token)
    assert response.status_code == 409
    assert response.json()["extra"]["preview"] == _preview(world, assessment)["token"] != token
    assert _general(assessment, "2.0.0") == {}
    assert not AuditEvent.objects.filter(action="upgrade").exists()


def test_a_value_no_longer_offered_is_dropped(world: World) -> None:
    assessment = _answered_draft(world)
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-general", item="T-B-01", value="auto", version=1)
        ],
    )
    publish_general_v2()
    assert _upgrade(world, assessment, _preview(world, assessment)["token"]).status_code == 200
    assert "T-B-01" not in _general(assessment, "2.0.0")
    assert _general(assessment, "1.0.0")["T-B-01"].value == "auto"


def test_upgrade_in_changes_requested_keeps_the_submitted_revision(world: World) -> None:
    assessment = world.in_review()
    services.assessment_request_changes(
        actor=world.users["evaluator"], assessment=assessment, comment="Update to 2.0"
    )
    revision = Revision.objects.get(assessment=assessment, number=1)
    frozen = (revision.checklists, revision.answers, revision.scores)
    old_file = Evidence.objects.get(assessment=assessment)
    publish_general_v2()
    assert _upgrade(world, assessment, _preview(world, assessment)["token"]).status_code == 200
    revision.refresh_from_db()
    assert (revision.checklists, revision.answers, revision.scores) == frozen
    # The file the revision listed is still found as of its submit.
    as_of = Evidence.history.filter(assessment=assessment).as_of(revision.created_at)
    assert [row.pk for row in as_of] == [old_file.pk]
    # The evaluation body still reads what was submitted.
    body_view = world.client("evaluator").get(f"{API}/{assessment.pk}/answers/").json()["results"]
    assert "T-B-02" in {row["item"] for row in body_view}
    # ... and its review page shows the submitted version's items and answers.
    from django.test import Client

    page = Client(headers={"Accept-Language": "en"})
    sign_in(page, world.users["evaluator"])
    html = page.get(f"/app/assessments/{assessment.pk}/review/t-general/?section=T-B").content
    assert b"T-B-02" in html and b"T-B-06" not in html


def test_upgrade_is_refused_outside_editable_states_and_to_viewers(world: World) -> None:
    assessment = world.submitted()
    draft = _answered_draft(world)
    publish_general_v2()
    token = _preview(world, assessment)["token"]
    assert _upgrade(world, assessment, token).status_code == 409
    token = _preview(world, draft, "viewer")["token"]
    assert _upgrade(world, draft, token, who="viewer").status_code == 403
    assert world.client("evaluator").get(f"{API}/{draft.pk}/upgrade/").status_code == 404


def test_unknown_checklist_or_bad_body_is_a_400(world: World) -> None:
    assessment = _answered_draft(world)
    publish_general_v2()
    token = _preview(world, assessment)["token"]
    client = world.client("owner")
    for payload, field in (
        ({"checklists": ["t-hiring"], "preview": token}, "checklists"),
        ({"checklists": "some", "preview": token}, "checklists"),
        ({"checklists": "all"}, "preview"),
    ):
        response = client.post(f"{API}/{assessment.pk}/upgrade/", payload, format="json")
        assert response.status_code == 400, (payload, response.content)
        assert field in response.json()["extra"]["fields"], response.json()
    assert _general(assessment, "2.0.0") == {}


def test_upgrade_all(world: World) -> None:
    assessment = _answered_draft(world)
    publish_general_v2()
    token = _preview(world, assessment)["token"]
    response = world.client("member").post(
        f"{API}/{assessment.pk}/upgrade/", {"checklists": "all", "preview": token}, format="json"
    )
    assert response.status_code == 200
    assert "T-A-01" in _general(assessment, "2.0.0")
    assert _preview(world, assessment)["checklists"] == []


# ------------------------------------------------------------------------------------------
# Re-assessment
# ------------------------------------------------------------------------------------------


def _approved(world: World) -> Assessment:
    assessment = world.in_review()
    for criterion in ("T-R-01", "T-R-02", "T-R-03"):
        services.rating_set(
            actor=world.users["evaluator"], assessment=assessment, criterion=criterion, rating=4
        )
    return services.assessment_approve(
        actor=world.users["evaluator"], assessment=assessment, comment="Fine"
    )


def test_reassess_an_approved_assessment_on_the_newest_versions(world: World) -> None:
    approved = _approved(world)
    old_file = Evidence.objects.get(assessment=approved)
    publish_general_v2()
    response = world.client("member").post(f"{API}/{approved.pk}/reassess/")
    assert response.status_code == 201, response.content
    fresh = Assessment.objects.get(pk=response.json()["id"])
    assert fresh.status == Status.DRAFT and fresh.previous_id == approved.pk
    assert fresh.system_id == approved.system_id
    general = _general(fresh, "2.0.0")
    assert {code: (a.review_reason, a.carried_from) for code, a in general.items()} == {
        "T-A-01": ("carried", 1),
        "T-A-02": ("changed", 1),
        "T-A-03": ("carried", 1),
        "T-B-01": ("changed", 1),
    }
    # screening and the other checklists were carried too, and re-derived the same checklists
    assert [
        link.version.label for link in fresh.applicable.select_related("version__checklist")
    ] == [
        "t-screening@1.0.0",
        "t-general@2.0.0",
        "t-hiring@1.0.0",
        "t-obligations@1.0.0",
    ]
    screening = Answer.objects.filter(
        assessment=fresh, checklist_version__checklist__slug="t-screening"
    )
    assert {a.review_reason for a in screening} == {"carried"}
    [linked] = Evidence.objects.filter(assessment=fresh)
    assert linked.file.name == old_file.file.name and linked.pk != old_file.pk
    assert linked.checklist_version_id == general["T-A-01"].checklist_version_id
    # the old assessment and its revision are untouched
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
    assert Evidence.objects.filter(assessment=approved).count() == 1
    # every carried answer waits for a confirm
    problems = {m["problem"] for m in services.missing_for_submit(fresh)}
    assert "needs_review" in problems
    event = AuditEvent.objects.get(assessment=fresh, action="reassess")
    assert event.data["previous"] == approved.pk and event.data["dropped"] == 1
    # Once is enough: a second start (a double click) is refused, naming the first.
    again = world.client("owner").post(f"{API}/{approved.pk}/reassess/")
    assert again.status_code == 409 and again.json()["extra"]["reassessment"] == fresh.pk
    assert Assessment.objects.filter(previous=approved).count() == 1


def test_removing_linked_evidence_keeps_the_shared_file(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    approved = _approved(world)
    response = world.client("owner").post(f"{API}/{approved.pk}/reassess/")
    fresh = Assessment.objects.get(pk=response.json()["id"])
    linked = Evidence.objects.get(assessment=fresh)
    with django_capture_on_commit_callbacks(execute=True):
        deleted = world.client("owner").delete(f"{API}/{fresh.pk}/evidence/{linked.pk}/")
    assert deleted.status_code == 204
    assert not Evidence.history.filter(pk=linked.pk).exists()
    original = Evidence.objects.get(assessment=approved)
    assert original.file.storage.exists(original.file.name)


def test_reassess_a_self_assessment_and_refuse_a_draft(world: World) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    client = world.client("owner")
    refused = client.post(f"{API}/{assessment.pk}/reassess/")
    assert refused.status_code == 409 and refused.json()["extra"]["status"] == "draft"
    services.assessment_submit(
        actor=world.users["owner"], assessment=assessment, evaluation_body=None
    )
    assert client.post(f"{API}/{assessment.pk}/reassess/").status_code == 201
    submitted = world.submitted()  # submitted to a body: not finished, not re-assessable
    assert client.post(f"{API}/{submitted.pk}/reassess/").status_code == 409
    assert world.client("viewer").post(f"{API}/{assessment.pk}/reassess/").status_code == 403
    assert ChecklistVersion.objects.filter(checklist__slug="t-general").count() == 1


def test_a_raw_insert_that_does_not_name_the_review_column_gets_its_default(world: World) -> None:
    # Another branch writes answers with raw SQL; the new column must not break such INSERTs.
    from django.db import connection
    from django.utils import timezone

    assessment = world.new_assessment()
    version = ChecklistVersion.objects.get(checklist__slug="t-general")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO assessments_answer (assessment_id, checklist_version_id, item_code, "
            "value, comment, version, updated_by_id, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                assessment.pk,
                version.pk,
                "T-A-03",
                "3",
                "",
                1,
                world.users["owner"].pk,
                timezone.now(),
            ],
        )
    answer = Answer.objects.get(assessment=assessment, item_code="T-A-03")
    assert (answer.value, answer.review_reason, answer.carried_from) == (3, "", None)
