"""The demo report with the real checklists, in both languages, and PNGs of its first pages.

``seed_demo`` submits the demo hiring system (high-impact); the demo lead reviews it, rates every
reliability criterion and approves it; then both reports are issued. Pages 1-3 of each are
written to ``var/screenshots/reports/`` for a person to look at.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from pypdf import PdfReader

from assessments import scoring
from assessments import services as assessment_services
from assessments.models import Assessment
from assessments.selectors import applied_checklists
from checklists.schema import Kind
from checklists.selectors import document_for
from reports import services
from reports.choices import ReportStatus
from reports.models import Report

pytestmark = pytest.mark.django_db
SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots" / "reports"
OPINION = (
    "The operator has a working risk-management system and informs applicants before screening.\n"
    "Conditions: extend bias testing to age and disability, and keep decision logs for one year."
)


def review_demo(lead: Any, assessment: Assessment) -> Assessment:
    assessment = assessment_services.assessment_claim(actor=lead, assessment=assessment)
    applied = applied_checklists(assessment)
    # A same_as item is reviewed at its owner (the service refuses a verdict on the reference).
    referred = scoring.referrals(e.document for e in applied)
    for entry in applied:
        if entry.document.kind is not Kind.SELF_CHECK:
            continue
        for index, (_section, item) in enumerate(entry.document.items()):
            if not item.scored or index % 4 or item.code in referred.get(entry.document.slug, {}):
                continue
            verdict = ("confirmed", "partially_confirmed", "confirmed", "needs_evidence")[
                index // 4 % 4
            ]
            remark = (
                "" if verdict == "confirmed" else "The evidence covers part of the requirement."
            )
            assessment_services.verdict_set(
                actor=lead,
                assessment=assessment,
                checklist=entry.document.slug,
                item=item.code,
                verdict=verdict,
                remark=remark,
            )
    assert assessment.evaluation_version is not None
    rubric = document_for(assessment.evaluation_version)
    if not rubric.version.startswith("1."):  # from 2.0 the scope comes first, as in a scheme
        assessment_services.evaluation_scope_set(
            actor=lead, assessment=assessment, excluded=[], tta=["01", "13"]
        )
    for index, (_section, item) in enumerate(rubric.items()):
        rating = 4 if item.critical else (3, 4, 2, 3)[index % 4]
        why = "" if rating >= 3 else "Monitoring after deployment is not yet in place."
        if item.measurement is not None:  # a measured criterion: the value that reaches the level
            assessment_services.rating_set(
                actor=lead,
                assessment=assessment,
                criterion=item.code,
                value=item.measurement.levels[rating - 1],
                rationale=why,
                source="demo test run",
            )
            continue
        assessment_services.rating_set(
            actor=lead, assessment=assessment, criterion=item.code, rating=rating, rationale=why
        )
    return assessment_services.assessment_approve(
        actor=lead, assessment=assessment, comment=OPINION
    )


@pytest.fixture
def demo(settings: Any) -> tuple[Any, Assessment]:
    settings.APPLICABILITY_RULES = (
        Path(django_settings.BASE_DIR) / "checklists" / "content" / "applicability.yaml"
    )
    call_command("load_checklists", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    lead = get_user_model().objects.get(username="demo-evaluator")
    assessment = Assessment.objects.get(system__organization__name="Demo AI Co.")
    return lead, review_demo(lead, assessment)


def png_pages(pdf: Path, prefix: Path, last: int = 3) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", str(last), str(pdf), str(prefix)],
        check=True,
    )
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_demo_reports_render_and_pages_are_saved_as_png(demo: tuple[Any, Assessment]) -> None:
    lead, assessment = demo
    SHOTS.mkdir(parents=True, exist_ok=True)
    owner = assessment.created_by
    issued = [
        ("evaluation", "ko", lead),
        ("evaluation", "en", lead),
        ("self_assessment", "ko", owner),
        ("self_assessment", "en", owner),
    ]
    for kind, language, actor in issued:
        report = services.report_issue(
            actor=actor, assessment=assessment, kind=kind, language=language
        )
        report = Report.objects.get(pk=report.pk)
        assert report.status == ReportStatus.READY, report.error
        pdf = SHOTS / f"{kind}-{language}.pdf"
        pdf.write_bytes(report.pdf.read())
        for old in SHOTS.glob(f"{kind}-{language}-*.png"):
            old.unlink()
        pages = png_pages(pdf, SHOTS / f"{kind}-{language}")
        assert len(pages) == 3
        reader = PdfReader(io.BytesIO(pdf.read_bytes()))
        assert 15 <= len(reader.pages) <= 60, len(reader.pages)  # ~250 items of real content
        text = "".join(page.extract_text() for page in reader.pages[:3])
        assert "Demo AI Co." in text and report.code in text
        if language == "ko":
            # The demo hiring system's area: 2(4)사 as screening 2.0 asks it (hiring).
            assert "인공지능 신뢰성" in text and "채용(서류 심사" in text
