"""The cover: who and what the report is about, its checklists and the headline figures."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from assessments.texts import DECISION_LABELS, OUTCOME_LABELS, RATING_LABELS, SYSTEM_ROLE_LABELS
from checklists.labels import DOMAIN_LABELS
from checklists.schema import ChecklistDocument
from core.formatting import percent, score
from reports import formatting as fmt
from reports.answers import AppliedChecklist
from reports.data import EvaluationInfo, ReportData
from reports.sections import pick
from reports.sections.coverage import coverage_text
from reports.sections.meta import title
from reports.shapes import Cover, Fact, Tile


def cover(
    data: ReportData,
    checklists: Sequence[AppliedChecklist],
    evaluation_document: ChecklistDocument | None,
    language: str,
) -> Cover:
    report, system, assessment, scores = data.report, data.system, data.assessment, data.scores
    evaluation = data.evaluation or EvaluationInfo()
    facts = [
        Fact(
            _("Domain"),
            ", ".join(pick(DOMAIN_LABELS, value) for value in system.all_domains),
        ),
        Fact(_("Operator role"), pick(SYSTEM_ROLE_LABELS, system.role)),
        Fact(_("Revision"), _("Revision {n}").format(n=assessment.revision)),
        Fact(_("Submitted on"), fmt.date(assessment.submitted_at, language)),
    ]
    if assessment.evaluation_body:
        facts.append(Fact(_("Evaluation body"), assessment.evaluation_body))
    if data.is_evaluation:
        facts.append(Fact(_("Decision"), pick(DECISION_LABELS, evaluation.decision)))
        facts.append(Fact(_("Decided on"), fmt.date(evaluation.decided_at, language)))
    facts += [
        Fact(_("Issued on"), fmt.date(report.issued_at, language)),
        Fact(_("Issued by"), report.issuer),
        Fact(_("Report code"), report.code),
    ]
    listed = [Fact(c.document.title.get(language), c.label) for c in checklists]
    if evaluation_document is not None:
        listed.append(Fact(evaluation_document.title.get(language), evaluation.criteria or ""))
    headline = _headline(data)
    if scores.reviewed:
        facts.append(Fact(_("Verification coverage"), coverage_text(scores) or "—"))
    if evaluation.override_reason:
        facts.append(
            Fact(
                _("Approved despite the outcome “Fail” — reason"),
                str(evaluation.override_reason),
            )
        )
    subtitle = (
        _("Item-by-item verification and reliability evaluation by a third-party evaluation body.")
        if report.kind == "evaluation"
        else _("Results of the self-check — a self-assessment, not verified by a third party.")
    )
    if report.kind == "self_assessment" and scores.reviewed:
        subtitle = _(
            "Results of the self-check — the verified figures apply the item verdicts of {body}."
        ).format(body=assessment.evaluation_body or "")
    return Cover(
        title=title(report.kind),
        subtitle=subtitle,
        organisation=data.organisation,
        system=system.name,
        facts=tuple(facts),
        checklists=tuple(listed),
        headline=tuple(headline),
    )


def _headline(data: ReportData) -> list[Tile]:
    """Self-reported score, rating, completion; an evaluation report's verified score instead."""
    scores = data.scores
    if not data.is_evaluation:
        return [
            Tile(score(scores.overall), _("Overall score"), key=f"rating-{scores.rating}"),
            Tile(
                pick(RATING_LABELS, scores.rating),
                _("Rating"),
                key=f"rating-{scores.rating}",
                textual=True,
            ),
            Tile(percent(scores.completion), _("Completion")),
        ]
    verified = scores.verified
    outcome = scores.evaluation.outcome if scores.evaluation else None
    return [
        Tile(
            score(verified.overall),
            _("Verified"),
            " ".join((_("Self-reported"), score(scores.overall))),
        ),
        Tile(
            pick(RATING_LABELS, verified.rating),
            _("Rating"),
            key=f"rating-{verified.rating}",
            textual=True,
        ),
        Tile(
            pick(OUTCOME_LABELS, outcome),
            _("Outcome"),
            key=f"outcome-{outcome}",
            textual=True,
        ),
    ]
