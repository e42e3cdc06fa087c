"""The evaluator's decision: confirmed first with a summary, refused against a fail outcome unless
overridden with a reason, and said plainly afterwards; with and without JavaScript."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assessments.choices import Status
from assessments.models import Assessment
from tests.assessments.conftest import World
from tests.e2e.conftest import NewPage, sign_in

pytestmark = pytest.mark.browser

REASON = "The risk register was shown on site; the document follows within 30 days."


def rated(world: World, *, fail: bool) -> Assessment:
    """In review, one confirmed verdict; a critical criterion at 2 makes the outcome fail."""
    critical = 2 if fail else 4
    return world.reviewed(
        verdicts={"T-A-01": ("confirmed", "")},
        ratings={
            "T-R-01": (critical, "No risk register." if critical < 3 else ""),
            "T-R-02": (4, ""),
            "T-R-03": (4, ""),
        },
    )


def test_approving_a_failed_evaluation_needs_a_recorded_override(
    world: World, new_page: NewPage, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    assessment = rated(world, fail=True)
    page = new_page(lang="en")
    sign_in(page, "evaluator")
    page.goto(f"/app/assessments/{assessment.pk}/")
    status = page.locator("#decide-status")
    expect(status).to_contain_text("Fail")
    expect(status).to_contain_text("approving needs an override with a reason")
    expect(status).to_contain_text("verified: 1 of 7 items")
    page.locator("#opinion").fill("Approved on conditions.")
    page.locator("button[formaction$='/decide/approve/']").click()

    # The confirm step: what is decided on, the opinion kept, the override asked for.
    expect(page.locator("main h1")).to_have_text("Approve the assessment")
    expect(page.locator("#decide-outcome")).to_contain_text("Fail")
    expect(page.locator("#decide-coverage")).to_have_text(
        "verified: 1 of 7 items; self-reported where not verified"
    )
    expect(page.locator("#decide-verdicts")).to_contain_text("Confirmed: 1")
    expect(page.locator("#decide-verdicts")).to_contain_text("Not confirmed: 0")
    expect(page.locator("#decide-comment")).to_have_value("Approved on conditions.")
    assessment.refresh_from_db()
    assert assessment.status == Status.IN_REVIEW  # nothing decided yet

    # A blank reason is refused next to its field, nothing lost.
    page.locator("#decide-override").fill("   ")
    page.locator("#decide-confirm").click()
    expect(page.locator("#decide-override-error")).to_have_text("Give the reason for the override.")
    expect(page.locator("#decide-comment")).to_have_value("Approved on conditions.")
    assessment.refresh_from_db()
    assert assessment.status == Status.IN_REVIEW

    page.locator("#decide-override").fill(REASON)
    expect(page.locator("#decide-confirm")).to_have_text("Approve with override")
    page.locator("#decide-confirm").click()
    expect(page.locator(".messages .alert")).to_have_text("Approved — the company was notified.")
    expect(page.locator("main .page-head .status.status-approved")).to_be_visible()
    expect(page.locator("#approval-override")).to_contain_text(REASON)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.approval_override) == (Status.APPROVED, REASON)

    # The evaluation report's cover states the decision, the override and the coverage.
    from reports.models import Report

    settings.PUBLIC_BASE_URL = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    page.goto(f"/app/assessments/{assessment.pk}/reports/")
    page.locator("#r-kind").select_option("evaluation")
    page.locator("#r-language").select_option("en")
    page.locator("form button.primary").click()
    link = page.locator("a.button", has_text="Download PDF").first
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "evaluation.pdf"
    saved.write_bytes(Path(download.value.path()).read_bytes())
    cover = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(saved), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    flat = re.sub(r"\s+", " ", cover)
    assert "Decision Approved" in flat
    assert "Approved despite the outcome “Fail” — reason" in flat
    assert REASON in flat
    assert "Verification coverage verified: 1 of 7 items; self-reported where not verified" in flat
    assert Report.objects.get(assessment=assessment).data["evaluation"]["override_reason"] == REASON


def test_rejecting_is_confirmed_first_without_javascript(world: World, new_page: NewPage) -> None:
    assessment = rated(world, fail=False)
    page = new_page(lang="ko", javascript=False)
    sign_in(page, "evaluator")
    page.goto(f"/app/assessments/{assessment.pk}/")
    page.locator("#opinion").fill("기준에 미달합니다.")
    page.locator("button[formaction$='/decide/reject/']").click()
    expect(page.locator("main h1")).to_have_text("평가 반려")
    expect(page.locator("#decide-outcome .badge.outcome-pass")).to_have_text("적합")
    expect(page.locator("#decide-coverage")).to_contain_text("7개 항목 중 1개 검증")
    expect(page.locator("#decide-verdicts")).to_contain_text("확인: 1")
    expect(page.locator("#decide-override")).to_have_count(0)  # a reject needs no override
    assessment.refresh_from_db()
    assert assessment.status == Status.IN_REVIEW

    page.locator("#decide-confirm").click()
    expect(page.locator(".messages .alert")).to_have_text("반려했습니다. 기업에 통지했습니다.")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.opinion) == (Status.REJECTED, "기준에 미달합니다.")
