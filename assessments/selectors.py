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
    AuditEvent,
    CriterionRating,
    ItemVerdict,
    Membership,
    Organization,
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


def score_of(assessment: Assessment) -> ScoreReadout:
    """Self-reported and verified scores, the screening and the evaluation, in five queries."""
    applied = applied_checklists(assessment)
    answers = answers_by_version(assessment)
    verdicts = verdicts_by_version(assessment)
    has_verdicts = any(verdicts.values())
    inputs: list[scoring.ChecklistAnswers] = []
    for entry in applied:
        given = verdicts.get(entry.version.pk, {})
        inputs.append(
            (
                entry.document,
                answer_values(answers.get(entry.version.pk, {})),
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
        screening=screening_of(applied, answers),
        applicable=tuple(entry.label for entry in applied),
        evaluation=evaluation,
    )


# --- What the evaluator asked (issue 16 item 6): read by the overview and the fill page --------

ASKED_VERDICTS = ("not_confirmed", "needs_evidence", "partially_confirmed")


@dataclass(frozen=True, slots=True)
class AskedItem:
    """An item the evaluator did not confirm, with where to find it."""

    checklist: str  # slug
    section: str
    item: str
    text: str
    verdict: ItemVerdict


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    """The evaluator's request for changes: their full comment and the items they flagged."""

    comment: str
    actor: str
    at: Any
    items: list[AskedItem]


def change_request_of(assessment: Assessment, language: str) -> ChangeRequest | None:
    """While changes are requested: the latest request's comment and every item not confirmed
    (not confirmed and needs evidence first, then partially confirmed). Three queries."""
    if assessment.status != "changes_requested":
        return None
    event = (
        AuditEvent.objects.filter(assessment=assessment, action="request_changes")
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    applied = applied_checklists(assessment)
    verdicts = ItemVerdict.objects.filter(
        assessment=assessment, verdict__in=ASKED_VERDICTS
    ).order_by("pk")
    found = {(v.checklist_version_id, v.item_code): v for v in verdicts}
    items: list[AskedItem] = []
    for entry in applied:
        for section, item in entry.document.items():
            verdict = found.get((entry.version.pk, item.code))
            if verdict is not None:
                items.append(
                    AskedItem(
                        checklist=entry.document.slug,
                        section=section.code,
                        item=item.code,
                        text=item.text.get(language),
                        verdict=verdict,
                    )
                )
    items.sort(key=lambda a: a.verdict.verdict == "partially_confirmed")
    return ChangeRequest(
        comment=event.comment if event else "",
        actor=(event.actor.get_full_name() or event.actor.username) if event else "",
        at=event.created_at if event else None,
        items=items,
    )
