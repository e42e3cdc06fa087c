"""The AI system register: one row per AI system of a company, in a fixed number of queries.

Every figure comes from where the rest of the app takes it: scores and the screening from
``assessments.selectors.scores_of`` (through ``assessments.readouts.score_payload``), the
evaluation's validity from ``reports.validity.current_evaluations``; only the duties are derived
here (``portfolio.duties``). However many systems the company has, a register costs the same
queries: the systems with their latest assessment's id, those assessments, the six of
``scores_of``, the screening links and answers the duties read, and the current evaluations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.http import Http404
from django.utils import timezone

from assessments.choices import COMPANY_ROLES
from assessments.models import AISystem, Answer, Assessment, AssessmentChecklist, Membership
from assessments.models import Organization as Organisation
from assessments.readouts import score_payload
from assessments.selectors import scores_of
from checklists.schema import Kind
from checklists.selectors import document_for
from portfolio.duties import SHIPPED_ITEMS, DutyStatus, Screening, duties_of
from reports.models import Report
from reports.validity import current_evaluations

EXPIRING_WITHIN_DAYS = 90
"""A valid evaluation that ends within this many days counts as "expiring" in the register."""


@dataclass(frozen=True, slots=True)
class ActionCounts:
    """Open and overdue remediation actions of one system (``remediation`` fills these in)."""

    open: int = 0
    overdue: int = 0


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One AI system as the register shows it; every key a filter or a sort reads is here."""

    system: AISystem
    assessment: Assessment | None
    figures: dict[str, Any] | None
    high_impact: str  # yes | no | pending (screening not finished) | none (never screened)
    areas: tuple[str, ...]
    act_areas: tuple[str, ...]
    impact_level: int | None
    duties: dict[str, DutyStatus]
    score: float | None
    rating: str | None
    verified: float | None
    verified_items: int | None
    scored_items: int | None
    report: Report | None
    outcome: str | None
    validity: str  # valid | expiring | expired | none
    valid_until: datetime | None
    days_left: int | None
    actions: ActionCounts | None = field(default=None)

    @property
    def system_id(self) -> int:
        return int(self.system.pk)

    @property
    def is_verified(self) -> bool:
        return self.verified is not None


def organisation_for(user: Any, organisation_id: int | None = None) -> Organisation:
    """The company whose register ``user`` reads: the one asked for, if the user is one of its
    owners, members or viewers, else the user's first company. Anyone else: 404 (an
    evaluation body's people, another company's, or a user with no company at all)."""
    memberships = Membership.objects.filter(
        user_id=getattr(user, "pk", None) or 0, role__in=COMPANY_ROLES
    ).select_related("organization")
    if organisation_id is not None:
        memberships = memberships.filter(organization_id=organisation_id)
    found = memberships.order_by("pk").first()
    if found is None:
        raise Http404
    return found.organization


def systems_of(organisation: Organisation) -> QuerySet[AISystem]:
    """The company's systems, each with the id of its newest assessment (one query)."""
    newest = Assessment.objects.filter(system=OuterRef("pk")).order_by("-created_at", "-pk")
    return AISystem.objects.filter(organization=organisation).annotate(
        latest_assessment_id=Subquery(newest.values("pk")[:1])
    )


def _screenings(
    assessments: Sequence[Assessment],
) -> dict[int, tuple[frozenset[str], dict[str, Any]]]:
    """Assessment id → (item codes its screening asks, its answers to the questions the duties
    read): two queries."""
    links = AssessmentChecklist.objects.filter(
        assessment_id__in=[a.pk for a in assessments],
        version__checklist__kind=Kind.SCREENING.value,
    ).select_related("version__checklist")
    codes: dict[int, frozenset[str]] = {}
    versions: dict[int, int] = {}
    for link in links:
        document = document_for(link.version)
        codes[link.assessment_id] = frozenset(item.code for _s, item in document.items())
        versions[link.assessment_id] = link.version_id
    wanted = sorted({code for items in SHIPPED_ITEMS for code in items.codes})
    answers: dict[int, dict[str, Any]] = defaultdict(dict)
    if versions and wanted:
        for answer in Answer.objects.filter(
            assessment_id__in=list(versions),
            checklist_version_id__in=set(versions.values()),
            item_code__in=wanted,
        ):
            if versions.get(answer.assessment_id) == answer.checklist_version_id:
                answers[answer.assessment_id][answer.item_code] = answer.value
    return {pk: (codes[pk], answers[pk]) for pk in codes}


