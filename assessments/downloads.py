"""How an evidence file leaves the app, the same from the pages and from the API."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.shortcuts import get_object_or_404

from assessments import selectors
from assessments.models import Assessment


def evidence_file_response(
    user: Any, assessment: Assessment, evidence_id: int | str
) -> FileResponse:
    """The evidence file ``evidence_id`` of ``assessment``, if ``user`` may read it (404 if not):
    an attachment under the name and type it was uploaded with, and ``nosniff`` so that no
    browser runs an uploaded file as a page or a script."""
    evidence = get_object_or_404(selectors.evidence_seen_by(user, assessment), pk=evidence_id)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
