"""Reads for moving an assessment to newer content: the upgrade preview (a fixed number of
queries, however many items) and the token that makes a stale preview detectable."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assessments.carry import Change, Fate, ItemDiff, answer_fate, diff_documents
from assessments.models import Answer, Assessment
from assessments.selectors import Applied, answers_by_version, applied_checklists
from checklists.models import ChecklistVersion
from checklists.schema import ChecklistDocument
from checklists.selectors import document_for


@dataclass(frozen=True, slots=True)
class ChecklistUpgrade:
    """One checklist of the assessment that has a newer version."""

    applied: Applied
    target: ChecklistVersion
    document: ChecklistDocument
    items: tuple[ItemDiff, ...]
    answers: Mapping[str, Answer]  # current answers (on the old version) by item code
    fates: Mapping[str, Fate] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.document.slug

    def counts(self) -> dict[str, int]:
        counts = {change.value: 0 for change in Change} | {fate.value: 0 for fate in Fate}
        for diff in self.items:
            counts[diff.change.value] += 1
        for fate in self.fates.values():
            counts[fate.value] += 1
        return counts


@dataclass(frozen=True, slots=True)
class UpgradePreview:
    checklists: tuple[ChecklistUpgrade, ...]
    token: str


def newest_versions(slugs: list[str]) -> dict[str, ChecklistVersion]:
    """The newest published version of each slug (one query)."""
    newest: dict[str, ChecklistVersion] = {}
    for version in ChecklistVersion.objects.filter(checklist__slug__in=slugs).select_related(
        "checklist"
    ):
        key = (version.major, version.minor, version.patch)
        current = newest.get(version.checklist.slug)
        if current is None or key > (current.major, current.minor, current.patch):
            newest[version.checklist.slug] = version
    return newest


def preview_token(
    applied: list[Applied],
    newest: Mapping[str, ChecklistVersion],
    answers: Mapping[int, Mapping[str, Answer]],
) -> str:
    """SHA-256 over the content (from and to hashes) and the answers' versions: any change to
    either since the preview was shown gives another token, and the upgrade refuses it."""
    digest = hashlib.sha256()
    for entry in applied:
        target = newest.get(entry.document.slug, entry.version)
        digest.update(f"{entry.label}:{entry.version.sha256}>{target.sha256};".encode())
        for code, answer in sorted(answers.get(entry.version.pk, {}).items()):
            digest.update(f"{code}={answer.version}/{answer.review_reason};".encode())
    return digest.hexdigest()


def upgrade_preview(assessment: Assessment) -> UpgradePreview:
    """Every applicable checklist with a newer version, its item diff and each answer's fate.

    Three queries: the applicable checklists, the versions of their checklists, the answers.
    """
    applied = applied_checklists(assessment)
    newest = newest_versions([entry.document.slug for entry in applied])
    answers = answers_by_version(assessment)
    upgrades = []
    for entry in applied:
        target = newest.get(entry.document.slug)
        if target is None or target.pk == entry.version.pk:
            continue
        document = document_for(target)
        items = diff_documents(entry.document, document)
        by_code = {diff.code: diff for diff in items}
        given = answers.get(entry.version.pk, {})
        fates = {
            code: answer_fate(by_code[code], answer.value, answer.comment)
            if code in by_code
            else Fate.DROPPED  # an answer to a code neither version has (old content)
            for code, answer in given.items()
        }
        upgrades.append(ChecklistUpgrade(entry, target, document, items, given, fates))
    return UpgradePreview(tuple(upgrades), preview_token(applied, newest, answers))


def has_upgrade(assessment: Assessment) -> bool:
    """Whether any applicable checklist has a newer version (two queries)."""
    applied = applied_checklists(assessment)
    newest = newest_versions([entry.document.slug for entry in applied])
    return any(
        newest[entry.document.slug].pk != entry.version.pk
        for entry in applied
        if entry.document.slug in newest
    )


def _item_payload(item: Any) -> dict[str, Any] | None:
    if item is None:
        return None
    return {
        "text": item.text.model_dump(),
        "answer_type": item.answer_type.value,
        "options": [
            {"key": o.key, "label": o.label.model_dump(), "score": o.score} for o in item.options
        ],
        "weight": item.weight,
        "critical": item.critical,
    }


def preview_payload(preview: UpgradePreview) -> dict[str, Any]:
    """The preview as the API returns it (both languages of every text)."""
    return {
        "token": preview.token,
        "checklists": [
            {
                "checklist": upgrade.slug,
                "from": upgrade.applied.document.version,
                "to": upgrade.document.version,
                "counts": upgrade.counts(),
                "items": [
                    {
                        "item": diff.code,
                        "change": diff.change.value,
                        "fields": list(diff.fields),
                        "old": _item_payload(diff.old),
                        "new": _item_payload(diff.new),
                    }
                    for diff in upgrade.items
                ],
                "answers": [
                    {
                        "item": code,
                        "fate": upgrade.fates[code].value,
                        "value": answer.value,
                        "comment": answer.comment,
                        "version": answer.version,
                    }
                    for code, answer in sorted(upgrade.answers.items())
                ],
            }
            for upgrade in preview.checklists
        ],
    }
