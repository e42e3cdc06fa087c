"""Reads of checklist content. Parsed documents are cached per version hash, so showing or scoring
a checklist never costs a query per item."""

from __future__ import annotations

from django.db.models import QuerySet

from checklists.models import ChecklistVersion
from checklists.schema import ChecklistDocument

_CACHE_SIZE = 256
_cache: dict[tuple[str, int], ChecklistDocument] = {}


def document_for(version: ChecklistVersion) -> ChecklistDocument:
    """The frozen document of a stored version; cached by (sha256, id), so stale entries cannot hit.

    The first call per process parses the JSON already loaded on ``version``; later calls reuse it.
    """
    key = (version.sha256, version.pk)
    cached = _cache.get(key)
    if cached is None:
        cached = ChecklistDocument.model_validate(version.document)
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = cached
    return cached


def latest_versions() -> QuerySet[ChecklistVersion]:
    """The newest published version of every checklist, ordered by slug."""
    return (
        ChecklistVersion.objects.latest_per_checklist()
        .select_related("checklist")
        .defer("document")
        .order_by("checklist__slug")
    )


def version_for(*, slug: str, version: str | None = None) -> ChecklistVersion | None:
    """One version of a checklist (the newest when ``version`` is None), or None."""
    versions = ChecklistVersion.objects.select_related("checklist").filter(checklist__slug=slug)
    if version is not None:
        return versions.filter(version=version).first()
    return versions.order_by("-major", "-minor", "-patch").first()
