"""No page's query count grows with what it shows: each page costs the same at 20 and at 300 items
(both assessments fully answered, submitted, reviewed item by item), and the same with one
assessment as with twenty (the dashboard and the queue list them; the others must not notice).
No page's GET writes anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.choices import Role
from assessments.models import Assessment, Membership
from tests.assessments.conftest import SCREENING_ANSWERS
from tests.assessments.test_query_counts import Sized, build, value_for
from tests.factories import MembershipFactory, SystemFactory, UserFactory, sign_in

COMPANY_PAGES = {
    "dashboard": lambda s: "/app/",
    "overview": lambda s: f"/app/assessments/{s.assessment.pk}/",
    "fill": lambda s: f"/app/assessments/{s.assessment.pk}/fill/{s.slug}/",
    "submit": lambda s: f"/app/assessments/{s.assessment.pk}/submit/",
    "diff": lambda s: f"/app/assessments/{s.assessment.pk}/diff/",
    "export": lambda s: f"/app/assessments/{s.assessment.pk}/export.xlsx",
    "reports": lambda s: f"/app/assessments/{s.assessment.pk}/reports/",
    "team": lambda s: f"/app/team/{s.assessment.system.organization_id}/",
}
EVALUATOR_PAGES = {
    "queue": lambda s: "/app/queue/",
    "overview": lambda s: f"/app/assessments/{s.assessment.pk}/",
    "review": lambda s: f"/app/assessments/{s.assessment.pk}/review/{s.slug}/",
    "rubric": lambda s: f"/app/assessments/{s.assessment.pk}/evaluation/",
    "reports": lambda s: f"/app/assessments/{s.assessment.pk}/reports/",
    "team": lambda s: f"/app/team/{s.assessment.evaluation_body_id}/",
}
# A lead's queue carries an assignment form on every row; the team page its forms.
LEAD_PAGES = {
    "queue": lambda s: "/app/queue/",
    "team": lambda s: f"/app/team/{s.assessment.evaluation_body_id}/",
}
WRITES = ("INSERT", "UPDATE", "DELETE")


def lead_of(sized: Sized) -> Any:
    sized.assessment.refresh_from_db()
    user = UserFactory(username=f"lead-of-{sized.assessment.evaluation_body_id}")
    Membership.objects.get_or_create(
        user=user, organization_id=sized.assessment.evaluation_body_id, role=Role.LEAD
    )
    return user


def page_counts(sized: Sized) -> dict[str, int]:
    counts: dict[str, int] = {}
    lead = lead_of(sized)
    for who, pages in (
        ("owner", COMPANY_PAGES),
        ("evaluator", EVALUATOR_PAGES),
        ("lead", LEAD_PAGES),
    ):
        client = Client()
        sign_in(client, lead if who == "lead" else getattr(sized, who))
        for name, url in pages.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url(sized))
            assert response.status_code == 200, (who, name, response.status_code)
            writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
            assert writes == [], (who, name, writes)  # a GET writes nothing
            counts[f"{who}:{name}"] = len(queries)
    return counts


def add_assessments(sized: Sized, total: int) -> None:
    """More assessments of the same company, each on its own system, answered in full, submitted
    to the same body and claimed, until the company has ``total``."""
    company = sized.assessment.system.organization
    sized.assessment.refresh_from_db()
    body_id = sized.assessment.evaluation_body_id
    while (have := Assessment.objects.filter(system__organization=company).count()) < total:
        system = SystemFactory(
            organization=company, name=f"More {have}", domain="general", created_by=sized.owner
        )
        assessment = services.assessment_create(actor=sized.owner, system=system)
        services.answers_upsert(
            actor=sized.owner,
            assessment=assessment,
            answers=[
                services.AnswerInput(checklist=sized.slug, item=f"Q-{i:05d}", value=value_for(i))
                for i in range(sized.n)
            ]
            + [
                services.AnswerInput(checklist="t-screening", item=code, value=value)
                for code, value in SCREENING_ANSWERS.items()
            ],
        )
        services.assessment_submit(
            actor=sized.owner, assessment=assessment, evaluation_body=body_id
        )
        services.assessment_claim(actor=sized.evaluator, assessment=assessment)
        services.verdict_set(
            actor=sized.evaluator,
            assessment=assessment,
            checklist=sized.slug,
            item="Q-00000",
            verdict="not_confirmed",
            remark="see the file",
        )


@pytest.mark.django_db
def test_pages_cost_the_same_at_20_and_300_items(tmp_path: Path, settings: Any) -> None:
    small = page_counts(build(20, tmp_path, settings))
    large = page_counts(build(300, tmp_path, settings))
    assert small == large
    assert max(small.values()) <= 40, small


@pytest.mark.django_db
def test_pages_cost_the_same_with_1_and_20_assessments(tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    sized = build(20, tmp_path, settings)
    one = page_counts(sized)
    add_assessments(sized, 20)
    many = page_counts(sized)
    assert many == one
    assert max(one.values()) <= 40, one


@pytest.mark.django_db
def test_team_pages_cost_the_same_with_few_and_many_members(tmp_path: Path, settings: Any) -> None:
    """The team page lists members and invitations, the lead's queue offers every evaluator."""
    settings.MEDIA_ROOT = tmp_path / "media"
    sized = build(20, tmp_path, settings)
    few = page_counts(sized)
    company = sized.assessment.system.organization
    body = sized.assessment.evaluation_body
    for i in range(12):
        MembershipFactory(organization=company, role=Role.MEMBER)
        MembershipFactory(organization=body, role=Role.EVALUATOR)
        services.membership_invite(
            actor=sized.owner, organization=company, email=f"p{i}@example.com", role="viewer"
        )
    assert Membership.objects.filter(organization=body).count() == 14
    assert page_counts(sized) == few
