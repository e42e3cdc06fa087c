"""A multi-line remark keeps its line breaks in the evaluation report (issue 16 item 6)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from assessments import services as assessment_services
from reports import services
from reports.choices import ReportStatus
from tests.assessments.conftest import World

pytestmark = pytest.mark.django_db


def test_a_multi_line_remark_keeps_its_lines_in_the_pdf(world: World) -> None:
    assessment = world.in_review()
    evaluator = world.users["evaluator"]
    assessment_services.verdicts_set(
        actor=evaluator,
        assessment=assessment,
        verdicts=[
            assessment_services.VerdictInput(
                "t-general", "T-A-03", "partially_confirmed", "Gender only.\nAge is missing."
            )
        ],
    )
    assessment_services.ratings_set(
        actor=evaluator,
        assessment=assessment,
        ratings=[
            assessment_services.RatingInput("T-R-01", 4),
            assessment_services.RatingInput("T-R-02", 3),
            assessment_services.RatingInput("T-R-03", 3),
        ],
    )
    assessment = assessment_services.assessment_approve(
        actor=evaluator, assessment=assessment, comment="Fine."
    )
    report = services.report_issue(
        actor=evaluator, assessment=assessment, kind="evaluation", language="en"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    with report.pdf.open("rb") as stored:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(stored.read())).pages)
    lines = [line.strip() for line in text.splitlines()]
    at = next(i for i, line in enumerate(lines) if line.endswith("Gender only."))
    assert lines[at + 1] == "Age is missing."
