"""The workflow services: transitions, their guards, audit rows, revisions and notifications."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from assessments import services
from assessments.choices import Status
from assessments.models import AuditEvent, Revision
from assessments.selectors import score_of
from assessments.services import Conflict, PermissionRefused
from core.exceptions import ApplicationError
from tests.assessments.conftest import World


def labels(assessment) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        f"{link.version.checklist.slug}@{link.version.version}"
        for link in assessment.applicable.select_related("version__checklist")
    ]


def test_new_assessment_applies_screening_and_profile_checklists(world: World) -> None:
    assessment = world.new_assessment()
    assert assessment.status == Status.DRAFT
    assert labels(assessment) == ["t-screening@1.0.0", "t-general@1.0.0", "t-hiring@1.0.0"]
    assert list(assessment.events.values_list("action", flat=True)) == ["create"]


def test_screening_answers_add_and_remove_checklists_without_losing_answers(world: World) -> None:
    assessment = world.new_assessment()
    owner = world.users["owner"]
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-screening", item="T-SIG-01", value="yes"),
            services.AnswerInput(checklist="t-screening", item="T-AREA-01", value="yes"),
        ],
    )
    assert "t-obligations@1.0.0" in labels(assessment)
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[services.AnswerInput(checklist="t-obligations", item="T-O-01", value="yes")],
    )
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-screening", item="T-SIG-01", value="no", version=1)
        ],
    )
    assert "t-obligations@1.0.0" not in labels(assessment)
    assert assessment.answers.filter(item_code="T-O-01").exists()  # kept, not applying
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-screening", item="T-SIG-01", value="yes", version=2)
        ],
    )
    assert "t-obligations@1.0.0" in labels(assessment)
    assert score_of(assessment).screening.high_impact is True  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(assessment=assessment, action="checklists").count() == 3


def test_submit_lists_exactly_what_is_missing(world: World) -> None:
    assessment = world.new_assessment()
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[services.AnswerInput(checklist="t-general", item="T-A-01", value="yes")],
    )
    with pytest.raises(ApplicationError) as caught:
        services.assessment_submit(
            actor=world.users["owner"], assessment=assessment, evaluation_body=world.body.pk
        )
    missing = {(m["checklist"], m["item"], m["problem"]) for m in caught.value.extra["missing"]}
    assert ("t-general", "T-A-01", "evidence_required") in missing
    assert ("t-general", "T-A-02", "unanswered") in missing  # shown because T-A-01 is yes
    assert ("t-screening", "T-SIG-01", "unanswered") in missing
    assert not any(item == "T-B-03" for _c, item, _p in missing)  # optional
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT and assessment.revision == 0


def test_notification_mail_goes_out_from_a_task_not_the_request(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    """Submitting commits and queues one task; the mail is sent only when a worker runs it."""
    from django.tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        world.submitted()
    assert callbacks, "the task is queued once the step commits"
    assert mail.outbox == []  # nothing sent inside the request
    (queued,) = [r for r in default_task_backend.results if r.task.name == "send_notifications"]
    assert queued.task.call(*queued.args, **queued.kwargs) == 2  # the worker's turn
    assert sorted(m.to[0] for m in mail.outbox) == ["evaluator@example.com", "lead@example.com"]
    assert "Résumé ranker" in mail.outbox[0].subject


def test_full_cycle_with_audit_revision_and_mail(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        assessment = world.submitted()
    assert assessment.status == Status.SUBMITTED and assessment.revision == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["evaluator@example.com", "lead@example.com"]
    assert "Résumé ranker" in mail.outbox[0].subject
    revision = Revision.objects.get(assessment=assessment, number=1)
    assert revision.answers["t-general@1.0.0"]["T-A-03"]["value"] == 3
    assert revision.scores["overall"] == score_of(assessment).score.overall

    with pytest.raises(Conflict):  # editing is closed once submitted
        services.answers_upsert(
            actor=world.users["owner"],
            assessment=assessment,
            answers=[
                services.AnswerInput(checklist="t-general", item="T-A-03", value=4, version=1)
            ],
        )
    with pytest.raises(PermissionRefused):
        services.assessment_claim(actor=world.users["other_evaluator"], assessment=assessment)

    services.assessment_claim(actor=world.users["evaluator"], assessment=assessment)
    world.verdict(assessment, "T-A-03", "partially_confirmed", "Only one test run")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_request_changes(
            actor=world.users["evaluator"], assessment=assessment, comment="Please add tests"
        )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "member@example.com",
        "owner@example.com",
    ]  # not the viewer
    assert mail.outbox[0].body == "Please add tests"
    services.answers_upsert(
        actor=world.users["member"],
        assessment=assessment,
        answers=[services.AnswerInput(checklist="t-general", item="T-A-03", value=4, version=1)],
    )
    services.assessment_submit(
        actor=world.users["member"], assessment=assessment, evaluation_body=None
    )
    assessment.refresh_from_db()
    assert assessment.revision == 2 and assessment.evaluation_body_id == world.body.pk
    services.assessment_claim(actor=world.users["lead"], assessment=assessment)
    with pytest.raises(PermissionRefused, match="claimed"):  # the lead holds it now
        services.rating_set(
            actor=world.users["evaluator"], assessment=assessment, criterion="T-R-01", rating=4
        )
    for criterion, rating in (("T-R-01", 4), ("T-R-02", 3), ("T-R-03", 3)):
        services.rating_set(
            actor=world.users["lead"], assessment=assessment, criterion=criterion, rating=rating
        )
    services.assessment_approve(
        actor=world.users["lead"], assessment=assessment, comment="Well done"
    )
    assessment.refresh_from_db()
    assert assessment.status == Status.APPROVED and assessment.opinion == "Well done"
    readout = score_of(assessment)
    assert readout.evaluation is not None and readout.evaluation.outcome is not None
    assert readout.evaluation.outcome.value == "pass"
    steps = list(
        assessment.events.exclude(action__in=["answer", "evidence", "checklists"]).values_list(
            "action", "from_status", "to_status"
        )
    )
    assert steps == [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("claim", "submitted", "in_review"),
        ("verdict", "", ""),
        ("request_changes", "in_review", "changes_requested"),
        ("submit", "changes_requested", "submitted"),
        ("claim", "submitted", "in_review"),
        ("rating", "", ""),
        ("rating", "", ""),
        ("rating", "", ""),
        ("approve", "in_review", "approved"),
    ]


def test_guards(world: World) -> None:
    assessment = world.in_review()
    with pytest.raises(ApplicationError, match="comment"):
        services.assessment_request_changes(
            actor=world.users["evaluator"], assessment=assessment, comment=" "
        )
    with pytest.raises(ApplicationError, match="Rate every reliability criterion"):
        services.assessment_approve(actor=world.users["evaluator"], assessment=assessment)
    with pytest.raises(ApplicationError, match="rationale"):
        services.rating_set(
            actor=world.users["evaluator"], assessment=assessment, criterion="T-R-01", rating=2
        )
    with pytest.raises(ApplicationError, match="must be rated"):
        services.rating_set(
            actor=world.users["evaluator"],
            assessment=assessment,
            criterion="T-R-01",
            rating=None,
            rationale="n/a",
        )
    with pytest.raises(PermissionRefused):
        services.assessment_withdraw(actor=world.users["viewer"], assessment=assessment)
    with pytest.raises(Conflict):
        services.assessment_withdraw(actor=world.users["owner"], assessment=assessment)


def test_audit_events_are_append_only(world: World) -> None:
    event = world.new_assessment().events.get()
    event.comment = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(comment="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_self_assessment_is_never_visible_to_evaluators(world: World) -> None:
    from assessments.models import Assessment

    assessment = world.new_assessment()
    world.answer_all(assessment)
    services.assessment_submit(
        actor=world.users["owner"], assessment=assessment, evaluation_body=None
    )
    for who in ("evaluator", "lead", "other_evaluator", "staff", "other_company"):
        assert (
            not Assessment.objects.visible_to(world.users[who]).filter(pk=assessment.pk).exists()
        ), who
    for who in ("owner", "member", "viewer"):
        assert Assessment.objects.visible_to(world.users[who]).filter(pk=assessment.pk).exists(), (
            who
        )


def _rated_fail(world: World) -> Any:
    """In review, a verdict on one item, and a critical criterion below 3: the outcome is fail."""
    assessment = world.reviewed(
        verdicts={"T-A-01": ("confirmed", "")},
        ratings={"T-R-01": (2, "No risk register."), "T-R-02": (4, ""), "T-R-03": (4, "")},
    )
    readout = score_of(assessment)
    assert readout.evaluation is not None and readout.evaluation.outcome is not None
    assert readout.evaluation.outcome.value == "fail"
    return assessment


def test_approve_is_refused_while_the_outcome_is_fail(world: World) -> None:
    assessment = _rated_fail(world)
    response = world.client("evaluator").post(
        f"/api/v1/assessments/{assessment.pk}/approve/", {"comment": "Fine."}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert "outcome is fail" in body["message"]
    assert body["extra"] == {
        "outcome": "fail",
        "fields": {"override_reason": ["required when the outcome is fail"]},
    }
    assessment.refresh_from_db()
    assert assessment.status == Status.IN_REVIEW and assessment.approval_override == ""
    assert not assessment.events.filter(action="approve").exists()
    # Rejecting a failed evaluation needs no override.
    services.assessment_reject(
        actor=world.users["evaluator"], assessment=assessment, comment="Fails T-R-01."
    )
    assessment.refresh_from_db()
    assert assessment.status == Status.REJECTED


def test_approve_with_a_recorded_override_despite_a_fail_outcome(world: World) -> None:
    assessment = _rated_fail(world)
    reason = "The risk register was shown on site; the document follows."
    response = world.client("evaluator").post(
        f"/api/v1/assessments/{assessment.pk}/approve/",
        {"comment": "Approved.", "override_reason": reason},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["approval_override"] == reason
    assessment.refresh_from_db()
    assert (assessment.status, assessment.approval_override) == (Status.APPROVED, reason)
    event = assessment.events.get(action="approve")
    assert event.data["override_reason"] == reason
    assert event.data["outcome"] == "fail"
    assert (event.data["verified_items"], event.data["items"]) == (1, 7)


def test_an_override_is_not_recorded_when_the_outcome_allows_approval(world: World) -> None:
    assessment = world.in_review()
    for criterion in ("T-R-01", "T-R-02", "T-R-03"):
        services.rating_set(
            actor=world.users["evaluator"], assessment=assessment, criterion=criterion, rating=4
        )
    services.assessment_approve(
        actor=world.users["evaluator"],
        assessment=assessment,
        comment="Good.",
        override_reason="not needed",
    )
    assessment.refresh_from_db()
    assert assessment.status == Status.APPROVED and assessment.approval_override == ""
    assert assessment.events.get(action="approve").data["outcome"] == "pass"
