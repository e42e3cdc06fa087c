"""The cover: who and what the report is about, its checklists and the headline figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checklists.schema import ChecklistDocument
from reports import formatting as fmt
from reports.answers import AppliedChecklist
from reports.data import EvaluationInfo, ReportData
from reports.labels import DECISIONS, DOMAINS, OUTCOMES, RATINGS, SYSTEM_ROLES, pick
from reports.sections.coverage import coverage_text
from reports.shapes import Cover, Fact, Tile


def cover(
    data: ReportData,
    checklists: Sequence[AppliedChecklist],
    evaluation_document: ChecklistDocument | None,
    language: str,
    labels: Mapping[str, str],
) -> Cover:
    report, system, assessment, scores = data.report, data.system, data.assessment, data.scores
    evaluation = data.evaluation or EvaluationInfo()
    facts = [
        Fact(
            labels["domain"],
            ", ".join(pick(DOMAINS, value, language) for value in system.all_domains),
        ),
        Fact(labels["system_role"], pick(SYSTEM_ROLES, system.role, language)),
        Fact(labels["revision"], labels["revision_value"].format(n=assessment.revision)),
        Fact(labels["submitted_at"], fmt.date(assessment.submitted_at, language)),
    ]
    if assessment.evaluation_body:
        facts.append(Fact(labels["evaluation_body"], assessment.evaluation_body))
    if data.is_evaluation:
        facts.append(Fact(labels["decision"], pick(DECISIONS, evaluation.decision, language)))
        facts.append(Fact(labels["decided_at"], fmt.date(evaluation.decided_at, language)))
    facts += [
        Fact(labels["issued_at"], fmt.date(report.issued_at, language)),
        Fact(labels["issuer"], report.issuer),
        Fact(labels["report_code"], report.code),
    ]
    listed = [Fact(c.document.title.get(language), c.label) for c in checklists]
    if evaluation_document is not None:
        listed.append(Fact(evaluation_document.title.get(language), evaluation.criteria or ""))
    headline = _headline(data, language, labels)
    if scores.reviewed:
        facts.append(Fact(labels["verification_coverage"], coverage_text(scores, labels) or "—"))
    if evaluation.override_reason:
        facts.append(Fact(labels["override"], str(evaluation.override_reason)))
    subtitle = labels["subtitle_" + report.kind]
    if report.kind == "self_assessment" and scores.reviewed:
        subtitle = labels["subtitle_self_assessment_reviewed"].format(
            body=assessment.evaluation_body or ""
        )
    return Cover(
        title=labels["title_" + report.kind],
        subtitle=subtitle,
        organisation=data.organisation,
        system=system.name,
        facts=tuple(facts),
        checklists=tuple(listed),
        headline=tuple(headline),
    )


def _headline(data: ReportData, language: str, labels: Mapping[str, str]) -> list[Tile]:
    """Self-reported score, rating, completion; an evaluation report's verified score instead."""
    scores = data.scores
    if not data.is_evaluation:
        return [
            Tile(fmt.score(scores.overall), labels["overall_score"], key=f"rating-{scores.rating}"),
            Tile(
                pick(RATINGS, scores.rating, language),
                labels["rating"],
                key=f"rating-{scores.rating}",
                textual=True,
            ),
            Tile(fmt.percent(scores.completion), labels["completion"]),
        ]
    verified = scores.verified
    outcome = scores.evaluation.outcome if scores.evaluation else None
    return [
        Tile(
            fmt.score(verified.overall),
            labels["verified"],
            f"{labels['self_reported']} {fmt.score(scores.overall)}",
        ),
        Tile(
            pick(RATINGS, verified.rating, language),
            labels["rating"],
            key=f"rating-{verified.rating}",
            textual=True,
        ),
        Tile(
            pick(OUTCOMES, outcome, language),
            labels["outcome"],
            key=f"outcome-{outcome}",
            textual=True,
        ),
    ]
