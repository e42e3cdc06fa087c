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
from assessments.models import Assessment
from tests.assessments.conftest import SCREENING_ANSWERS
from tests.assessments.test_query_counts import Sized, build, value_for
from tests.factories import SystemFactory, sign_in

COMPANY_PAGES = {
    "dashboard": lambda s: "/app/",
    "overview": lambda s: f"/app/assessments/{s.assessment.pk}/",
    "fill": lambda s: f"/app/assessments/{s.assessment.pk}/fill/{s.slug}/",
    "submit": lambda s: f"/app/assessments/{s.assessment.pk}/submit/",
    "diff": lambda s: f"/app/assessments/{s.assessment.pk}/diff/",
    "export": lambda s: f"/app/assessments/{s.assessment.pk}/export.xlsx",
    "reports": lambda s: f"/app/assessments/{s.assessment.pk}/reports/",
}
EVALUATOR_PAGES = {
    "queue": lambda s: "/app/queue/",
    "overview": lambda s: f"/app/assessments/{s.assessment.pk}/",
    "review": lambda s: f"/app/assessments/{s.assessment.pk}/review/{s.slug}/",
    "rubric": lambda s: f"/app/assessments/{s.assessment.pk}/evaluation/",
    "reports": lambda s: f"/app/assessments/{s.assessment.pk}/reports/",
}
WRITES = ("INSERT", "UPDATE", "DELETE")


def page_counts(sized: Sized) -> dict[str, int]:
    counts: dict[str, int] = {}
    for who, pages in (("owner", COMPANY_PAGES), ("evaluator", EVALUATOR_PAGES)):
        client = Client()
        sign_in(client, getattr(sized, who))
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
