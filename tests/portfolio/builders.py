"""Registers of many systems for the query-count tests and the benchmark.

One system is assessed for real (services: answers, submit, review, approval, an evaluation
report rendered to PDF); ``clone_systems`` then copies its rows in bulk to ``n`` more systems of
the company: the systems, their assessments with the checklist links, answers and verdicts, and
the evaluation report's row (its stored PDF shared), each with its own code. So every copy is a
system the register must read whole, at the cost of a few bulk inserts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assessments.models import (
    AISystem,
    Answer,
    Assessment,
    AssessmentChecklist,
    CriterionRating,
    ItemVerdict,
    Revision,
)
from reports import services as report_services
from reports.models import Report, new_code
from tests.assessments.conftest import World

TEMPLATE_NAME = "Template system"


def evaluated_system(world: World, name: str = TEMPLATE_NAME) -> Report:
    """A system of ``world.company`` reviewed, approved and given an evaluation report."""
    from tests.factories import SystemFactory
    from tests.reports.conftest import decide

    system = SystemFactory(organization=world.company, name=name, created_by=world.users["owner"])
    assessment = decide(replace(world, system=system))
    report = report_services.report_issue(
        actor=world.users["evaluator"], assessment=assessment, kind="evaluation", language="en"
    )
    report.refresh_from_db()
    assert report.status == "ready", report.error
    return report


def _copy(row: Any, **changes: Any) -> Any:
    fields = {
        f.attname: getattr(row, f.attname)
        for f in type(row)._meta.concrete_fields
        if f.attname != "id"
    }
    return type(row)(**(fields | changes))


def clone_systems(template: Report, n: int) -> list[AISystem]:
    """``n`` copies of the template report's system, each assessed and evaluated the same way."""
    source = template.assessment
    system = source.system
    start = AISystem.objects.filter(organization_id=system.organization_id).count()
    systems = AISystem.objects.bulk_create(
        _copy(system, name=f"{system.name} {i:04d}") for i in range(start, start + n)
    )
    assessments = Assessment.objects.bulk_create(_copy(source, system_id=s.pk) for s in systems)
    links = list(AssessmentChecklist.objects.filter(assessment=source))
    answers = list(Answer.objects.filter(assessment=source))
    verdicts = list(ItemVerdict.objects.filter(assessment=source))
    ratings = list(CriterionRating.objects.filter(assessment=source))
    revision = Revision.objects.get(assessment=source, number=source.revision)
    AssessmentChecklist.objects.bulk_create(
        _copy(link, assessment_id=a.pk) for a in assessments for link in links
    )
    Answer.objects.bulk_create(_copy(x, assessment_id=a.pk) for a in assessments for x in answers)
    ItemVerdict.objects.bulk_create(
        _copy(x, assessment_id=a.pk) for a in assessments for x in verdicts
    )
    CriterionRating.objects.bulk_create(
        _copy(x, assessment_id=a.pk) for a in assessments for x in ratings
    )
    revisions = Revision.objects.bulk_create(
        _copy(revision, assessment_id=a.pk) for a in assessments
    )
    Report.objects.bulk_create(
        _copy(
            template,
            code=new_code(template.issued_at.year),
            assessment_id=a.pk,
            revision_id=r.pk,
        )
        for a, r in zip(assessments, revisions, strict=True)
    )
    return systems
