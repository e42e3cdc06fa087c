"""``seed_demo`` (what ``make run`` shows) works on a fresh database and again on a seeded one."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Membership


@pytest.mark.django_db
def test_seed_demo_runs_twice_and_has_a_second_evaluator() -> None:
    call_command("load_checklists", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())
    assert "demo-evaluator-2" in out.getvalue()
    second = Membership.objects.get(user__username="demo-evaluator-2")
    assert (second.organization.name, second.role) == ("Demo Evaluation Lab", "evaluator")
    assert Assessment.objects.get(system__organization__name="Demo AI Co.").status == "submitted"
