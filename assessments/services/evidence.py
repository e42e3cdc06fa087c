"""Removing or replacing evidence attached by mistake (uploads are in ``services.answers``)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from assessments.choices import AuditAction
from assessments.models import Assessment, Evidence, Revision
from assessments.selectors import applied_checklists
from assessments.services.answers import _require_editable, _require_editor, evidence_upload
from assessments.services.common import audit


@transaction.atomic
def evidence_delete(*, actor: Any, assessment: Assessment, evidence: Evidence) -> None:
    """Delete one evidence file while the assessment is editable, by the company's editors.

    The audit event keeps the name and SHA-256 of what was removed. A file that was attached
    when a revision was submitted stays stored and is only marked removed (``removed_at``): that
    revision's review and reports keep listing it, since submitted revisions never change. A file
    uploaded since the last submit is deleted, once the transaction commits, so a failure before
    that leaves row and file in place.
    """
    assessment = (
        Assessment.objects.select_for_update().select_related("system").get(pk=assessment.pk)
    )
    _require_editor(actor, assessment)
    _require_editable(assessment)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk, assessment=assessment)
    labels = {entry.version.pk: entry.label for entry in applied_checklists(assessment)}
    data: dict[str, Any] = {
        "checklist": labels.get(evidence.checklist_version_id, ""),
        "item": evidence.item_code,
        "name": evidence.name,
        "sha256": evidence.sha256,
    }
    submitted = (
        Revision.objects.filter(assessment=assessment, created_at__gte=evidence.uploaded_at)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    if submitted is not None:
        evidence.removed_at = timezone.now()
        evidence.removed_by = actor
        evidence.save(update_fields=["removed_at", "removed_by"])
        data["kept_for_revision"] = submitted
    else:
        storage, path = evidence.file.storage, evidence.file.name or ""
        evidence.delete()
        # An upgrade or a re-assessment links the same stored file from new rows: keep it while
        # any row (of any assessment or version) still points at it.
        if path and not Evidence.history.filter(file=path).exists():
            transaction.on_commit(lambda: storage.delete(path))
    audit(assessment=assessment, actor=actor, action=AuditAction.EVIDENCE_DELETE, data=data)


@transaction.atomic
def evidence_replace(
    *, actor: Any, assessment: Assessment, evidence: Evidence, upload: UploadedFile[Any]
) -> Evidence:
    """Put ``upload`` in the place of ``evidence`` (same item), both or neither.

    The new file is checked like any upload before the old one goes; the audit trail shows an
    upload and a deletion.
    """
    label = next(
        (
            e.label
            for e in applied_checklists(assessment)
            if e.version.pk == evidence.checklist_version_id
        ),
        "",
    )
    new = evidence_upload(
        actor=actor, assessment=assessment, checklist=label, item=evidence.item_code, upload=upload
    )
    evidence_delete(actor=actor, assessment=assessment, evidence=evidence)
    return new
