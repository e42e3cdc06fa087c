"""One source of figures: both reports of one revision, the score API and the overview agree.

The revision is the second of an assessment whose evaluator changed a verdict after the
resubmission, which is where the figures frozen at submit (with the first round's verdicts) and
the ones read at issue time used to part ways.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from assessments import services
from assessments.models import Answer, Assessment
from core.formatting import score as fmt_score
from tests.assessments.conftest import World
from tests.factories import sign_in
from tests.reports.conftest import issue_ready, read_back

pytestmark = pytest.mark.django_db

API = "/api/v1"
DECIMAL = re.compile(r"(?<![\d.])\d{1,3}\.\d(?![\d.])")


def second_round(world: World) -> Assessment:
    """Revision 2, approved: T-A-03 was not confirmed in round 1, fixed, then confirmed."""
    evaluator, owner = world.users["evaluator"], world.users["owner"]
    assessment = world.in_review()
    world.verdict(assessment, "T-A-03", "not_confirmed", "No bias test report.")
    world.verdict(assessment, "T-A-01", "confirmed")
    services.assessment_request_changes(
        actor=evaluator, assessment=assessment, comment="Test for bias."
    )
    current = Answer.objects.get(assessment=assessment, item_code="T-A-03")
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            services.AnswerInput(
                checklist="t-general", item="T-A-03", value=4, version=current.version
            )
        ],
    )
    services.assessment_submit(actor=owner, assessment=assessment, evaluation_body=world.body.pk)
    services.assessment_claim(actor=evaluator, assessment=assessment)
    world.verdict(assessment, "T-A-03", "confirmed")
    for criterion, rating in (("T-R-01", 4), ("T-R-02", 3), ("T-R-03", 3)):
        services.rating_set(
            actor=evaluator, assessment=assessment, criterion=criterion, rating=rating
        )
    return services.assessment_approve(actor=evaluator, assessment=assessment, comment="Good.")


def figures(scores: dict[str, Any]) -> set[str]:
    """Every score of the read-out's self-check checklists, as the reports print it (a screening
    decides status and prints no score)."""
    self_checks = [c for c in scores["checklists"] if c["kind"] == "self_check"]
    slugs = {c["checklist"].split("@")[0] for c in self_checks}
    values = [scores["overall"], scores["verified"]["overall"]]
    for row in [s for s in scores["sections"] if s["checklist"] in slugs] + self_checks:
        values += [row["score"], row["verified_score"]]
    return {fmt_score(v) for v in values if v is not None}


def test_both_reports_of_one_revision_print_the_same_figures(world: World) -> None:
    assessment = second_round(world)
    self_report = issue_ready(world, assessment, "owner", "self_assessment")
    evaluation_report = issue_ready(world, assessment, "evaluator", "evaluation")
    assert self_report.revision_id == evaluation_report.revision_id
    self_text, self_data = read_back(self_report)
    eval_text, eval_data = read_back(evaluation_report)

    # The attached data: identical figures, and the same as the score API's and the revision's.
    assert self_data["scores"] == eval_data["scores"]
    api = world.client("owner").get(f"{API}/assessments/{assessment.pk}/score/").json()
    assert api == self_data["scores"]
    scores = self_data["scores"]
    t_a = next(s for s in scores["sections"] if s["code"] == "T-A")
    assert t_a["verified_score"] == t_a["score"]  # the round-2 verdict counts, not round 1's
    assert scores["verified"]["verified_items"] == 2

    # The PDFs: every figure of the read-out is printed in both, and no score-like number of
    # the self-assessment report is missing from the evaluation report (which prints more:
    # the reliability evaluation's total and group scores).
    for figure in figures(scores):
        assert figure in self_text, figure
        assert figure in eval_text, figure
    assert set(DECIMAL.findall(self_text)) <= set(DECIMAL.findall(eval_text))
    # The overview page prints the same figures (the one formatting helper, half-up).
    page = Client()
    sign_in(page, world.users["owner"])
    html = page.get(f"/app/assessments/{assessment.pk}/", HTTP_ACCEPT_LANGUAGE="en").content
    overview = html.decode()
    assert fmt_score(scores["overall"]) in overview
    assert fmt_score(scores["verified"]["overall"]) in overview
    assert "verified: 2 of 7 items" in overview
    # Coverage is stated, and the self-assessment report no longer says "not verified".
    assert "verified: 2 of" in self_text.replace("\n", " ")
    assert "not verified by a third party" not in self_text
