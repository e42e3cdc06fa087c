"""Hand-made report data, without a database: documents and answers in, the data snapshot out.

Scores are computed exactly as ``assessments.selectors.score_of`` does (the pure scoring
functions, then ``score_payload``), so the snapshot has the shape ``reports.selectors`` stores.
Used by the context tests, the rendering tests and the benchmark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from assessments import scoring
from assessments.readouts import score_payload
from assessments.selectors import ScoreReadout
from checklists.loader import load_file
from checklists.schema import ChecklistDocument, Kind
from reports.context import ReportContext, build_report_context
from reports.selectors import data_sha256

FIXTURES = Path(__file__).resolve().parents[1] / "assessments" / "content"
CONTENT = Path(__file__).resolve().parents[2] / "checklists" / "content"
ISSUED_AT = "2026-03-14T06:30:00+00:00"
VERIFY_URL = "https://trustcheck.example/verify/TC-2026-7KQ4-M2XD/"


def fixture_document(slug: str) -> ChecklistDocument:
    return load_file(FIXTURES / slug / "1.0.0.yaml")


def content_document(slug: str) -> ChecklistDocument:
    return load_file(CONTENT / slug / "1.0.0.yaml")


def label(document: ChecklistDocument) -> str:
    return f"{document.slug}@{document.version}"


def build_data(
    *,
    documents: Sequence[ChecklistDocument],
    answers: Mapping[str, Mapping[str, Any]],
    comments: Mapping[str, Mapping[str, str]] | None = None,
    evidence: Mapping[str, Mapping[str, list[str]]] | None = None,
    verdicts: Mapping[str, Mapping[str, tuple[str, str]]] | None = None,
    criteria: ChecklistDocument | None = None,
    ratings: Mapping[str, tuple[int | None, str]] | None = None,
    kind: str = "self_assessment",
    language: str = "en",
    code: str = "TC-2026-7KQ4-M2XD",
    organisation: str = "Acme AI",
    system: str = "Résumé ranker",
    issuer: str = "Owner Kim",
    evaluator: str = "Evaluator Lee",
    body: str | None = "Lab One",
    opinion: str = "",
    significance_item: str = "T-SIG-01",
) -> dict[str, Any]:
    """A report data snapshot; ``answers`` and friends are keyed by document slug."""
    by_slug = {d.slug: d for d in documents}
    inputs: list[scoring.ChecklistAnswers] = []
    screening = None
    for document in documents:
        given = answers.get(document.slug, {})
        given_verdicts = (verdicts or {}).get(document.slug)
        inputs.append(
            (
                document,
                given,
                {code: scoring.Verdict(v) for code, (v, _r) in (given_verdicts or {}).items()}
                if verdicts
                else None,
            )
        )
        if document.kind is Kind.SCREENING:
            screening = scoring.screen(document, given, significance_item=significance_item)
    evaluation = None
    if criteria is not None and ratings:
        evaluation = scoring.evaluate(
            criteria,
            {
                code: (scoring.NA if rating is None else rating)
                for code, (rating, _r) in ratings.items()
            },
        )
    readout = ScoreReadout(
        score=scoring.score_assessment(inputs),
        screening=screening,
        applicable=tuple(label(d) for d in documents),
        evaluation=evaluation,
    )
    data: dict[str, Any] = {
        "format": "trustcheck.report/1",
        "report": {
            "code": code,
            "kind": kind,
            "language": language,
            "issued_at": ISSUED_AT,
            "issuer": issuer,
        },
        "organisation": organisation,
        "system": {
            "name": system,
            "purpose": "Ranks job applications.",
            "domain": "hiring",
            "deployment_context": "Recruiting team",
            "generative": False,
            "role": "operator",
            "user_groups": "Recruiters; applicants are affected.",
        },
        "assessment": {
            "id": 1,
            "status": "approved" if kind == "evaluation" else "submitted",
            "revision": 1,
            "submitted_at": "2026-03-10T01:00:00+00:00",
            "submitted_by": issuer,
            "evaluation_body": body,
        },
        "checklists": [{"checklist": label(d), "sha256": "0" * 64} for d in documents],
        "answers": {
            label(by_slug[slug]): {
                code: {"value": value, "comment": (comments or {}).get(slug, {}).get(code, "")}
                for code, value in given.items()
            }
            for slug, given in answers.items()
        },
        "evidence": {label(by_slug[slug]): dict(items) for slug, items in (evidence or {}).items()},
        "verdicts": {
            label(by_slug[slug]): {
                code: {"verdict": v, "remark": r, "revision": 1} for code, (v, r) in given.items()
            }
            for slug, given in (verdicts or {}).items()
        },
        "scores": score_payload(readout),
        "evaluation": None,
    }
    if kind == "evaluation":
        data["evaluation"] = {
            "body": body or "",
            "criteria": label(criteria) if criteria else None,
            "criteria_sha256": "0" * 64,
            "ratings": {
                code: {"rating": rating, "rationale": why}
                for code, (rating, why) in (ratings or {}).items()
            },
            "decision": "approved",
            "decided_at": "2026-03-13T08:00:00+00:00",
            "evaluator": evaluator,
            "opinion": opinion,
        }
    return data


def documents_by_label(documents: Sequence[ChecklistDocument]) -> dict[str, ChecklistDocument]:
    return {label(d): d for d in documents}


SCREENING = {
    "T-SIG-01": "yes",
    "T-AREA-01": "yes",
    "T-AREA-02": "no",
    "T-IMP-01": "many",
    "T-MIT-01": "yes",
}
GENERAL = {
    "T-A-01": "yes",
    "T-A-02": "no",
    "T-A-03": 2,
    "T-B-01": "auto",
    "T-B-02": ["visible"],
    "T-B-03": "Kim Minji (CTO)",
}


def fixture_evaluation_data(
    *, language: str = "en", **overrides: Any
) -> tuple[dict[str, Any], dict[str, ChecklistDocument], ChecklistDocument]:
    """An evaluation report of the fixture checklists: a high-impact hiring system, some gaps."""
    documents = [
        fixture_document(s) for s in ("t-screening", "t-general", "t-hiring", "t-obligations")
    ]
    criteria = fixture_document("t-eval")
    arguments: dict[str, Any] = {
        "documents": documents,
        "answers": {
            "t-screening": SCREENING,
            "t-general": GENERAL,
            "t-hiring": {"T-H-01": "yes"},
            "t-obligations": {"T-O-01": "no"},
        },
        "comments": {"t-general": {"T-A-02": "Reviewed yearly from 2027.", "T-B-03": ""}},
        "evidence": {"t-general": {"T-A-01": ["risk-plan.pdf", "board-minutes.pdf"]}},
        "verdicts": {
            "t-general": {
                "T-A-01": ("confirmed", ""),
                "T-A-03": ("partially_confirmed", "Only gender is tested."),
            },
            "t-hiring": {"T-H-01": ("needs_evidence", "Show the notice.")},
        },
        "criteria": criteria,
        "ratings": {
            "T-R-01": (3, ""),
            "T-R-02": (None, "Not relevant here."),
            "T-R-03": (2, "Logs are kept for 30 days only."),
        },
        "kind": "evaluation",
        "language": language,
        "opinion": "Approved with two conditions.\nFix the logging retention.",
    }
    arguments.update(overrides)
    return build_data(**arguments), documents_by_label(documents), criteria


def sample_context(
    data: dict[str, Any],
    documents: Mapping[str, ChecklistDocument],
    criteria: ChecklistDocument | None,
    *,
    verify_url: str = VERIFY_URL,
    sha256: str | None = None,
) -> ReportContext:
    """The report context of sample data, built as the report service builds it: with the data's
    own hash, unless the test pins one (``sha256``)."""
    return build_report_context(
        data=data,
        documents=documents,
        evaluation_document=criteria,
        verify_url=verify_url,
        data_sha256=data_sha256(data) if sha256 is None else sha256,
    )
