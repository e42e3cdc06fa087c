"""``same_as``: which items of an assessment are answered by another checklist's item.

A referring item (``same_as: {checklist, item}``) is *referred* in an assessment when that owner
checklist is part of it and its version has the owner item: it is then not asked again, and its
value is the owner's answer. Otherwise it is asked and scored like any other item. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from checklists.schema import ChecklistDocument


@dataclass(frozen=True, slots=True)
class Owner:
    """Where a referred item is answered: the owner checklist's slug, section and item code."""

    checklist: str
    section: str
    item: str


type Referrals = Mapping[str, Mapping[str, Owner]]
"""Referring checklist slug → referring item code → its owner."""


def referrals(documents: Iterable[ChecklistDocument]) -> dict[str, dict[str, Owner]]:
    """The referred items among ``documents`` (the checklists of one assessment).

    Only a reference whose owner checklist is present and has the owner item counts; the loader
    makes sure owners are never themselves ``same_as``, so one hop always ends at an owner.
    """
    documents = list(documents)
    sections_of: dict[str, dict[str, str]] = {
        document.slug: {item.code: section.code for section, item in document.items()}
        for document in documents
    }
    found: dict[str, dict[str, Owner]] = {}
    for document in documents:
        for _section, item in document.items():
            target = item.same_as
            if target is None:
                continue
            section = sections_of.get(target.checklist, {}).get(target.item)
            if section is not None:
                found.setdefault(document.slug, {})[item.code] = Owner(
                    target.checklist, section, target.item
                )
    return found


def resolved[T](
    slug: str,
    values: Mapping[str, T],
    referred: Mapping[str, Owner],
    by_slug: Mapping[str, Mapping[str, T]],
) -> dict[str, T]:
    """``values`` of checklist ``slug`` with each referred item's entry replaced by its owner's
    (dropped when the owner has none): the same for answers and for verdicts."""
    result = {code: value for code, value in values.items() if code not in referred}
    for code, owner in referred.items():
        given = by_slug.get(owner.checklist, {})
        if owner.item in given:
            result[code] = given[owner.item]
    return result
