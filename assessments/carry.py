"""What changes between two versions of a checklist, and what happens to an answer (pure).

Items are matched by their stable code. An item is ``unchanged`` when its text, answer type,
options (keys and labels) and scores (option scores, weight, critical) are the same; ``changed``
otherwise; ``added`` or ``removed`` when only one version has it. An answer to an unchanged item
is ``carried``; to a changed item ``needs_review`` while its value is still valid for the new item
(``codecs.check``), else ``dropped``; to a removed item ``dropped``. Nothing here
touches the database: the upgrade and the re-assessment services apply the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from assessments.codecs import InvalidAnswer
from assessments.codecs import check as normalize_value
from checklists.schema import ChecklistDocument, Item


class Change(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


class Fate(StrEnum):
    CARRIED = "carried"
    NEEDS_REVIEW = "needs_review"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class ItemDiff:
    code: str
    change: Change
    old: Item | None
    new: Item | None
    fields: tuple[str, ...] = ()  # what changed: text, answer_type, options, scores


def _options(item: Item) -> tuple[tuple[str, str, str], ...]:
    return tuple((o.key, o.label.ko, o.label.en) for o in item.options)


def _scores(item: Item) -> tuple[Any, ...]:
    return (item.weight, item.critical, tuple((o.key, o.score) for o in item.options))


def changed_fields(old: Item, new: Item) -> tuple[str, ...]:
    """The aspects that differ between two items of the same code, in a fixed order."""
    fields = []
    if old.text != new.text:
        fields.append("text")
    if old.answer_type != new.answer_type:
        fields.append("answer_type")
    if _options(old) != _options(new):
        fields.append("options")
    if _scores(old) != _scores(new):
        fields.append("scores")
    return tuple(fields)


def diff_documents(old: ChecklistDocument, new: ChecklistDocument) -> tuple[ItemDiff, ...]:
    """Every item of both versions: in the new version's order, then the removed ones."""
    result: list[ItemDiff] = []
    for _section, item in new.items():
        previous = old.item(item.code)
        if previous is None:
            result.append(ItemDiff(item.code, Change.ADDED, None, item))
            continue
        fields = changed_fields(previous, item)
        result.append(
            ItemDiff(
                item.code,
                Change.CHANGED if fields else Change.UNCHANGED,
                previous,
                item,
                fields,
            )
        )
    result.extend(
        ItemDiff(item.code, Change.REMOVED, item, None)
        for _section, item in old.items()
        if item.code not in new.index
    )
    return tuple(result)


def still_valid(item: Item, value: Any, comment: str) -> bool:
    """Whether ``value`` (None: a comment without an answer) is an acceptable answer to ``item``."""
    if value is None:
        return True
    try:
        normalize_value(item, value, comment)
    except InvalidAnswer:
        return False
    return True


def answer_fate(diff: ItemDiff, value: Any, comment: str = "") -> Fate:
    """What an upgrade does to an answer of ``diff.code`` (``value`` as stored)."""
    if diff.change is Change.UNCHANGED:
        return Fate.CARRIED
    if diff.change is Change.CHANGED:
        assert diff.new is not None
        return Fate.NEEDS_REVIEW if still_valid(diff.new, value, comment) else Fate.DROPPED
    return Fate.DROPPED  # removed (an "added" item has no old answer)
