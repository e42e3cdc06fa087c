"""Evidence: uploading a file to an item, and removing or replacing one attached by mistake."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.choices import (
    AuditAction,
)
from assessments.models import (
    Assessment,
    Evidence,
    Revision,
    evidence_path,
)
from assessments.selectors import (
    applied_checklists,
)
from assessments.services.answers import _require_editable, _require_editor, _resolve
from assessments.services.common import audit
from assessments.sniffing import sniff_content_type
from assessments.uploads import allowed_type_names, size_text
from core.exceptions import ApplicationError

logger = logging.getLogger(__name__)


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


def _checked_upload(upload: UploadedFile[Any]) -> tuple[str, str]:
    """Size, type (sniffed from the bytes) and SHA-256 of an upload, before anything is stored."""
    if upload.size is None or upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ApplicationError(
            _("The file (%(size)s) is larger than the limit of %(limit)s.")
            % {
                "size": size_text(upload.size or 0),
                "limit": size_text(settings.EVIDENCE_MAX_BYTES),
            },
            extra={"fields": {"file": ["too large"]}},
            status_code=413,
        )
    if upload.size == 0:
        raise ApplicationError(
            _("The file %(name)s is empty (0 bytes); choose the file with the evidence.")
            % {"name": _safe_name(upload.name or "")},
            extra={"fields": {"file": ["empty"]}},
        )
    head = upload.read(8192)
    upload.seek(0)
    content_type = sniff_content_type(head, upload.name or "")
    if content_type not in settings.EVIDENCE_CONTENT_TYPES:
        raise ApplicationError(
            _("This kind of file is not accepted as evidence. Accepted: %(types)s.")
            % {"types": ", ".join(allowed_type_names())},
            extra={
                "fields": {"file": [f"type {content_type} not allowed"]},
                "allowed": settings.EVIDENCE_CONTENT_TYPES,
            },
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest()


def _safe_name(name: str) -> str:
    """The user's file name for display: no folders or control characters, 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".") or "evidence"
    return cleaned[:200]


@transaction.atomic
def evidence_upload(
    *, actor: Any, assessment: Assessment, checklist: str, item: str, upload: UploadedFile[Any]
) -> Evidence:
    """Attach a file to an item. Checked for size and type before it is stored."""
    assessment = (
        Assessment.objects.select_for_update().select_related("system").get(pk=assessment.pk)
    )
    _require_editor(actor, assessment)
    _require_editable(assessment)
    applied = applied_checklists(assessment)
    target = _resolve(applied, checklist)
    if target is None:
        raise ApplicationError(
            _("%(checklist)s does not apply to this assessment.") % {"checklist": checklist},
            extra={"fields": {"checklist": ["not applicable"]}},
        )
    if target.document.item(item) is None:
        raise ApplicationError(
            _("%(item)s is not an item of %(checklist)s.")
            % {"item": item, "checklist": target.label},
            extra={"fields": {"item": ["unknown item"]}},
        )
    content_type, sha256 = _checked_upload(upload)
    evidence = Evidence(
        assessment=assessment,
        checklist_version=target.version,
        item_code=item,
        name=_safe_name(upload.name or "evidence"),
        size=upload.size or 0,
        sha256=sha256,
        content_type=content_type,
        uploaded_by=actor,
    )
    storage = evidence.file.storage
    path = evidence_path(evidence, evidence.name)
    try:
        evidence.file.name = storage.save(path, upload)
    except OSError as exc:
        storage.delete(path)  # a full disk leaves a partial file: remove it
        logger.error("evidence upload for assessment %s failed: %s", assessment.pk, exc)
        raise ApplicationError(
            _("The evidence store is full or unavailable; nothing was saved. Try again later."),
            extra={"fields": {"file": ["storage unavailable"]}},
            status_code=507,
        ) from None
    try:
        evidence.full_clean(exclude=["file"])
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)  # never leave an orphan file behind a failed row
        raise
    audit(
        assessment=assessment,
        actor=actor,
        action=AuditAction.EVIDENCE,
        data={"checklist": target.label, "item": item, "name": evidence.name, "sha256": sha256},
    )
    return evidence
