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
from assessments.choices import BODY_ROLES, COMPANY_EDITORS, COMPANY_ROLES, Role, Status
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


def sees_submitted_revision(user: Any, assessment: Assessment) -> bool:
    """Whether ``user`` reads the last submitted revision rather than the live answers: a member
    of the evaluation body while the company edits (changes requested). In every other state
    after a submission the answers are locked, so live and submitted are the same."""
    return (
        assessment.status == Status.CHANGES_REQUESTED
        and is_body_member(user, assessment)
        and not is_company_member(user, assessment)
    )


def is_company_member(user: Any, assessment: Assessment) -> bool:
    return role_in(user, assessment.system.organization_id) in COMPANY_ROLES


def answers_seen_by(user: Any, assessment: Assessment) -> dict[int, dict[str, Answer]]:
    """``answers_by_version`` as ``user`` may read it: the submitted revision for the body while
    the company edits, the live answers otherwise."""
    if sees_submitted_revision(user, assessment):
        return answers_as_submitted(assessment)
    return answers_by_version(assessment)


def score_seen_by(user: Any, assessment: Assessment) -> ScoreReadout:
    """``score_of`` as ``user`` may read it (see ``answers_seen_by``)."""
    return score_of(assessment, as_submitted=sees_submitted_revision(user, assessment))


def answers_as_submitted(assessment: Assessment) -> dict[int, dict[str, Answer]]:
    """The answers of the last submitted revision, shaped like ``answers_by_version``: the live
    row where it is unchanged since, else the submitted value, comment and version (an unsaved
    ``Answer``, attributed to the submitter at the submission time); none added since."""
    revision = (
        Revision.objects.select_related("submitted_by")
        .filter(assessment=assessment, number=assessment.revision)
        .first()
    )
    if revision is None:
        return {}
    live = answers_by_version(assessment)
    versions = {
        f"{v.checklist.slug}@{v.version}": v.pk
        for v in ChecklistVersion.objects.filter(
            checklist__slug__in=[label.split("@")[0] for label in revision.answers]
        ).select_related("checklist")
    }
    found: dict[int, dict[str, Answer]] = defaultdict(dict)
    for label, items in revision.answers.items():
        version_pk = versions.get(label)
        if version_pk is None:
            continue
        for code, submitted in items.items():
            current = live.get(version_pk, {}).get(code)
            if current is not None and current.version == submitted["version"]:
                found[version_pk][code] = current
                continue
            found[version_pk][code] = Answer(
                pk=current.pk if current is not None else None,
                assessment=assessment,
                checklist_version_id=version_pk,
                item_code=code,
                value=submitted["value"],
                comment=submitted["comment"],
                version=submitted["version"],
                updated_by=revision.submitted_by,
                updated_at=revision.created_at,
            )
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


def score_of(assessment: Assessment, *, as_submitted: bool = False) -> ScoreReadout:
    """Self-reported and verified scores, the screening and the evaluation, in five queries.

    ``as_submitted``: of the last submitted revision's answers (what the evaluation body reads
    while the company edits, see ``sees_submitted_revision``)."""
    applied = applied_checklists(assessment)
    answers = answers_as_submitted(assessment) if as_submitted else answers_by_version(assessment)
    if as_submitted:
        submitted = {version_pk for version_pk in answers}
        applied = [entry for entry in applied if entry.version.pk in submitted]
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
