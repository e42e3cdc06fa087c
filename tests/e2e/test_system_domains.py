"""In a real browser: register a system with two domains, screen it as "not significant" at
impact level IV, and see the overview warn that the reason is missing."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import AISystem, Assessment
from tests.assessments.conftest import World
from tests.assessments.test_prefill_rationale import CONTENT as PREFILL_CONTENT
from tests.e2e.conftest import NewPage, sign_in
from tests.e2e.test_journeys import answer

pytestmark = pytest.mark.browser


def test_register_two_domains_and_see_the_rationale_warning(
    world: World, new_page: NewPage, settings: Any
) -> None:
    call_command("load_checklists", path=PREFILL_CONTENT, stdout=io.StringIO())
    settings.APPLICABILITY_RULES = PREFILL_CONTENT / "rules.yaml"
    page = new_page(lang="en")
    sign_in(page, "owner")

    page.goto("/app/systems/new/")
    page.locator("#id_name").fill("Triage chatbot")
    page.locator("#id_purpose").fill("Sorts emergency patients by urgency.")
    page.locator("input[name=domains][value=healthcare]").check()
    page.locator("input[name=domains][value=chatbot]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/app/$"))
    system = AISystem.objects.get(name="Triage chatbot")
    assert (system.domain, system.domains) == ("healthcare", ["healthcare", "chatbot"])
    row = page.locator("main tr", has_text="Triage chatbot")
    expect(row).to_contain_text("Healthcare, Chatbot")

    row.locator("form[action$='/assess/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fill/p-screening/"))
    for code, value in [
        ("P-SIG-01", "no"),
        ("P-AREA-01", "no"),
        ("P-IMP-01", "many"),
        ("P-ABR-01", "no"),
        ("P-NTC-01", "no"),
    ]:
        answer(page, code, value, "en")
    expect(page.locator("#item-P-SIG-02")).to_be_visible()  # asked once "no" is chosen

    assessment = Assessment.objects.get(system=system)
    page.goto(f"/app/assessments/{assessment.pk}/")
    warning = page.locator("#rationale-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("although its impact points reach level IV")
    expect(warning.locator(".rationale-missing")).to_contain_text("cannot be submitted")

    page.goto(f"/app/assessments/{assessment.pk}/submit/")
    expect(page.locator("ul.missing li", has_text="P-SIG-02")).to_contain_text(
        "write the reason for this judgement"
    )
