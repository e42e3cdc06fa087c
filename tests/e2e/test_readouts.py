"""The overview's read-outs in a real browser (issue 12 part 3), on the demo assessment with the
real checklists, reviewed by the demo lead: the self vs verified chart, the section scores grouped
by checklist, the ten ethics requirements as a radar, and the activity list. In both languages,
on a desktop and on a 390 px phone; no chart text falls outside its chart (nothing is cut) and the
page never scrolls sideways. Screenshots: var/screenshots/readouts/{ko,en}-<page>.png."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.e2e.conftest import ROOT, NewPage, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = ROOT / "var" / "screenshots" / "readouts"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Every <text> of every chart lies inside its <svg>'s box: a label that ran off the edge (or was
# clipped) would not. Returns the offenders.
OUTSIDE = """(selector) => Array.from(document.querySelectorAll(selector + ' svg text')).filter((t) => {
  const svg = t.closest('svg').getBoundingClientRect();
  const box = t.getBoundingClientRect();
  return box.width > 0 && (box.left < svg.left - 1 || box.right > svg.right + 1
    || box.top < svg.top - 1 || box.bottom > svg.bottom + 1);
}).map((t) => t.textContent)"""


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> Assessment:
    from django.contrib.auth import get_user_model

    from tests.reports.test_screenshots import review_demo

    settings.APPLICABILITY_RULES = (
        Path(django_settings.BASE_DIR) / "checklists" / "content" / "applicability.yaml"
    )
    call_command("load_checklists", stdout=io.StringIO())
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    lead = get_user_model().objects.get(username="demo-evaluator")
    assessment = Assessment.objects.get(system__organization__name="Demo AI Co.")
    return review_demo(lead, assessment)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_overview_read_outs(demo: Assessment, new_page: NewPage, lang: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(lang=lang)
    sign_in(page, "demo-company")
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(f"/app/assessments/{demo.pk}/")
        for chart in ("#chart-checklists", "#chart-sections", "#chart-ethics"):
            svg = page.locator(f"{chart} svg")
            expect(svg).to_be_visible()
            expect(svg).to_have_attribute("role", "img")
            assert page.evaluate(OUTSIDE, chart) == [], f"{lang} {name} {chart}"
        ethics = page.locator("#chart-ethics svg text")
        labels = [t for t in ethics.all_text_contents() if t[:1] == "R"]
        assert [label.split()[0] for label in labels] == [f"R{n}" for n in range(1, 11)]
        groups = page.locator("#chart-sections svg g.chart-group")
        assert groups.count() >= 2  # one group per self-check checklist of the demo system
        verified = page.locator("#chart-checklists svg rect.chart-verified")
        assert verified.count() >= 2  # the demo lead's verdicts: a verified bar per checklist
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{lang} {name}: scrolls sideways"
        page.screenshot(path=str(SHOTS / f"{lang}-overview-{name}.png"), full_page=True)
    page.goto(f"/app/assessments/{demo.pk}/activity/")
    expect(page.locator("ol.events li").first).to_be_visible()
    page.screenshot(path=str(SHOTS / f"{lang}-activity.png"), full_page=True)
