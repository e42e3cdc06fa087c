"""Moving an assessment to newer content versions, and re-assessing a system a year later.

Both apply the carry rules of ``assessments.carry``: an answer to an unchanged item is carried,
one to a changed item whose value still fits is kept and marked for review, anything else is
dropped. Nothing is deleted: a dropped answer stays on the old version (out of the current read,
in the revision snapshots), and evidence is linked by new rows pointing at the same stored file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.carry import Change, Fate, answer_fate, diff_documents
from assessments.choices import AuditAction, ReviewReason, Status
from assessments.codecs import check as normalize_value
from assessments.models import (
    Answer,
    Assessment,
    AssessmentChecklist,
    Evidence,
    Revision,
)
from assessments.selectors import applied_checklists
from assessments.services.answers import (
    _require_editable,
    _require_editor,
    applicability_refresh,
)
from assessments.services.common import Conflict, audit
from assessments.services.organizations import assessment_create
from assessments.upgrades import ChecklistUpgrade, upgrade_preview
from checklists.models import ChecklistVersion
from checklists.schema import Item, Kind
from checklists.selectors import document_for
from core.exceptions import ApplicationError

REASSESSABLE = frozenset({Status.APPROVED, Status.REJECTED})


def _linked_evidence(
    rows: list[Evidence], *, assessment: Assessment, version: Any
) -> list[Evidence]:
    """New rows for ``rows`` on ``version`` of ``assessment``: the same stored files, not copies."""
    return [
        Evidence(
            assessment=assessment,
            checklist_version=version,
            item_code=row.item_code,
            file=row.file.name,
            name=row.name,
            size=row.size,
            sha256=row.sha256,
            content_type=row.content_type,
            uploaded_by=row.uploaded_by,
        )
        for row in rows
    ]


def _kept_value(item: Item, value: Any, comment: str) -> Any:
    return None if value is None else normalize_value(item, value, comment)


def _apply(
    *, actor: Any, assessment: Assessment, upgrade: ChecklistUpgrade, now: Any
) -> dict[str, Any]:
    """Move one checklist to its newer version (inside the caller's transaction)."""
    old, new = upgrade.applied.version, upgrade.target
    carried = [a.pk for code, a in upgrade.answers.items() if upgrade.fates[code] is Fate.CARRIED]
    review = [
        answer
        for code, answer in upgrade.answers.items()
        if upgrade.fates[code] is Fate.NEEDS_REVIEW
    ]
    AssessmentChecklist.objects.filter(pk=upgrade.applied.link.pk).update(version=new)
    if carried:
        Answer.objects.filter(pk__in=carried).update(
            checklist_version=new, version=F("version") + 1, updated_at=now
        )
    for answer in review:
        answer.value = _kept_value(
            upgrade.document.index[answer.item_code][1], answer.value, answer.comment
        )
        answer.checklist_version = new
        answer.version += 1
        answer.review_reason = ReviewReason.CHANGED if answer.value is not None else ""
        answer.updated_at = now
    if review:
        Answer.objects.bulk_update(
            review, ["checklist_version", "value", "version", "review_reason", "updated_at"]
        )
    kept_codes = [code for code, fate in upgrade.fates.items() if fate is not Fate.DROPPED]
    files = list(
        Evidence.objects.filter(
            assessment=assessment, checklist_version=old, item_code__in=kept_codes
        )
    )
    if files:
        # The old rows stay, marked removed now: the revisions submitted before keep listing them.
        Evidence.objects.bulk_create(_linked_evidence(files, assessment=assessment, version=new))
        Evidence.objects.filter(pk__in=[row.pk for row in files]).update(
            removed_at=now, removed_by=actor
        )
    counts = upgrade.counts()
    return {
        "checklist": upgrade.slug,
        "from": upgrade.applied.document.version,
        "to": upgrade.document.version,
        "carried": counts["carried"],
        "needs_review": counts["needs_review"],
        "dropped": counts["dropped"],
        "added": counts["added"],
        "removed": counts["removed"],
        "changed": counts["changed"],
        "evidence": len(files),
    }


@transaction.atomic
def assessment_upgrade(
    *, actor: Any, assessment: Assessment, checklists: list[str] | str, preview: str
) -> list[dict[str, Any]]:
    """Move the chosen checklists (slugs, or ``"all"``) to their newest versions.

    ``preview`` is the token of the preview the user saw; if the content or any answer changed
    since, the upgrade is refused with 409 and the current token. Returns the counts per checklist,
    which the audit event records.
    """
    assessment = (
        Assessment.objects.select_for_update().select_related("system").get(pk=assessment.pk)
    )
    _require_editor(actor, assessment)
    _require_editable(assessment)
    plan = upgrade_preview(assessment)
    if preview != plan.token:
        raise Conflict(
            _("The content or the answers changed since the preview; look at it again."),
            extra={"preview": plan.token},
        )
    available = {upgrade.slug: upgrade for upgrade in plan.checklists}
    if checklists == "all":
        chosen = list(plan.checklists)
    else:
        unknown = [slug for slug in checklists if slug not in available]
        if unknown or not checklists:
            raise ApplicationError(
                _("These checklists have no newer version for this assessment: %(slugs)s.")
                % {"slugs": ", ".join(unknown) or "-"},
                extra={"fields": {"checklists": unknown or ["empty"]}},
            )
        chosen = [available[slug] for slug in dict.fromkeys(checklists)]
    if not chosen:
        raise Conflict(_("Every checklist of this assessment is already on its newest version."))
    now = timezone.now()
    results = [_apply(actor=actor, assessment=assessment, upgrade=u, now=now) for u in chosen]
    audit(
        assessment=assessment, actor=actor, action=AuditAction.UPGRADE, data={"checklists": results}
    )
    applicability_refresh(actor=actor, assessment=assessment)
    return results


def reassessable(assessment: Assessment) -> bool:
    """Approved, rejected, or self-assessed (submitted with no evaluation body)."""
    return assessment.status in REASSESSABLE or (
        assessment.status == Status.SUBMITTED and assessment.evaluation_body_id is None
    )


@dataclass(frozen=True, slots=True)
class _Source:
    version: ChecklistVersion
    answers: dict[str, dict[str, Any]]


@transaction.atomic
def assessment_reassess(*, actor: Any, assessment: Assessment) -> Assessment:
    """Start a new draft of the same system on the newest versions, pre-filled from the last
    revision of ``assessment`` through the carry rules; every carried answer waits for a confirm
    (``review_reason``), its evidence linked (same files)."""
    source = Assessment.objects.select_for_update().select_related("system").get(pk=assessment.pk)
    _require_editor(actor, source)
    if not reassessable(source):
        raise Conflict(
            _(
                "Only an approved, rejected or self-assessed assessment can be re-assessed; "
                "this one is %(status)s."
            )
            % {"status": Status(source.status).label},
            extra={"status": source.status},
        )
    started = source.reassessments.exclude(status=Status.WITHDRAWN).order_by("-pk").first()
    if started is not None:
        # The source row is locked: a double click cannot start two.
        raise Conflict(
            _("This assessment was already re-assessed (assessment #%(number)d).")
            % {"number": started.pk},
            extra={"status": source.status, "reassessment": started.pk},
        )
    revision = Revision.objects.get(assessment=source, number=source.revision)
    labels = list(revision.answers)
    versions = {
        v.label: v
        for v in ChecklistVersion.objects.filter(
            checklist__slug__in=[label.split("@")[0] for label in labels]
        ).select_related("checklist")
    }
    sources = {
        label.split("@")[0]: _Source(versions[label], items)
        for label, items in revision.answers.items()
        if label in versions
    }
    files: dict[tuple[int, str], list[Evidence]] = {}
    for row in Evidence.history.filter(assessment=source).as_of(revision.created_at):
        files.setdefault((row.checklist_version_id, row.item_code), []).append(row)
    fresh = assessment_create(actor=actor, system=source.system)
    Assessment.objects.filter(pk=fresh.pk).update(previous=source)
    fresh.previous = source
    done: set[str] = set()
    totals = {fate.value: 0 for fate in Fate} | {"evidence": 0}
    # The screening first: its answers decide which other checklists apply.
    for _round in range(3):
        applied = applied_checklists(fresh)
        pending = [e for e in applied if e.document.slug in sources and e.document.slug not in done]
        pending.sort(key=lambda e: e.document.kind != Kind.SCREENING)
        if not pending:
            break
        for entry in pending[:1] if pending[0].document.kind == Kind.SCREENING else pending:
            done.add(entry.document.slug)
            _prefill(
                actor=actor,
                fresh=fresh,
                entry_version=entry.version,
                source=sources[entry.document.slug],
                number=revision.number,
                files=files,
                totals=totals,
            )
        applicability_refresh(actor=actor, assessment=fresh)
    audit(
        assessment=fresh,
        actor=actor,
        action=AuditAction.REASSESS,
        data={"previous": source.pk, "revision": revision.number, **totals},
    )
    return fresh


def _prefill(
    *,
    actor: Any,
    fresh: Assessment,
    entry_version: ChecklistVersion,
    source: _Source,
    number: int,
    files: dict[tuple[int, str], list[Evidence]],
    totals: dict[str, int],
) -> None:
    old_doc, new_doc = document_for(source.version), document_for(entry_version)
    by_code = {diff.code: diff for diff in diff_documents(old_doc, new_doc)}
    rows: list[Answer] = []
    linked: list[Evidence] = []
    for code, submitted in source.answers.items():
        diff = by_code.get(code)
        value, comment = submitted["value"], submitted.get("comment", "")
        if value is None and not comment.strip():
            continue
        fate = Fate.DROPPED if diff is None else answer_fate(diff, value, comment)
        totals[fate.value] += 1
        if fate is Fate.DROPPED or diff is None or diff.new is None:
            continue
        if diff.change is Change.UNCHANGED:
            reason = ReviewReason.CARRIED
        else:
            reason = ReviewReason.CHANGED
            value = _kept_value(diff.new, value, comment)
        rows.append(
            Answer(
                assessment=fresh,
                checklist_version=entry_version,
                item_code=code,
                value=value,
                comment=comment,
                version=1,
                review_reason=reason if value is not None else "",
                carried_from=number,
                updated_by=actor,
            )
        )
        linked.extend(
            _linked_evidence(
                files.get((source.version.pk, code), []), assessment=fresh, version=entry_version
            )
        )
    Answer.objects.bulk_create(rows)
    Evidence.objects.bulk_create(linked)
    totals["evidence"] += len(linked)
