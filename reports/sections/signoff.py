"""The sign-off: the evaluation body's decision, or the company's declaration."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments.texts import DECISION_LABELS
from reports import formatting as fmt
from reports.data import EvaluationInfo, ReportData
from reports.sections import pick
from reports.sections.coverage import coverage_text
from reports.shapes import Fact, SignOff


def signoff(data: ReportData, language: str) -> SignOff:
    report = data.report
    if data.is_evaluation:
        return _evaluation_signoff(data, data.evaluation or EvaluationInfo(), language)
    statement = _(
        "The organisation above confirms that the answers in this report were true when submitted. "
        "This report has not been verified by a third-party evaluation body."
    )
    if data.scores.reviewed:
        statement = (
            _(
                "The organisation above confirms that the answers in this report were true when "
                "submitted. This is the organisation's own report; its verified figures apply the "
                "item verdicts of {body} ({coverage}). The evaluation body's decision is stated in "
                "its evaluation report."
            )
            .format(
                body=data.assessment.evaluation_body or "",
                coverage=coverage_text(data.scores),
            )
            .replace(" ()", "")  # data issued before coverage was recorded
            .replace("()", "")
        )
    return SignOff(
        statement=statement,
        facts=(
            Fact(_("Submitted on"), fmt.timestamp(data.assessment.submitted_at, language)),
            Fact(_("Issued on"), fmt.timestamp(report.issued_at, language)),
        ),
        opinion="",
        signer=report.issuer,
        signer_role=_("Issued by"),
        organisation=data.organisation,
        date=fmt.date(report.issued_at, language),
    )


def _evaluation_signoff(data: ReportData, evaluation: EvaluationInfo, language: str) -> SignOff:
    report = data.report
    return SignOff(
        statement=_(
            "The evaluation body reviewed the submission for the AI system above item by item, "
            "rated it against the reliability criteria, and confirms that the results are as "
            "stated in this report."
        ),
        facts=(
            Fact(_("Decision"), pick(DECISION_LABELS, evaluation.decision)),
            Fact(_("Decided on"), fmt.timestamp(evaluation.decided_at, language)),
            Fact(_("Evaluation body"), evaluation.body),
            *(
                (
                    Fact(
                        _("Approved despite the outcome “Fail” — reason"),
                        str(evaluation.override_reason),
                    ),
                )
                if evaluation.override_reason
                else ()
            ),
        ),
        opinion=str(evaluation.opinion or ""),
        signer=str(evaluation.evaluator or report.issuer),
        signer_role=_("Evaluator"),
        organisation=str(evaluation.body),
        date=fmt.date(report.issued_at, language),
    )
