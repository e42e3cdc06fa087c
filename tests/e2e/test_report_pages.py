"""The reports side of the pages: language names in the page's language, and scores written by
the one formatting helper the PDF uses (rounded, never truncated)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.assessments.conftest import World
from tests.e2e.conftest import NewPage, sign_in

pytestmark = pytest.mark.browser

NAMES = {"en": ("Korean", "English"), "ko": ("한국어", "영어")}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_reports_list_names_languages_in_the_page_language(
    world: World, new_page: NewPage, settings: Any, lang: str
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assessment = world.submitted()
    page = new_page(lang=lang)
    sign_in(page, "owner")
    page.goto(f"/app/assessments/{assessment.pk}/reports/")
    korean, english = NAMES[lang]
    expect(page.locator("#r-language option")).to_have_text([korean, english])
    page.locator("#r-language").select_option("ko")
    page.locator("form button.primary").click()
    row = page.locator("main table tbody tr").first
    expect(row.locator("td").nth(2)).to_have_text(korean)


def test_overview_scores_are_rounded_as_the_report_rounds_them(
    world: World, new_page: NewPage, settings: Any, tmp_path: Path
) -> None:
    # Section T-A scores 2.75 / 3 = 91.67: the overview's chart printed "91.6" (truncated) while
    # the PDF printed "91.7".
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assessment = world.submitted()
    page = new_page(lang="en")
    sign_in(page, "owner")
    page.goto(f"/app/assessments/{assessment.pk}/")
    values = page.locator("svg.chart text.chart-value").all_text_contents()
    assert "91.7" in values and "91.6" not in values
    expect(page.locator(".kpis .kpi").first).to_have_text("95.0")

    page.goto(f"/app/assessments/{assessment.pk}/reports/")
    page.locator("#r-kind").select_option("self_assessment")
    page.locator("#r-language").select_option("en")
    page.locator("form button.primary").click()
    link = page.locator("a.button", has_text="Download PDF").first
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "report.pdf"
    saved.write_bytes(Path(download.value.path()).read_bytes())
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], capture_output=True, check=True
    ).stdout.decode()
    numbers = set(re.findall(r"(?<![\d.])\d{1,3}\.\d(?![\d.])", text))
    assert "91.7" in numbers and "91.6" not in numbers and "95.0" in numbers
