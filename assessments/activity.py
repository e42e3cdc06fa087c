"""The activity log as people read it: consecutive events of one kind by one person are one line
("evaluator · Verdict given ×8"), so a review of 200 items does not bury the workflow steps.

Autosaves are counted by the answers they wrote, not by the saves: a run of saves reads
"12 answers saved, 05:12–05:27" (each item once, however often it was saved)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import ngettext

from assessments.choices import AuditAction


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
    cleared: int = 0

    @property
    def is_saves(self) -> bool:
        """A run of answer saves (autosave, the save button, an import)."""
        return self.action == AuditAction.ANSWER

    @property
    def answers(self) -> int:
        """How many answers the run wrote: each item once, plus the ones cleared."""
        return len(self.items) + self.cleared

    @property
    def text(self) -> str:
        """What the line says: "12 answers saved" for saves, the action's name otherwise."""
        if self.is_saves and self.answers:
            return ngettext("%(count)d answer saved", "%(count)d answers saved", self.answers) % {
                "count": self.answers
            }
        return self.label


def _items(event: Any) -> list[str]:
    data = event.data or {}
    single = data.get("item") or data.get("criterion")
    if single:
        return [str(single)]
    return [str(row["item"]) for row in data.get("written", []) if row.get("item")]


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
        last.cleared += int((event.data or {}).get("cleared") or 0)
        for item in _items(event):
            if item not in last.items:
                last.items.append(item)
    return groups
