"""The activity log as people read it: consecutive events of one kind by one person are one line
("evaluator · Verdict given ×8"), so a review of 200 items does not bury the workflow steps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class EventGroup:
    actor: str
    action: str
    label: str
    first_at: Any
    last_at: Any
    comment: str = ""
    items: list[str] = field(default_factory=list)
    count: int = 0


def event_groups(events: Iterable[Any]) -> list[EventGroup]:
    """Group events (newest first, as given) that follow each other with the same actor and
    action. A workflow step (it changes the status) always stands alone, with its comment."""
    groups: list[EventGroup] = []
    for event in events:
        actor = event.actor.get_full_name() or event.actor.username
        step = bool(event.to_status)
        last = groups[-1] if groups else None
        if last is not None and not step and (last.actor, last.action) == (actor, event.action):
            last.count += 1
            last.first_at = event.created_at
            last.comment = ""
        else:
            last = EventGroup(
                actor=actor,
                action=event.action,
                label=str(event.get_action_display()),
                first_at=event.created_at,
                last_at=event.created_at,
                comment=event.comment,
                count=1,
            )
            groups.append(last)
        item = (event.data or {}).get("item") or (event.data or {}).get("criterion")
        if item and item not in last.items:
            last.items.append(str(item))
    return groups
