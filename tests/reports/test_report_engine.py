"""Reports of 2.0 content, read back from the PDF: a same_as item once with "Answered in …",
measured criteria with value and level, out-of-scope criteria shown as such."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from assessments import services as assessment_services
from reports import services
from reports.choices import ReportStatus
from reports.models import Report
from tests.assessments.conftest import World
from tests.assessments.test_rubric_states import ENGINE

pytestmark = pytest.mark.django_db


def _text(report: Report) -> tuple[str, dict]:  # type: ignore[type-arg]
    with report.pdf.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    text = " ".join(page.extract_text() for page in reader.pages)
    data = json.loads(reader.attachments["report-data.json"][0])
    return re.sub(r"\s+", " ", text), data


def test_the_evaluation_report_of_2x_content(world: World) -> None:
    call_command("load_checklists", path=ENGINE, stdout=io.StringIO())
    owner, evaluator = world.users["owner"], world.users["evaluator"]
    assessment = world.new_assessment()
    world.answer_all(assessment)
    assessment_services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[assessment_services.AnswerInput(checklist="t-hiring", item="T-H-03", value=3)],
    )
    assessment_services.assessment_submit(
        actor=owner, assessment=assessment, evaluation_body=world.body.pk
    )
    assessment = assessment_services.assessment_claim(actor=evaluator, assessment=assessment)
    assessment_services.evaluation_scope_set(
        actor=evaluator, assessment=assessment, excluded=["T-R-03"], tta=["09"], reason="No UI."
    )
    assessment.refresh_from_db()
    assessment_services.ratings_set(
        actor=evaluator,
        assessment=assessment,
        ratings=[
            assessment_services.RatingInput(criterion="T-R-01", rating=4),
            assessment_services.RatingInput(criterion="T-R-04", value=4.2, source="lab run 7"),
        ],
    )
    assessment = assessment_services.assessment_approve(
        actor=evaluator, assessment=assessment, comment="Meets the criteria."
    )
    report = services.report_issue(
        actor=evaluator, assessment=assessment, kind="evaluation", language="en"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    text, data = _text(report)
    assert data["evaluation"]["ratings"]["T-R-04"] == {
        "rating": 3,
        "rationale": "",
        "value": 4.2,
        "source": "lab run 7",
    }
    assert data["evaluation"]["scope"] == {
        "excluded": ["T-R-03"],
        "tta": ["09"],
        "reason": "No UI.",
    }
    assert data["scores"]["evaluation"]["out_of_scope"] == ["T-R-03"]
    assert "4.2 % (level 3) · lab run 7" in text
    assert "Out of scope" in text
    # The prior review is listed at its owner and, in t-hiring, once as answered there.
    compact = text.replace(" ", "")  # the PDF breaks lines anywhere, "(T- O-01)" included
    assert compact.count("AnsweredinTestobligations›Duties(T-O-01)") == 1
    assert compact.count("T-O-01Critical·Wasapriorreviewdone?Yes") == 1  # the owner row
