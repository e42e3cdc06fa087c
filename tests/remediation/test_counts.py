"""``action_counts_by_system``: the contract the dashboard (the register helper) reads."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from remediation.choices import ActionSource, ActionStatus
from remediation.models import Action
from remediation.selectors import ActionCounts, action_counts_by_system
from tests.factories import SystemFactory

TODAY = date(2026, 12, 4)


def make(world, system, *, status=ActionStatus.OPEN, due=TODAY, **extra):
    assessment = world.new_assessment() if system == world.system else None
    return Action.objects.create(
        system=system,
        raised_in=assessment or extra.pop("raised_in"),
        title="Document the data sources",
        source=ActionSource.GAP,
        items=[{"checklist": "t-general", "item": "T-A-01"}],
        owner=world.users["member"],
        due_date=due,
        status=status,
        created_by=world.users["owner"],
        **extra,
    )


def test_counts_open_and_overdue_per_system_in_one_query(world) -> None:
    make(world, world.system, due=TODAY - timedelta(days=1))
    make(world, world.system, status=ActionStatus.IN_PROGRESS, due=TODAY)
    make(
        world, world.system, status=ActionStatus.DONE, closing_note="done", due=TODAY - timedelta(9)
    )
    make(
        world,
        world.system,
        status=ActionStatus.ACCEPTED_RISK,
        status_reason="low impact",
        due=TODAY - timedelta(9),
    )
    second = SystemFactory(organization=world.company, created_by=world.users["owner"])
    with CaptureQueriesContext(connection) as queries:
        counts = action_counts_by_system(world.company.pk, today=TODAY)
    assert len(queries) == 1
    assert counts == {world.system.pk: ActionCounts(open=2, overdue=1)}
    assert second.pk not in counts
    assert action_counts_by_system(world.other_company.pk, today=TODAY) == {}
