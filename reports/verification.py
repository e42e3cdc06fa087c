"""Public verification of issued reports: the metadata record and the byte-for-byte check.

Only ready reports exist here. An unknown code, a code of a report still rendering and a
malformed code all read the same ("not found"), so the answers tell nothing about other codes.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from reports.choices import ReportKind, ReportStatus
from reports.models import CODE_PATTERN, Report
from reports.signing import SignatureCheck, check_signature
from reports.validity import validity_of


def ready_report(code: str) -> Report | None:
    code = code.strip().upper()
    if not CODE_PATTERN.match(code):
        return None
    return Report.objects.filter(code=code, status=ReportStatus.READY).first()


def result_of(report: Report) -> dict[str, Any]:
    """The headline result: score and rating; for an evaluation, the verified ones and outcome."""
    scores = report.data.get("scores", {})
    if report.kind == ReportKind.EVALUATION:
        verified = scores.get("verified") or {}
        evaluation = scores.get("evaluation") or {}
        return {
            "score": verified.get("overall"),
            "rating": verified.get("rating"),
            "self_reported_score": scores.get("overall"),
            "outcome": evaluation.get("outcome"),
            "decision": (report.data.get("evaluation") or {}).get("decision"),
        }
    return {"score": scores.get("overall"), "rating": scores.get("rating")}


def signature_of(report: Report) -> SignatureCheck:
    if not report.signed:
        return SignatureCheck(signed=False)
    with report.pdf.open("rb") as stored:
        return check_signature(stored.read())


def record(report: Report) -> dict[str, Any]:
    return {
        "code": report.code,
        "kind": report.kind,
        "language": report.language,
        "issued_at": report.issued_at,
        "organisation": report.data.get("organisation", ""),
        "system": report.data.get("system", {}).get("name", ""),
        "result": result_of(report),
        "sha256": report.sha256,
        # Printed on the report's cover; every report row has it (a required column).
        "data_sha256": report.data_sha256,
        "signature": signature_of(report).as_dict(),
        # Evaluation reports: valid | expired | superseded, and until when (reports.validity).
        "validity": validity_of(report),
    }


def too_large(declared_length: str | None) -> bool:
    """Whether a request body is over the verification limit, judged before it is read."""
    try:
        return int(declared_length or 0) > settings.REPORT_VERIFY_MAX_BYTES + 64 * 1024
    except ValueError:
        return False


def matches(report: Report, size: int, chunks: Iterable[bytes]) -> bool:
    """Whether the uploaded bytes are exactly the issued PDF (size first, then SHA-256)."""
    if size != report.size:
        return False
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return hmac.compare_digest(digest.hexdigest(), report.sha256)
