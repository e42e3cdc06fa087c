"""Reads for reports: scoping, the data snapshot a report is built from, and its documents."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from assessments.choices import CriterionState
from assessments.models import Assessment, CriterionRating, Evidence, ItemVerdict, Revision
from assessments.readouts import figures_of
from checklists.models import ChecklistVersion
from checklists.schema import ChecklistDocument
from checklists.selectors import document_for
from remediation.report import plan_snapshot
from reports.choices import ReportKind
from reports.models import Report

DATA_FORMAT = "trustcheck.report/1"


def reports_visible_to(user: Any) -> QuerySet[Report]:
    """Reports of the assessments ``user`` can see (the one scoping rule, via the assessment)."""
    return Report.objects.visible_to(user).select_related(
        "assessment__system__organization", "issuer"
    )


def display_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def canonical_json(data: Any) -> bytes:
    """The exact bytes embedded in the PDF and hashed into ``data_sha256``."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def data_sha256(data: Any) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def public_base_url(request_base: str = "") -> str:
    """The address reports send their readers to: ``PUBLIC_BASE_URL``; in development (``DEBUG``)
    without it, the address the issuing request came in on (``request_base``); else empty."""
    if settings.PUBLIC_BASE_URL:
        return str(settings.PUBLIC_BASE_URL).rstrip("/")
    if settings.DEBUG and request_base:
        return request_base.rstrip("/")
    return ""


def verify_url(code: str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("report-verify-page", args=[code])


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _versions(labels: list[str]) -> dict[str, ChecklistVersion]:
    slugs = {label.split("@", 1)[0] for label in labels}
    versions = ChecklistVersion.objects.filter(checklist__slug__in=slugs).select_related(
        "checklist"
    )
    return {v.label: v for v in versions if v.label in labels}


def snapshot_data(
    *,
    assessment: Assessment,
    revision: Revision,
    kind: str,
    language: str,
    code: str,
    issued_at: datetime,
    issuer: Any,
    verify_url: str,
) -> dict[str, Any]:
    """The report's data: everything it shows, as plain JSON, frozen at issue time.

    Answers come from the revision. The figures are ``figures_of`` the revision, for both kinds:
    its frozen answers with the evaluator's verdicts and ratings as they stand, so that the two
    reports of one revision (and the score API and the overview page) print the same numbers.
    Both carry the verdicts; only an evaluation report carries the evaluation and its decision.
    Evidence names are those attached when the revision was submitted (removed files included).
    """
    labels = list(revision.checklists)
    versions = _versions(labels)
    by_id = {v.pk: v.label for v in versions.values()}
    evidence: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in (
        Evidence.history.filter(assessment=assessment).as_of(revision.created_at).order_by("pk")
    ):
        if row.checklist_version_id in by_id:
            evidence[by_id[row.checklist_version_id]][row.item_code].append(row.name)
    system = assessment.system
    data: dict[str, Any] = {
        "format": DATA_FORMAT,
        "report": {
            "code": code,
            "kind": kind,
            "language": language,
            "issued_at": issued_at.isoformat(),
            "issuer": display_name(issuer),
            # Where the QR code and the printed address lead: fixed at issue, part of the data.
            "verify_url": verify_url,
        },
        "organisation": system.organization.name,
        "system": {
            "name": system.name,
            "purpose": system.purpose,
            "domain": system.domain,
            "domains": list(system.domains or [system.domain]),
            "deployment_context": system.deployment_context,
            "generative": system.generative,
            "role": system.role,
            "user_groups": system.user_groups,
        },
        "assessment": {
            "id": assessment.pk,
            "status": assessment.status,
            "revision": revision.number,
            "submitted_at": _iso(revision.created_at),
            "submitted_by": display_name(revision.submitted_by),
            "evaluation_body": assessment.evaluation_body.name
            if assessment.evaluation_body
            else None,
        },
        "checklists": [
            {"checklist": label, "sha256": versions[label].sha256 if label in versions else None}
            for label in labels
        ],
        "answers": {
            label: {
                code: {"value": a["value"], "comment": a.get("comment", "")}
                for code, a in answers.items()
            }
            for label, answers in revision.answers.items()
        },
        "evidence": {label: dict(items) for label, items in evidence.items()},
        "verdicts": _verdicts(assessment, versions),
        "scores": figures_of(assessment, revision=revision),
        "evaluation": None,
        "remediation": plan_snapshot(
            assessment, kind=kind, today=timezone.localtime(issued_at).date()
        ),
    }
    if kind == ReportKind.EVALUATION:
        data["evaluation"] = _evaluation_data(assessment)
    return data


def _verdicts(
    assessment: Assessment, versions: dict[str, ChecklistVersion]
) -> dict[str, dict[str, Any]]:
    by_id = {v.pk: v.label for v in versions.values()}
    verdicts: dict[str, dict[str, Any]] = defaultdict(dict)
    for verdict in ItemVerdict.objects.filter(assessment=assessment).order_by("pk"):
        if verdict.checklist_version_id in by_id:
            verdicts[by_id[verdict.checklist_version_id]][verdict.item_code] = {
                "verdict": verdict.verdict,
                "remark": verdict.remark,
                "revision": verdict.revision,
            }
    return dict(verdicts)


def _rating_data(row: CriterionRating) -> dict[str, Any]:
    """A rating as the report data carry it: level and rationale, plus the state when it is
    "not evaluated" and the measured value and its source when measured (nothing more for a
    rating of the 1.x kind, so their data and hashes do not change)."""
    data: dict[str, Any] = {"rating": row.rating, "rationale": row.rationale}
    if row.state == CriterionState.NOT_EVALUATED:
        data["state"] = row.state
    if row.value is not None:
        data["value"] = row.value
        data["source"] = row.source
    return data


def _evaluation_data(assessment: Assessment) -> dict[str, Any]:
    criteria = assessment.evaluation_version
    ratings = {
        r.criterion: _rating_data(r)
        for r in CriterionRating.objects.filter(assessment=assessment).order_by("pk")
    }
    scope = assessment.evaluation_scope or {}
    return {
        "body": assessment.evaluation_body.name if assessment.evaluation_body else "",
        "criteria": criteria.label if criteria else None,
        "criteria_sha256": criteria.sha256 if criteria else None,
        "ratings": ratings,
        # Only once the scoping step was taken, so a 1.x evaluation's data stay as they were.
        **(
            {"scope": {k: scope.get(k) for k in ("excluded", "tta", "reason")}}
            if scope.get("set")
            else {}
        ),
        "decision": assessment.status,
        "decided_at": _iso(assessment.decided_at),
        "evaluator": display_name(assessment.claimed_by),
        "opinion": assessment.opinion,
        # Why it was approved although the outcome is fail (empty when no override was needed).
        "override_reason": assessment.approval_override,
    }


def documents_for(
    data: dict[str, Any],
) -> tuple[dict[str, ChecklistDocument], ChecklistDocument | None]:
    """The parsed checklist documents a report's data names, and its reliability criteria."""
    labels = [entry["checklist"] for entry in data["checklists"]]
    criteria = (data.get("evaluation") or {}).get("criteria")
    versions = _versions([*labels, *([criteria] if criteria else [])])
    documents = {label: document_for(versions[label]) for label in labels}
    return documents, document_for(versions[criteria]) if criteria else None
