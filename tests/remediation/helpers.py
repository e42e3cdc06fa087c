"""Building plans for the remediation tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from assessments.models import Assessment
from remediation import services
from remediation.choices import ActionSource
from remediation.models import Action


def plan_action(
    world: Any,
    assessment: Assessment,
    *,
    title: str = "Document the data sources",
    item: str = "T-A-02",
    owner: str = "member",
    due: date | None = None,
    source: str = ActionSource.GAP,
) -> Action:
    return services.action_create(
        actor=world.users["owner"],
        assessment=assessment,
        title=title,
        source=source,
        items=[services.ItemRef(checklist="t-general", item=item)],
        owner=world.users[owner],
        due_date=due or timezone.localdate() + timedelta(days=30),
    )


def bulk_actions(world: Any, assessment: Assessment, count: int) -> None:
    """``count`` actions with varied owners, due dates and statuses, in one insert."""
    today = timezone.localdate()
    owners = [world.users["owner"], world.users["member"]]
    Action.objects.bulk_create(
        Action(
            system=assessment.system,
            raised_in=assessment,
            title=f"Action {n}",
            source=ActionSource.GAP,
            items=[{"checklist": "t-general", "item": "T-A-02"}],
            owner=owners[n % 2],
            due_date=today + timedelta(days=n % 40 - 10),
            status=["open", "in_progress", "done", "accepted_risk"][n % 4],
            status_reason="low impact" if n % 4 == 3 else "",
            closing_note="fixed" if n % 4 == 2 else "",
            created_by=world.users["owner"],
        )
        for n in range(count)
    )
