"""The autosave write path (assessments/answer_sql.py): what one save costs, and that its own
scoped read agrees with ``Assessment.objects.visible_to``, on SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Answer, Assessment, AuditEvent
from assessments.services.common import PermissionRefused
from tests.assessments.conftest import World

URL = "/api/v1/assessments/{}/answers/"


def _statements(world: World, assessment: Assessment, entry: dict[str, Any]) -> list[str]:
    client = world.client("owner")
    with CaptureQueriesContext(connection) as captured:
        reply = client.post(URL.format(assessment.pk), {"answers": [entry]}, format="json")
    assert reply.status_code == 200, reply.content
    # Transaction control is not a statement of the save (SQLite's BEGIN IMMEDIATE shows here).
    return [
        " ".join(q["sql"].split())
        for q in captured.captured_queries
        if not q["sql"].startswith(("BEGIN", "SAVEPOINT", "RELEASE"))
    ]


def test_a_single_answer_save_is_one_locking_read_and_one_conditional_write(
    world: World,
) -> None:
    assessment = world.new_assessment()
    # The first save in a process reads the checklist versions it has not seen (then cached).
    _statements(world, assessment, {"checklist": "t-general", "item": "T-A-01", "value": "yes"})
    created = _statements(
        world, assessment, {"checklist": "t-general", "item": "T-A-03", "value": 1}
    )
    changed = _statements(
        world,
        assessment,
        {"checklist": "t-general", "item": "T-A-03", "value": 2, "comment": "c", "version": 1},
    )
    postgres = connection.vendor == "postgresql"
    for statements, write in ((created, "INSERT INTO assessments_answer"), (changed, "UPDATE")):
        # The scoped, locking read; then the write, with the audit event in the same statement on
        # PostgreSQL (data-modifying CTEs) and right after it on SQLite (no round trip to save).
        assert len(statements) == (2 if postgres else 3), [s[:60] for s in statements]
        assert statements[0].startswith("SELECT a.status"), statements[0]
        assert statements[0].endswith("FOR UPDATE OF a") == postgres
        assert write in statements[1]
        if postgres:
            assert "INSERT INTO assessments_auditevent" in statements[1]
        else:
            assert statements[2].startswith("INSERT INTO assessments_auditevent")
    assert "ON CONFLICT" in created[1]
    assert "t.version = v.column5" in changed[1]
    events = list(
        AuditEvent.objects.filter(assessment=assessment, action="answer").values_list(
            "actor__username", "data"
        )
    )
    assert events[1:] == [
        ("owner", {"written": [{"item": "T-A-03", "version": 1}], "cleared": 0}),
        ("owner", {"written": [{"item": "T-A-03", "version": 2}], "cleared": 0}),
    ]
    stored = Answer.objects.get(assessment=assessment, item_code="T-A-03")
    assert (stored.value, stored.comment, stored.version, stored.updated_by.username) == (
        2,
        "c",
        2,
        "owner",
    )


def test_a_batch_writes_creates_updates_and_clears_with_one_audit_event(world: World) -> None:
    owner = world.users["owner"]
    assessment = world.new_assessment()
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-general", item="T-A-01", value="no"),
            services.AnswerInput(checklist="t-general", item="T-A-02", value="no"),
            services.AnswerInput(checklist="t-general", item="T-A-03", value=1),
        ],
    )
    saved = services.answers_upsert(
        actor=owner,
        assessment=assessment.pk,
        answers=[
            services.AnswerInput(checklist="t-general", item="T-A-03", value=3, version=1),
            services.AnswerInput(checklist="t-general", item="T-B-01", value="auto"),
            services.AnswerInput(checklist="t-general", item="T-A-01", value=None, version=1),
            services.AnswerInput(checklist="t-general", item="T-A-02", value="no", version=1),
        ],
    )
    # The reply: what this request left, in its order; the cleared answer is gone, the unchanged
    # one keeps its version.
    assert [(a.item_code, a.value, a.version) for a in saved] == [
        ("T-A-03", 3, 2),
        ("T-B-01", "auto", 1),
        ("T-A-02", "no", 1),
    ]
    assert dict(
        Answer.objects.filter(assessment=assessment).values_list("item_code", "version")
    ) == {"T-A-02": 1, "T-A-03": 2, "T-B-01": 1}
    last = AuditEvent.objects.filter(assessment=assessment, action="answer").order_by("pk").last()
    assert last is not None
    assert last.data == {
        "written": [{"item": "T-B-01", "version": 1}, {"item": "T-A-03", "version": 2}],
        "cleared": 1,
    }


@pytest.mark.parametrize("stage", ["draft", "submitted"])
def test_the_write_paths_scope_is_visible_to(world: World, stage: str) -> None:
    """By id, the service is the scoped lookup: 404 exactly where ``visible_to`` hides the
    assessment, 403 where it is visible but not the user's to change, saved for an editor."""
    assessment = world.new_assessment() if stage == "draft" else world.submitted()
    for name, user in world.users.items():
        visible = Assessment.objects.visible_to(user).filter(pk=assessment.pk).exists()
        answer = [services.AnswerInput(checklist="t-general", item="T-A-03", value=1)]
        try:
            services.answers_upsert(actor=user, assessment=assessment.pk, answers=answer)
            outcome = "saved"
        except Http404:
            outcome = "404"
        except PermissionRefused:
            outcome = "403"
        except services.Conflict:
            outcome = "409"  # visible to an editor, but submitted: not editable
        expected = (
            "404"
            if not visible
            else (
                "403" if name not in ("owner", "member") else "saved" if stage == "draft" else "409"
            )
        )
        assert outcome == expected, (name, stage, outcome)
        Answer.objects.filter(assessment=assessment).delete()
