"""Writes of checklist content: publishing validated documents as immutable versions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db import transaction

from checklists.loader import (
    ContentError,
    Problem,
    canonical_json,
    document_sha256,
    load_file,
    same_as_problems,
)
from checklists.models import Checklist, ChecklistVersion
from checklists.schema import ChecklistDocument, semver_key
from checklists.selectors import document_for


class Outcome(StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Loaded:
    path: Path
    label: str
    outcome: Outcome
    item_count: int


def _first_difference(stored: dict[str, Any], new: dict[str, Any]) -> str:
    """Name the first item (or top-level key) whose content differs between two documents."""
    stored_items = {
        item["code"]: item for section in stored.get("sections", []) for item in section["items"]
    }
    new_items = {
        item["code"]: item for section in new.get("sections", []) for item in section["items"]
    }
    for code in list(new_items) + [code for code in stored_items if code not in new_items]:
        if stored_items.get(code) != new_items.get(code):
            if code not in stored_items:
                return f"item {code} was added"
            if code not in new_items:
                return f"item {code} was removed"
            changed = sorted(
                key
                for key in stored_items[code].keys() | new_items[code].keys()
                if stored_items[code].get(key) != new_items[code].get(key)
            )
            return f"item {code} changed ({', '.join(changed)})"
    stored_sections = {
        s["code"]: {k: v for k, v in s.items() if k != "items"} for s in stored["sections"]
    }
    for section in new.get("sections", []):
        head = {k: v for k, v in section.items() if k != "items"}
        if stored_sections.get(section["code"]) != head:
            return f"section {section['code']} changed"
    if [s["code"] for s in stored["sections"]] != [s["code"] for s in new["sections"]]:
        return "the order of sections or items changed"
    keys = sorted(
        k for k in stored.keys() | new.keys() if k != "sections" and stored.get(k) != new.get(k)
    )
    return f"{', '.join(keys) or 'the order of items'} changed"


def checklist_version_publish(
    *, document: ChecklistDocument, source_path: str = ""
) -> tuple[ChecklistVersion, Outcome]:
    """Store ``document`` as a new immutable version, or confirm it is already stored unchanged.

    Raises ``ContentError`` when the same version number is stored with other content (published
    versions never change: bump the version instead) or when the slug's kind would change.
    """
    sha256 = document_sha256(document)
    path = Path(source_path or f"{document.slug}/{document.version}.yaml")
    with transaction.atomic():
        checklist, _ = Checklist.objects.select_for_update().get_or_create(
            slug=document.slug,
            defaults={"kind": document.kind.value, "domain": document.domain.value},
        )
        if checklist.kind != document.kind.value:
            raise ContentError(
                path,
                [
                    Problem(
                        "kind",
                        None,
                        f"{document.slug} is a {checklist.kind} checklist; "
                        f"a version cannot make it {document.kind.value}",
                    )
                ],
            )
        existing = ChecklistVersion.objects.filter(
            checklist=checklist, version=document.version
        ).first()
        if existing is not None:
            if existing.sha256 == sha256:
                return existing, Outcome.UNCHANGED
            difference = _first_difference(existing.document, json.loads(canonical_json(document)))
            raise ContentError(
                path,
                [
                    Problem(
                        "",
                        None,
                        f"{document.slug} {document.version} is already published with other "
                        f"content: {difference}. Published versions are immutable; "
                        "give the change a new version number.",
                    )
                ],
            )
        major, minor, patch = semver_key(document.version)
        version = ChecklistVersion(
            checklist=checklist,
            version=document.version,
            major=major,
            minor=minor,
            patch=patch,
            document=_stored_form(document),
            sha256=sha256,
            item_count=document.item_count,
            title=document.title.model_dump(),
            source_path=str(source_path),
        )
        version.full_clean()
        version.save()
        newest = max(checklist.versions.values_list("major", "minor", "patch"))
        if newest == (major, minor, patch) and checklist.domain != document.domain.value:
            checklist.domain = document.domain.value
            checklist.save(update_fields=["domain"])
        return version, Outcome.CREATED


def _stored_form(document: ChecklistDocument) -> dict[str, Any]:
    stored: dict[str, Any] = json.loads(canonical_json(document))
    return stored


def checklists_load(*, paths: Iterable[Path]) -> list[Loaded]:
    """Validate every file, then publish them all in one transaction, or none.

    Raises ``ContentError`` (listing every problem of every file) when any file is invalid or would
    change a published version.
    """
    documents: list[tuple[Path, ChecklistDocument]] = []
    problems: list[ContentError] = []
    for path in paths:
        try:
            documents.append((path, load_file(path)))
        except ContentError as exc:
            problems.append(exc)
    if problems:
        raise ContentErrors(problems)
    problems.extend(same_as_problems(documents, _stored_targets(documents)))
    if problems:
        raise ContentErrors(problems)
    results: list[Loaded] = []
    with transaction.atomic():
        for path, document in sorted(
            documents, key=lambda pair: (pair[1].slug, semver_key(pair[1].version))
        ):
            try:
                version, outcome = checklist_version_publish(
                    document=document, source_path=str(path)
                )
            except ContentError as exc:
                problems.append(exc)
                continue
            results.append(Loaded(path, version.label, outcome, version.item_count))
        if problems:
            raise ContentErrors(problems)  # leaving the block rolls back what was published
    return results


def _stored_targets(documents: list[tuple[Path, ChecklistDocument]]) -> list[ChecklistDocument]:
    """The stored newest versions of the checklists that ``same_as`` names: one query."""
    slugs = {
        item.same_as.checklist
        for _path, document in documents
        for _section, item in document.items()
        if item.same_as is not None
    }
    if not slugs:
        return []
    return [
        document_for(version)
        for version in ChecklistVersion.objects.latest_per_checklist()
        .filter(checklist__slug__in=slugs)
        .select_related("checklist")
    ]


class ContentErrors(Exception):
    """Several content files failed; ``str()`` lists every problem."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))
