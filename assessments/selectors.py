"""Reads for assessments: scoped querysets, answers by item, and scores computed from them.

Every function here costs a fixed number of queries, however many items or answers there are:
documents come from the per-version cache, answers and verdicts in one query each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from assessments import scoring
from assessments.choices import BODY_ROLES, COMPANY_ROLES, Role, Status
from assessments.choices import CriterionState as CriterionStateChoice
from assessments.models import (
    AISystem,
    Answer,
    Assessment,
    AssessmentChecklist,
    AuditEvent,
    CriterionRating,
    Evidence,
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


def current_answers(assessment: Assessment) -> QuerySet[Answer]:
    """The answers in force: not those an upgrade left on a version the assessment moved away
    from (dropped answers, kept for the record). Answers of a checklist that no longer applies
    at all stay listed (they return if it applies again)."""
    links = AssessmentChecklist.objects.filter(assessment=assessment)
    return Answer.objects.filter(assessment=assessment).exclude(
        Q(checklist_version__checklist__in=links.values("version__checklist"))
        & ~Q(checklist_version__in=links.values("version"))
    )


def sees_submitted_revision(user: Any, assessment: Assessment) -> bool:
    """Whether ``user`` reads the last submitted revision rather than the live answers: a member
    of the evaluation body while the company edits (changes requested). In every other state
    after a submission the answers are locked, so live and submitted are the same."""
    return (
        assessment.status == Status.CHANGES_REQUESTED
        and is_body_member(user, assessment)
        and not is_company_member(user, assessment)
    )


def applied_seen_by(user: Any, assessment: Assessment) -> list[Applied]:
    """``applied_checklists`` as ``user`` reads them: for the evaluation body while the company
    edits, the versions of the last submitted revision (the company may have moved a checklist to
    a newer version since, ``services.assessment_upgrade``); the current ones otherwise."""
    applied = applied_checklists(assessment)
    if not sees_submitted_revision(user, assessment):
        return applied
    revision = Revision.objects.filter(assessment=assessment, number=assessment.revision).first()
    if revision is None:
        return applied
    submitted = {label.split("@")[0]: label for label in revision.checklists}
    moved = {e.document.slug for e in applied if submitted.get(e.document.slug, e.label) != e.label}
    if not moved:
        return applied
    versions = {
        v.label: v
        for v in ChecklistVersion.objects.filter(checklist__slug__in=moved).select_related(
            "checklist"
        )
    }
    result = []
    for entry in applied:
        version = versions.get(submitted.get(entry.document.slug, ""))
        if entry.document.slug in moved and version is not None:
            entry = Applied(entry.link, version, document_for(version))
        result.append(entry)
    return result


def is_company_member(user: Any, assessment: Assessment) -> bool:
    return role_in(user, assessment.system.organization_id) in COMPANY_ROLES


def answers_seen_by(user: Any, assessment: Assessment) -> dict[int, dict[str, Answer]]:
    """``answers_by_version`` as ``user`` may read it: the submitted revision for the body while
    the company edits, the live answers otherwise."""
    if sees_submitted_revision(user, assessment):
        return answers_as_submitted(assessment)
    return answers_by_version(assessment)


def evidence_seen_by(user: Any, assessment: Assessment) -> QuerySet[Evidence]:
    """The evidence files ``user`` may read: for the evaluation body while the company edits,
    those attached when the last revision was submitted (removed ones included, later uploads
    not); for everyone else the files attached now."""
    if sees_submitted_revision(user, assessment):
        submitted_at = (
            Revision.objects.filter(assessment=assessment, number=assessment.revision)
            .values_list("created_at", flat=True)
            .first()
        )
        if submitted_at is not None:
            return Evidence.history.filter(assessment=assessment).as_of(submitted_at)
    return Evidence.objects.filter(assessment=assessment)


def score_seen_by(user: Any, assessment: Assessment) -> ScoreReadout:
    """``score_of`` as ``user`` may read it (see ``answers_seen_by``): of the last submitted
    revision for the evaluation body while the company edits, of the live answers otherwise."""
    if sees_submitted_revision(user, assessment):
        revision = Revision.objects.filter(
            assessment=assessment, number=assessment.revision
        ).first()
        if revision is not None:
            return score_of(assessment, revision=revision)
    return score_of(assessment)


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
    """Item code → value; a comment kept without an answer yet (value None) is unanswered."""
    return {code: answer.value for code, answer in answers.items() if answer.value is not None}


def progress_of(
    assessment: Assessment,
    applied: list[Applied] | None = None,
    answers: Mapping[int, Mapping[str, Answer]] | None = None,
) -> dict[int, scoring.ChecklistProgress]:
    """Checklist version id → progress and what is missing before a submit (two queries).

    The one rule for the progress bars and the submit check (``scoring.checklist_progress``).
    """
    applied = applied_checklists(assessment) if applied is None else applied
    answers = answers_by_version(assessment) if answers is None else answers
    with_evidence: dict[int, set[str]] = defaultdict(set)
    for version_id, code in Evidence.objects.filter(assessment=assessment).values_list(
        "checklist_version_id", "item_code"
    ):
        with_evidence[version_id].add(code)
    result: dict[int, scoring.ChecklistProgress] = {}
    referred = scoring.referrals(entry.document for entry in applied)
    for entry in applied:
        given = answers.get(entry.version.pk, {})
        result[entry.version.pk] = scoring.checklist_progress(
            entry.document,
            answer_values(given),
            {code: answer.comment for code, answer in given.items()},
            with_evidence[entry.version.pk],
            {code for code, answer in given.items() if answer.review_reason},
            referred.get(entry.document.slug, {}),
        )
    return result


@dataclass(frozen=True, slots=True)
class ScoreReadout:
    score: scoring.AssessmentScore
    screening: scoring.ScreeningResult | None
    applicable: tuple[str, ...]
    evaluation: scoring.EvaluationResult | None


def screening_of(
    applied: list[Applied], answers: Mapping[int, Mapping[str, Answer]]
) -> scoring.ScreeningResult | None:
    return _screening(
        [(entry.version.pk, entry.document) for entry in applied],
        {pk: answer_values(given) for pk, given in answers.items()},
    )


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
    """Self-reported and verified scores, the screening and the evaluation, in a few queries.

    Without ``revision``: the assessment's answers as they stand (the draft being edited). With
    it: the answers and checklists frozen in that revision. The evaluator's verdicts and ratings
    are the assessment's either way (one per item, kept across revisions). While the assessment
    cannot be edited its answers are those of its latest revision, so both agree; every page,
    API and report reads its figures through here (``assessments.readouts.figures_of``).
    """
    if revision is None:
        return scores_of([assessment])[assessment.pk]
    applied = _revision_checklists(revision)
    answers = {
        pk: {
            code: entry["value"]
            for code, entry in revision.answers.get(
                f"{document.slug}@{document.version}", {}
            ).items()
            if entry.get("value") is not None
        }
        for pk, document in applied
    }
    evaluation_document = None
    ratings: list[CriterionRating] = []
    if assessment.evaluation_version_id is not None:
        ratings = list(CriterionRating.objects.filter(assessment=assessment))
        if ratings:
            assert assessment.evaluation_version is not None
            evaluation_document = document_for(assessment.evaluation_version)
    return _readout(
        applied,
        answers,
        verdicts_by_version(assessment),
        ratings,
        evaluation_document,
        out_of_scope(assessment),
    )


def scores_of(assessments: Sequence[Assessment]) -> dict[int, ScoreReadout]:
    """The read-outs of several assessments as they stand (assessment id → read-out) in at most
    six queries, however many there are: checklist links, their versions, answers, verdicts,
    ratings and the rubric versions, each fetched once for all of them."""
    if not assessments:
        return {}
    ids = [a.pk for a in assessments]
    links: dict[int, list[AssessmentChecklist]] = defaultdict(list)
    for link in AssessmentChecklist.objects.filter(assessment_id__in=ids).order_by(
        "assessment_id", "position"
    ):
        links[link.assessment_id].append(link)
    version_ids = {link.version_id for found in links.values() for link in found}
    rated_ids = [a.pk for a in assessments if a.evaluation_version_id is not None]
    ratings: dict[int, list[CriterionRating]] = defaultdict(list)
    if rated_ids:
        for rating in CriterionRating.objects.filter(assessment_id__in=rated_ids):
            ratings[rating.assessment_id].append(rating)
        version_ids |= {
            a.evaluation_version_id
            for a in assessments
            if a.evaluation_version_id is not None and ratings[a.pk]
        }
    versions = {
        v.pk: v
        for v in ChecklistVersion.objects.filter(pk__in=version_ids).select_related("checklist")
    }
    # Values only, no Answer rows: a register reads hundreds of assessments at once.
    answers: dict[int, dict[int, dict[str, scoring.AnswerValue]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for assessment_id, version_id, code, value in Answer.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "checklist_version_id", "item_code", "value"):
        if value is not None:  # a comment kept without an answer yet is unanswered
            answers[assessment_id][version_id][code] = value
    verdicts: dict[int, dict[int, dict[str, ItemVerdict]]] = defaultdict(lambda: defaultdict(dict))
    for verdict in ItemVerdict.objects.filter(assessment_id__in=ids):
        verdicts[verdict.assessment_id][verdict.checklist_version_id][verdict.item_code] = verdict
    readouts: dict[int, ScoreReadout] = {}
    for assessment in assessments:
        applied: list[tuple[int, ChecklistDocument]] = []
        for link in links[assessment.pk]:
            link.version = versions[link.version_id]
            applied.append((link.version_id, document_for(link.version)))
        given = answers[assessment.pk]
        evaluation_version = assessment.evaluation_version_id
        readouts[assessment.pk] = _readout(
            applied,
            {pk: dict(given.get(pk, {})) for pk, _document in applied},
            verdicts[assessment.pk],
            ratings[assessment.pk],
            document_for(versions[evaluation_version])
            if evaluation_version is not None and ratings[assessment.pk]
            else None,
            out_of_scope(assessment),
        )
    return readouts


def _readout(
    applied: list[tuple[int, ChecklistDocument]],
    answers: Mapping[int, Mapping[str, scoring.AnswerValue]],
    verdicts: Mapping[int, Mapping[str, ItemVerdict]],
    ratings: list[CriterionRating],
    evaluation_document: ChecklistDocument | None,
    excluded: Sequence[str] = (),
) -> ScoreReadout:
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
    if evaluation_document is not None and ratings:
        rated = {r.criterion: criterion_state(r) for r in ratings}
        evaluation = scoring.evaluate(evaluation_document, rated, excluded)
    return ScoreReadout(
        score=scoring.score_assessment(inputs),
        screening=_screening(applied, answers),
        applicable=tuple(f"{document.slug}@{document.version}" for _pk, document in applied),
        evaluation=evaluation,
    )


def criterion_state(row: CriterionRating) -> scoring.CriterionState:
    """A stored rating as the rubric reads it: its level, NA or NOT_EVALUATED."""
    if row.state == CriterionStateChoice.NOT_EVALUATED:
        return scoring.NOT_EVALUATED
    if row.state == CriterionStateChoice.NOT_APPLICABLE or row.rating is None:
        return scoring.NA
    return row.rating


def out_of_scope(assessment: Assessment) -> tuple[str, ...]:
    """The criteria the evaluator's scoping step left out (none before the step was taken)."""
    scope = assessment.evaluation_scope or {}
    return tuple(scope.get("excluded", ()))


def _screening(
    applied: list[tuple[int, ChecklistDocument]],
    answers: Mapping[int, Mapping[str, scoring.AnswerValue]],
) -> scoring.ScreeningResult | None:
    for pk, document in applied:
        if document.kind == Kind.SCREENING:
            rules = shipped_rules(document.version)  # the rule set of this screening's version
            return scoring.screen(
                document,
                answers.get(pk, {}),
                significance_item=rules.significance_item,
                rationale_item=rules.rationale.item if rules.rationale else None,
                rationale_from_level=rules.rationale.from_level if rules.rationale else 3,
            )
    return None


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
