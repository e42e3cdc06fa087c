"""Reads for assessments: scoped querysets, answers by item, and scores computed from them.

Every function here costs a fixed number of queries, however many items or answers there are:
documents come from the per-version cache, answers and verdicts in one query each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from assessments import scoring
from assessments.choices import BODY_ROLES, COMPANY_EDITORS, COMPANY_ROLES, Role
from assessments.models import (
    AISystem,
    Answer,
    Assessment,
    AssessmentChecklist,
    CriterionRating,
    ItemVerdict,
    Membership,
    Organization,
    Revision,
)
from checklists.applicability import shipped_rules
from checklists.models import ChecklistVersion
from checklists.schema import ChecklistDocument, Kind
from checklists.selectors import document_for


def role_in(user: Any, organization: Organization | int | None) -> Role | None:
    """The user's role in an organisation, or None."""
    if organization is None or not getattr(user, "is_authenticated", False):
        return None
    org_id = organization if isinstance(organization, int) else organization.pk
    role = (
        Membership.objects.filter(user=user, organization_id=org_id)
        .values_list("role", flat=True)
        .first()
    )
    return Role(role) if role else None


def company_of(user: Any) -> Organization | None:
    """The company a user belongs to (the first, when several)."""
    membership = (
        Membership.objects.filter(user=user, role__in=COMPANY_ROLES)
        .select_related("organization")
        .order_by("pk")
        .first()
    )
    return membership.organization if membership else None


def systems_visible_to(user: Any) -> QuerySet[AISystem]:
    if not getattr(user, "is_authenticated", False):
        return AISystem.objects.none()
    companies = Membership.objects.filter(user=user, role__in=COMPANY_ROLES).values("organization")
    return AISystem.objects.filter(organization__in=companies).select_related("organization")


def evaluation_bodies() -> QuerySet[Organization]:
    return Organization.objects.filter(kind="evaluation_body").order_by("name")


def assessments_visible_to(user: Any) -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(user).select_related(
        "system__organization", "evaluation_body", "claimed_by"
    )


def is_company_editor(user: Any, assessment: Assessment) -> bool:
    return role_in(user, assessment.system.organization_id) in COMPANY_EDITORS


def is_body_member(user: Any, assessment: Assessment) -> bool:
    return (
        assessment.evaluation_body_id is not None
        and role_in(user, assessment.evaluation_body_id) in BODY_ROLES
    )


@dataclass(frozen=True, slots=True)
class Applied:
    """A checklist version applying to an assessment, with its parsed document."""

    link: AssessmentChecklist
    version: ChecklistVersion
    document: ChecklistDocument

    @property
    def label(self) -> str:
        return f"{self.document.slug}@{self.document.version}"


def applied_checklists(assessment: Assessment) -> list[Applied]:
    """The applicable checklist versions in order (screening first): one query."""
    links = AssessmentChecklist.objects.filter(assessment=assessment).select_related(
        "version__checklist"
    )
    return [Applied(link, link.version, document_for(link.version)) for link in links]


def answers_by_version(assessment: Assessment) -> dict[int, dict[str, Answer]]:
    """All answers of an assessment: checklist version id → item code → answer (one query)."""
    found: dict[int, dict[str, Answer]] = defaultdict(dict)
    for answer in Answer.objects.filter(assessment=assessment):
        found[answer.checklist_version_id][answer.item_code] = answer
    return found


def verdicts_by_version(assessment: Assessment) -> dict[int, dict[str, ItemVerdict]]:
    found: dict[int, dict[str, ItemVerdict]] = defaultdict(dict)
    for verdict in ItemVerdict.objects.filter(assessment=assessment):
        found[verdict.checklist_version_id][verdict.item_code] = verdict
    return found


def answer_values(answers: Mapping[str, Answer]) -> dict[str, scoring.AnswerValue]:
    return {code: answer.value for code, answer in answers.items()}


@dataclass(frozen=True, slots=True)
class ScoreReadout:
    score: scoring.AssessmentScore
    screening: scoring.ScreeningResult | None
    applicable: tuple[str, ...]
    evaluation: scoring.EvaluationResult | None


def screening_of(
    applied: list[Applied], answers: Mapping[int, Mapping[str, Answer]]
) -> scoring.ScreeningResult | None:
    rules = shipped_rules()
    for entry in applied:
        if entry.document.kind == Kind.SCREENING:
            return scoring.screen(
                entry.document,
                answer_values(answers.get(entry.version.pk, {})),
                significance_item=rules.significance_item,
            )
    return None


def _revision_checklists(revision: Revision) -> list[tuple[int, ChecklistDocument]]:
    """The checklist versions a revision was submitted with, in its order: one query."""
    labels = list(revision.checklists)
    slugs = {label.split("@", 1)[0] for label in labels}
    versions = {
        v.label: v
        for v in ChecklistVersion.objects.filter(checklist__slug__in=slugs).select_related(
            "checklist"
        )
    }
    return [(versions[label].pk, document_for(versions[label])) for label in labels]


def score_of(assessment: Assessment, *, revision: Revision | None = None) -> ScoreReadout:
    """Self-reported and verified scores, the screening and the evaluation, in five queries.

    Without ``revision``: the assessment's answers as they stand (the draft being edited). With
    it: the answers and checklists frozen in that revision. The evaluator's verdicts and ratings
    are the assessment's either way (one per item, kept across revisions). While the assessment
    cannot be edited its answers are those of its latest revision, so both agree; every page,
    API and report reads its figures through here (``assessments.readouts.figures_of``).
    """
    if revision is None:
        applied = [(entry.version.pk, entry.document) for entry in applied_checklists(assessment)]
        answers: dict[int, dict[str, scoring.AnswerValue]] = {
            pk: answer_values(given) for pk, given in answers_by_version(assessment).items()
        }
    else:
        applied = _revision_checklists(revision)
        answers = {
            pk: {
                code: entry["value"]
                for code, entry in revision.answers.get(
                    f"{document.slug}@{document.version}", {}
                ).items()
            }
            for pk, document in applied
        }
    verdicts = verdicts_by_version(assessment)
    has_verdicts = any(verdicts.values())
    inputs: list[scoring.ChecklistAnswers] = []
    for pk, document in applied:
        given = verdicts.get(pk, {})
        inputs.append(
            (
                document,
                answers.get(pk, {}),
                {code: scoring.Verdict(v.verdict) for code, v in given.items()}
                if has_verdicts
                else None,
            )
        )
    evaluation = None
    if assessment.evaluation_version_id is not None:
        ratings = CriterionRating.objects.filter(assessment=assessment)
        if ratings:
            assert assessment.evaluation_version is not None
            rated: dict[str, int | scoring.NAType] = {
                r.criterion: (scoring.NA if r.rating is None else r.rating) for r in ratings
            }
            evaluation = scoring.evaluate(document_for(assessment.evaluation_version), rated)
    return ScoreReadout(
        score=scoring.score_assessment(inputs),
        screening=_screening(applied, answers),
        applicable=tuple(f"{document.slug}@{document.version}" for _pk, document in applied),
        evaluation=evaluation,
    )


def _screening(
    applied: list[tuple[int, ChecklistDocument]],
    answers: Mapping[int, Mapping[str, scoring.AnswerValue]],
) -> scoring.ScreeningResult | None:
    rules = shipped_rules()
    for pk, document in applied:
        if document.kind == Kind.SCREENING:
            return scoring.screen(
                document, answers.get(pk, {}), significance_item=rules.significance_item
            )
    return None
