"""No page's query count grows with the number of items: each page costs the same at 20 and at
300 items (both assessments fully answered, submitted, reviewed item by item)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.assessments.test_query_counts import Sized, build

COMPANY_PAGES = {
    "dashboard": lambda s: "/app/",
    "overview": lambda s: f"/app/assessments/{s.assessment.pk}/",
    "fill": lambda s: f"/app/assessments/{s.assessment.pk}/fill/{s.slug}/",
    "submit": lambda s: f"/app/assessments/{s.assessment.pk}/submit/",
    "diff": lambda s: f"/app/assessments/{s.assessment.pk}/diff/",
    "export": lambda s: f"/app/assessments/{s.assessment.pk}/export.xlsx",
}
EVALUATOR_PAGES = {
    "queue": lambda s: "/app/queue/",
    "overview": lambda s: f"/app/assessments/{s.assessment.pk}/",
    "review": lambda s: f"/app/assessments/{s.assessment.pk}/review/{s.slug}/",
    "rubric": lambda s: f"/app/assessments/{s.assessment.pk}/evaluation/",
}


def page_counts(sized: Sized) -> dict[str, int]:
    counts: dict[str, int] = {}
    for who, pages in (("owner", COMPANY_PAGES), ("evaluator", EVALUATOR_PAGES)):
        client = Client()
        client.force_login(getattr(sized, who))
        for name, url in pages.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url(sized))
            assert response.status_code == 200, (who, name, response.status_code)
            counts[f"{who}:{name}"] = len(queries)
    return counts


@pytest.mark.django_db
def test_pages_cost_the_same_at_20_and_300_items(tmp_path: Path, settings: Any) -> None:
    small = page_counts(build(20, tmp_path, settings))
    large = page_counts(build(300, tmp_path, settings))
    assert small == large
    assert max(small.values()) <= 40, small
