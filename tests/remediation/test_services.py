"""The remediation services: happy paths, field errors, roles, carrying across assessments."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Evidence
from assessments.services.common import Conflict, PermissionRefused
from core.exceptions import ApplicationError
from remediation import selectors, services
from remediation.choices import ActionEventKind, ActionStatus
from remediation.models import ActionEvent
from tests.remediation.helpers import plan_action

pytestmark = pytest.mark.django_db


def test_create_links_the_system_items_and_owner(world) -> None:
    assessment = world.new_assessment()
    action = plan_action(world, assessment, item="T-A-02")
    assert action.system_id == world.system.pk
    assert action.raised_in_id == assessment.pk
    assert action.items == [{"checklist": "t-general", "item": "T-A-02"}]
    assert action.owner == world.users["member"]
    assert action.status == ActionStatus.OPEN
    assert ActionEvent.objects.get(action=action).kind == ActionEventKind.CREATE


@pytest.mark.parametrize(
    "title,source,items,owner,due_date,errors",
    [
        pytest.param(
            "  ",
            "rumour",
            [services.ItemRef(checklist="t-general", item="NOPE-1")],
            "viewer",
            None,
            {
                "title": None,
                "source": None,
                "items": ["NOPE-1 is not an item of t-general in this assessment."],
                "owner": ["The owner must be an owner or member of the company."],
                "due_date": None,
            },
            id="every-field-bad",
        ),
        pytest.param(
            "x",
            "gap",
            [],
            "other_company",
            date(2027, 1, 1),
            {"items": None, "owner": None},
            id="no-item-and-an-owner-of-another-company",
        ),
    ],
)
def test_create_reports_every_bad_field(
    world,
    title: str,
    source: str,
    items: list[services.ItemRef],
    owner: str,
    due_date: date | None,
    errors: dict[str, list[str] | None],
) -> None:
    """Exactly the fields in ``errors`` are refused, each with its message where one is given."""
    assessment = world.new_assessment()
    with pytest.raises(ApplicationError) as caught:
        services.action_create(
            actor=world.users["owner"],
            assessment=assessment,
            title=title,
            source=source,
            items=items,
            owner=world.users[owner],
            due_date=due_date,
        )
    fields = caught.value.extra["fields"]
    assert set(fields) == set(errors)
    for name, messages in errors.items():
        if messages is not None:
            assert fields[name] == messages, name


@pytest.mark.parametrize("who", ["viewer", "evaluator", "other_company"])
def test_only_owners_and_members_plan(world, who) -> None:
    assessment = world.new_assessment()
    with pytest.raises(PermissionRefused):
        services.action_create(
            actor=world.users[who],
            assessment=assessment,
            title="x",
            source="gap",
            items=[services.ItemRef(checklist="t-general", item="T-A-02")],
            owner=world.users["member"],
            due_date=date(2027, 1, 1),
        )


def test_done_asks_for_what_closes_it(world) -> None:
    assessment = world.new_assessment()
    action = plan_action(world, assessment)
    with pytest.raises(ApplicationError) as caught:
        services.action_set_status(actor=world.users["member"], action=action, status="done")
    assert list(caught.value.extra["fields"]) == ["closing_note"]
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN  # nothing changed


def test_done_with_evidence_of_the_system_and_back_open(world) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    evidence = Evidence.objects.get(assessment=assessment)
    action = plan_action(world, assessment)
    done = services.action_set_status(
        actor=world.users["member"],
        action=action,
        status="done",
        closing_evidence=evidence.pk,
    )
    assert done.status == ActionStatus.DONE
    assert done.closing_evidence == evidence
    assert done.closed_at is not None
    reopened = services.action_set_status(
        actor=world.users["member"], action=action, status="in_progress"
    )
    assert reopened.closed_at is None


def test_evidence_of_another_system_is_refused(world) -> None:
    from tests.factories import SystemFactory

    other = SystemFactory(organization=world.company, created_by=world.users["owner"])
    other_assessment = assessment_services.assessment_create(
        actor=world.users["owner"], system=other
    )
    world.answer_all(other_assessment)
    foreign = Evidence.objects.get(assessment=other_assessment)
    action = plan_action(world, world.new_assessment())
    with pytest.raises(ApplicationError) as caught:
        services.action_set_status(
            actor=world.users["member"], action=action, status="done", closing_evidence=foreign.pk
        )
    assert list(caught.value.extra["fields"]) == ["closing_evidence"]


def test_accepted_risk_needs_a_reason(world) -> None:
    action = plan_action(world, world.new_assessment())
    with pytest.raises(ApplicationError) as caught:
        services.action_set_status(
            actor=world.users["owner"], action=action, status="accepted_risk", reason=" "
        )
    assert list(caught.value.extra["fields"]) == ["reason"]
    accepted = services.action_set_status(
        actor=world.users["owner"], action=action, status="accepted_risk", reason="Low impact"
    )
    assert accepted.status_reason == "Low impact"


def test_update_changes_only_what_is_given(world) -> None:
    action = plan_action(world, world.new_assessment())
    new_due = timezone.localdate() + timedelta(days=3)
    updated = services.action_update(
        actor=world.users["member"], action=action, owner=world.users["owner"], due_date=new_due
    )
    assert (updated.owner, updated.due_date, updated.title) == (
        world.users["owner"],
        new_due,
        "Document the data sources",
    )
    event = ActionEvent.objects.filter(action=action).last()
    assert event.kind == ActionEventKind.UPDATE
    assert event.data == {"owner": world.users["owner"].pk, "due_date": new_due.isoformat()}


def test_open_actions_carry_to_the_reassessment(world) -> None:
    first = world.new_assessment()
    world.answer_all(first)
    first = assessment_services.assessment_submit(
        actor=world.users["owner"], assessment=first, evaluation_body=None
    )
    still_open = plan_action(world, first, title="Still open")
    closed = plan_action(world, first, title="Closed")
    services.action_set_status(
        actor=world.users["owner"], action=closed, status="done", closing_note="Done in v2"
    )
    second = assessment_services.assessment_reassess(actor=world.users["owner"], assessment=first)
    plan = selectors.plan_for(second)
    assert [a.title for a in plan] == ["Still open"]
    assert plan[0].pk == still_open.pk
    assert {a.title for a in selectors.plan_for(first)} == {"Still open", "Closed"}


def test_plan_order_overdue_first_then_due_date_then_closed(world) -> None:
    assessment = world.new_assessment()
    today = timezone.localdate()
    later = plan_action(world, assessment, title="later", due=today + timedelta(days=9))
    soon = plan_action(world, assessment, title="soon", due=today + timedelta(days=1))
    late = plan_action(world, assessment, title="late", due=today - timedelta(days=1))
    done = plan_action(world, assessment, title="done", due=today - timedelta(days=5))
    services.action_set_status(
        actor=world.users["owner"], action=done, status="done", closing_note="ok"
    )
    assert [a.pk for a in selectors.plan_for(assessment)] == [late.pk, soon.pk, later.pk, done.pk]


def test_the_evaluator_who_holds_the_review_accepts_the_plan(world) -> None:
    assessment = world.in_review()
    action = plan_action(world, assessment)
    with pytest.raises(PermissionRefused):
        services.plan_accept(actor=world.users["owner"], assessment=assessment, actions=[action.pk])
    with pytest.raises(ApplicationError) as caught:
        services.plan_accept(
            actor=world.users["evaluator"], assessment=assessment, actions=[action.pk, 999999]
        )
    assert list(caught.value.extra["fields"]) == ["actions"]
    accepted = services.plan_accept(
        actor=world.users["evaluator"],
        assessment=assessment,
        actions=[action.pk],
        comment="Fix by March",
    )
    assert list(accepted.actions.values_list("pk", flat=True)) == [action.pk]
    assert selectors.acceptance_of(assessment).comment == "Fix by March"
    assert (
        services.plan_accept(actor=world.users["lead"], assessment=assessment, actions=[]) is None
    )
    assert selectors.acceptance_of(assessment) is None
    history = ActionEvent.objects.filter(action=action).values_list("kind", "actor__username")
    assert list(history)[-2:] == [
        (ActionEventKind.CONDITION, "evaluator"),
        (ActionEventKind.CONDITION_WITHDRAWN, "lead"),
    ]


def test_the_plan_is_accepted_only_in_review(world) -> None:
    assessment = world.submitted()
    action = plan_action(world, assessment)
    with pytest.raises(Conflict):
        services.plan_accept(actor=world.users["lead"], assessment=assessment, actions=[action.pk])
