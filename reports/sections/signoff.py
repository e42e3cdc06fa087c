"""The sign-off: the evaluation body's decision, or the company's declaration."""

from __future__ import annotations

from collections.abc import Mapping

from reports import formatting as fmt
from reports.data import EvaluationInfo, ReportData
from reports.labels import DECISIONS, pick
from reports.sections.coverage import coverage_text
from reports.shapes import Fact, SignOff


def signoff(data: ReportData, language: str, labels: Mapping[str, str]) -> SignOff:
    report = data.report
    if data.is_evaluation:
        return _evaluation_signoff(data, data.evaluation or EvaluationInfo(), language, labels)
    statement = labels["signoff_self_assessment"]
    if data.scores.reviewed:
        statement = (
            labels["signoff_self_assessment_reviewed"]
            .format(
                body=data.assessment.evaluation_body or "",
                coverage=coverage_text(data.scores, labels),
            )
            .replace(" ()", "")  # data issued before coverage was recorded
            .replace("()", "")
        )
    return SignOff(
        statement=statement,
        facts=(
            Fact(labels["submitted_at"], fmt.timestamp(data.assessment.submitted_at, language)),
            Fact(labels["issued_at"], fmt.timestamp(report.issued_at, language)),
        ),
        opinion="",
        signer=report.issuer,
        signer_role=labels["issuer"],
        organisation=data.organisation,
        date=fmt.date(report.issued_at, language),
    )


def _evaluation_signoff(
    data: ReportData, evaluation: EvaluationInfo, language: str, labels: Mapping[str, str]
) -> SignOff:
    report = data.report
    return SignOff(
        statement=labels["signoff_evaluation"],
        facts=(
            Fact(labels["decision"], pick(DECISIONS, evaluation.decision, language)),
            Fact(labels["decided_at"], fmt.timestamp(evaluation.decided_at, language)),
            Fact(labels["evaluation_body"], evaluation.body),
            *(
                (Fact(labels["override"], str(evaluation.override_reason)),)
                if evaluation.override_reason
                else ()
            ),
        ),
        opinion=str(evaluation.opinion or ""),
        signer=str(evaluation.evaluator or report.issuer),
        signer_role=labels["evaluator"],
        organisation=str(evaluation.body),
        date=fmt.date(report.issued_at, language),
    )