def _evaluations(organisation: Organisation) -> dict[int, Report]:
    """System id → its current (not superseded) evaluation report, the newest: one query. The
    outcome is read from the report's data in the database, without loading the data."""
    reports = (
        current_evaluations()
        .filter(assessment__system__organization=organisation)
        .annotate(
            system_pk=F("assessment__system_id"),
            outcome=KT("data__scores__evaluation__outcome"),
        )
        .defer("data")
        .order_by("-issued_at", "-pk")
    )
    found: dict[int, Report] = {}
    for report in reports:
        found.setdefault(int(report.system_pk), report)
    return found


def _validity(report: Report | None, now: datetime) -> tuple[str, datetime | None, int | None]:
    if report is None or report.valid_until is None:
        return "none", None, None
    until = report.valid_until
    days = (until - now).days
    if until <= now:
        return "expired", until, days
    if until <= now + timedelta(days=EXPIRING_WITHIN_DAYS):
        return "expiring", until, days
    return "valid", until, days


def _high_impact(screening: dict[str, Any] | None) -> str:
    if screening is None:
        return "none"
    if not screening["complete"]:
        return "pending"
    return "yes" if screening["high_impact"] else "no"


def register_rows(
    organisation: Organisation,
    *,
    systems: QuerySet[AISystem] | None = None,
    actions: dict[int, ActionCounts] | None = None,
    now: datetime | None = None,
) -> list[RegisterRow]:
    """Every system of ``organisation`` (or of ``systems``, a part of ``systems_of``) as a
    register row, in name order. ``actions`` maps system id → open/overdue action counts."""
    now = now or timezone.now()
    found = list((systems if systems is not None else systems_of(organisation)).order_by("name"))
    newest = {s.pk: getattr(s, "latest_assessment_id", None) for s in found}
    latest_ids = [pk for pk in newest.values() if pk]
    latest = {a.pk: a for a in Assessment.objects.filter(pk__in=latest_ids)} if latest_ids else {}
    readouts = scores_of(list(latest.values()))
    screenings = _screenings(list(latest.values())) if latest else {}
    reports = _evaluations(organisation)
    rows = []
    for system in found:
        assessment = latest.get(newest[system.pk] or 0)
        figures = score_payload(readouts[assessment.pk]) if assessment is not None else None
        screening = (figures or {}).get("screening")
        codes, answers = (
            screenings.get(assessment.pk, (frozenset(), {}))
            if assessment
            else (
                frozenset(),
                {},
            )
        )
        duties = duties_of(
            generative=system.generative,
            screening=Screening(
                complete=screening["complete"],
                high_impact=screening["high_impact"],
                answers=answers,
                item_codes=codes,
            )
            if screening is not None
            else None,
        )
        report = reports.get(system.pk)
        validity, until, days = _validity(report, now)
        verified = (figures or {}).get("verified") or {}
        rows.append(
            RegisterRow(
                system=system,
                assessment=assessment,
                figures=figures,
                high_impact=_high_impact(screening),
                areas=tuple((screening or {}).get("areas", ())),
                act_areas=tuple((screening or {}).get("act_areas", ())),
                impact_level=(screening or {}).get("impact_level")
                if screening and screening["complete"]
                else None,
                duties=duties,
                score=(figures or {}).get("overall"),
                rating=(figures or {}).get("rating"),
                verified=verified.get("overall"),
                verified_items=verified.get("verified_items"),
                scored_items=verified.get("items"),
                report=report,
                outcome=getattr(report, "outcome", None) if report is not None else None,
                validity=validity,
                valid_until=until,
                days_left=days,
                actions=(actions or {}).get(system.pk, ActionCounts())
                if actions is not None
                else None,
            )
        )
    return rows
