"""The AI system register in a real browser, on the demo data (``seed_demo`` on the shipped
content): the rows and statuses of each demo company, the Excel export read back with openpyxl,
the review record downloaded in both languages, a phone-sized page; screenshots of each in both
languages in ``var/screenshots/register/``."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from assessments.texts import IMPACT_NUMERALS
from checklists.applicability import RULES_PATH
from core.formatting import score
from tests.e2e.conftest import ROOT, NewPage, sign_in
from tests.e2e.test_phone import OVERFLOW, PHONE, SYLLABLE_COLUMNS
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = ROOT / "var" / "screenshots" / "register"
HIRING = "채용 서류 심사 보조 AI (Résumé screening assistant)"
CHATBOT = "고객 상담 챗봇 (Customer service chatbot)"

# The cells of each row as the page shows them, without the review-record links.
ROWS = """() => Array.from(document.querySelectorAll("#register tbody tr")).map((tr) =>
  Array.from(tr.querySelectorAll("[data-column]")).map((cell) => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll(".record-links").forEach((el) => el.remove());
    return copy.textContent.trim();
  }))"""
HEADER = """() => Array.from(document.querySelectorAll("#register thead th")).map((th) =>
  th.textContent.replace(/[▲▼]/g, "").trim())"""

EXPECTED = {
    "en": {
        "hiring": {
            "high_impact": "High-impact",
            "art31": "Applies",
            "art32": "Does not apply",
            "art34": "Applies",
            "art35": "Applies",
            "art36": "Does not apply",
            "score": None,
            "verified": "—",
            "outcome": "—",
            "validity": "No evaluation",
        },
        "chatbot": {
            "high_impact": "Not screened",
            "art31": "Applies",
            "art32": "Not determined",
            "art34": "Not determined",
            "assessment": "—",
            "validity": "No evaluation",
        },
    },
    "ko": {
        "hiring": {
            "high_impact": "고영향",
            "art31": "적용",
            "art32": "비적용",
            "validity": "평가 없음",
        },
        "chatbot": {"high_impact": "선별 전", "art31": "적용", "art34": "판단 불가"},
    },
}


@pytest.fixture
def demo(transactional_db: None, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """The shipped checklists and the demo data, committed for the live server; returns the
    figures the demo assessment's overview shows (``figures_of``), which the register repeats."""
    from assessments.models import Assessment
    from assessments.readouts import figures_of

    settings.APPLICABILITY_RULES = RULES_PATH
    call_command("load_checklists", stdout=io.StringIO())
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    return figures_of(Assessment.objects.get(system__name=HIRING))


def _cells(page: Any) -> dict[str, dict[str, str]]:
    keys = page.evaluate(
        """() => Array.from(document.querySelectorAll("#register tbody tr:first-child [data-column]"))
        .map((c) => c.dataset.column)"""
    )
    return {row[0]: dict(zip(keys, row, strict=True)) for row in page.evaluate(ROWS)}


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.replace("\u2060", "").split())


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_register_of_the_demo_companies(
    demo: dict[str, Any], new_page: NewPage, lang: str, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(lang=lang)
    sign_in(page, "demo-company")
    page.locator(".site-header nav a[href='/app/register/']").click()
    expect(page.locator("main h1")).to_contain_text(
        "AI system register" if lang == "en" else "인공지능 시스템 대장"
    )
    rows = _cells(page)
    assert list(rows) == [HIRING], rows
    hiring = rows[HIRING]
    for key, value in EXPECTED[lang]["hiring"].items():
        if value is not None:
            assert hiring[key] == value, (key, hiring[key])
    assert hiring["score"] == score(demo["overall"])
    assert hiring["impact_level"] == IMPACT_NUMERALS[demo["screening"]["impact_level"]]
    assert (
        hiring["assessment"].startswith("#")
        and ("Submitted" if lang == "en" else "제출") in hiring["assessment"]
    )
    expect(page.locator("#chart-impact svg title")).to_have_count(1)
    page.screenshot(path=str(SHOTS / f"{lang}-register.png"), full_page=True)

    # The workbook holds the page's header and rows.
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    path = tmp_path / "register.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path, read_only=True).active
    values = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert values[1] == page.evaluate(HEADER)
    assert values[2:] == page.evaluate(ROWS)

    # A filter that keeps nothing, then one that keeps the system; sorting keeps the filter.
    page.locator("#id_high_impact").select_option("no")
    page.locator(".register-filters button[type=submit]").click()
    expect(page.locator("main .empty")).to_be_visible()
    page.locator("#id_high_impact").select_option("yes")
    page.locator(".register-filters button[type=submit]").click()
    expect(page.locator("#register tbody tr")).to_have_count(1)
    page.locator("#register thead th a[href*='sort=score']").click()
    expect(page).to_have_url(re.compile(r"high_impact=yes.*sort=score|sort=score.*high_impact=yes"))
    expect(page.locator("#register thead th[aria-sort='ascending']")).to_have_count(1)

    # The review record in the page's language, from its link.
    with page.expect_download() as download:
        page.locator(f".record-links a[lang='{lang}']").click()
    pdf = tmp_path / "record.pdf"
    download.value.save_as(pdf)
    text = _pdf_text(pdf)
    assert (
        "High-impact AI review record" if lang == "en" else "고영향 인공지능 해당 여부 판단서"
    ) in text
    assert "HIS-SIG-01" in text and "Demo AI Co." in text
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(SHOTS / f"{lang}-review-record"),
        ],
        check=True,
    )

    # On a phone: no sideways scrolling, no syllable columns.
    page.set_viewport_size(PHONE)
    page.goto("/app/register/")
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["innerWidth"], overflow
    assert page.evaluate(SYLLABLE_COLUMNS) == []
    page.screenshot(path=str(SHOTS / f"{lang}-register-phone.png"), full_page=True)

    # The second company sees its chatbot, never the first company's system.
    other = new_page(lang=lang)
    sign_in(other, "demo-company-2")
    other.goto("/app/register/")
    rows = _cells(other)
    assert list(rows) == [CHATBOT], rows
    for key, value in EXPECTED[lang]["chatbot"].items():
        assert rows[CHATBOT][key] == value, (key, rows[CHATBOT][key])
    assert other.goto("/app/register/systems/1/review-record.pdf").status == 404


def test_evaluators_have_no_register(demo: dict[str, Any], new_page: NewPage) -> None:
    page = new_page(lang="en")
    sign_in(page, "demo-evaluator")
    expect(page.locator(".site-header nav a[href='/app/register/']")).to_have_count(0)
    assert page.goto("/app/register/").status == 404
