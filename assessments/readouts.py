"""Plain-JSON forms of scores, shared by the API, revisions and reports.

``figures_of`` is the one source of the figures shown for an assessment or one of its revisions:
the score API, the overview page and both kinds of report read them from it, so they can never
disagree.
"""

from __future__ import annotations

from typing import Any

from assessments import scoring
from assessments.models import Assessment, Revision
from assessments.selectors import ScoreReadout, score_of, score_seen_by
from assessments.texts import IMPACT_NUMERALS
from checklists.schema import Kind


def figures_of(assessment: Assessment, *, revision: Revision | None = None) -> dict[str, Any]:
    """Every figure shown for ``assessment`` (its answers as they stand) or for one revision of
    it (the answers frozen at that submit), with the evaluator's current verdicts and ratings.

    Reports pass the revision they are issued for; pages and the API pass none. While the
    assessment cannot be edited (submitted, in review, decided) its answers are its latest
    revision's, so all of them print the same numbers.
    """
    return score_payload(score_of(assessment, revision=revision))


def figures_seen_by(user: Any, assessment: Assessment) -> dict[str, Any]:
    """``figures_of`` the assessment as ``user`` may read it: the evaluation body reads the last
    submitted revision while the company edits (``selectors.score_seen_by``)."""
    return score_payload(score_seen_by(user, assessment))


def _gap(gap: scoring.Gap) -> dict[str, Any]:
    return {
        "checklist": gap.checklist,
        "section": gap.section,
        "item": gap.item,
        "value": gap.value,
        "weight": gap.weight,
        "critical": gap.critical,
        "recommendation": gap.recommendation.model_dump() if gap.recommendation else None,
    }


def _coverage(rows: tuple[scoring.FrameworkCoverage, ...]) -> list[dict[str, Any]]:
    return [
        {
            "framework": str(row.framework),
            "references": row.references,
            "assessed": row.assessed,
            "met": row.met,
            "share": row.share,
        }
        for row in rows
    ]


def score_payload(readout: ScoreReadout) -> dict[str, Any]:
    score = readout.score
    payload: dict[str, Any] = {
        "overall": score.overall,
        "rating": score.rating.value if score.rating else None,
        "completion": score.completion,
        "answered": score.answered,
        "required": score.required,
        "critical_gaps": list(score.critical_gaps),
        "sections": [
            {
                "checklist": c.slug,
                "code": s.code,
                "score": s.score,
                "verified_score": s.verified_score,
                "completion": s.completion,
            }
            for c in score.checklists
            for s in c.sections
        ],
        "checklists": [
            {
                "checklist": f"{c.slug}@{c.version}",
                "kind": c.kind.value,
                # A screening decides status; it is not a measure of compliance, so it has no score.
                "score": c.score if c.kind is Kind.SELF_CHECK else None,
                "rating": c.rating.value if c.rating and c.kind is Kind.SELF_CHECK else None,
                "completion": c.completion,
                "critical_gaps": list(c.critical_gaps),
                "verified_score": c.verified_score,
                "verified_rating": c.verified_rating.value if c.verified_rating else None,
                "scored_items": c.scored_items,
                "verified_items": c.verified_items,
            }
            for c in score.checklists
        ],
        "verified": {
            "overall": score.verified_overall,
            "rating": score.verified_rating.value if score.verified_rating else None,
            "critical_gaps": list(score.verified_critical_gaps)
            if score.verified_critical_gaps is not None
            else None,
            # Verification coverage: of the items the score is summed over, how many have a
            # verdict. The verified score keeps the self-reported value of every other item.
            "items": score.scored_items,
            "verified_items": score.verified_items,
        },
        "gaps": [_gap(gap) for gap in score.gaps],
        "crosswalk": _coverage(score.crosswalk),
        "screening": None,
    }
    if readout.screening is not None:
        result = readout.screening
        screening_score = next((c for c in score.checklists if c.kind is Kind.SCREENING), None)
        payload["screening"] = {
            # Until every visible question is answered the result is provisional: pages show
            # "3 of 31 answered" instead of a verdict.
            "complete": screening_score is None
            or screening_score.answered >= screening_score.required,
            "answered": screening_score.answered if screening_score else 0,
            "questions": screening_score.required if screening_score else 0,
            "high_impact": result.high_impact,
            "significant": result.significant,
            "areas": list(result.areas),
            "act_areas": list(result.act_areas),
            "high_risk_areas": list(result.high_risk_areas),
            "impact_share": result.impact_share,
            "mitigation_share": result.mitigation_share,
            "adjusted_share": result.adjusted_share,
            "impact_level": result.impact_level,
            "impact_level_label": IMPACT_NUMERALS.get(result.impact_level or 0),
            # "Not significant" at impact level III or IV: the reason given, or a warning that
            # it is missing (submit waits for it).
            "rationale_required": result.rationale_required,
            "rationale": result.rationale,
            "rationale_missing": result.rationale_missing,
            "applicable": list(readout.applicable),
        }
    if readout.evaluation is not None:
        evaluation = readout.evaluation
        payload["evaluation"] = {
            "outcome": evaluation.outcome.value if evaluation.outcome else None,
            "total": evaluation.total,
            "rated": evaluation.rated,
            "criteria": evaluation.criteria,
            "groups": [{"code": g.code, "score": g.score} for g in evaluation.groups],
            "below_three": list(evaluation.below_three),
            "critical_below_three": list(evaluation.critical_below_three),
        }
        # Only when present, so the figures of a 1.x evaluation read exactly as before.
        if evaluation.not_evaluated:
            payload["evaluation"]["not_evaluated"] = list(evaluation.not_evaluated)
        if evaluation.out_of_scope:
            payload["evaluation"]["out_of_scope"] = list(evaluation.out_of_scope)
    return payload
