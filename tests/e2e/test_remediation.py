"""From a gap to a closed action in the report (issue 12, parts 1 and 4), in a real browser:
the owner plans an action from a gap on the overview and gives it to a member; the member sees
the bell, opens the notification, marks the action done with the evidence that closes it; the
owner issues the self-assessment report and reads the action back from the PDF's text.
Screenshots of the new pages (desktop and 390 px phone) go to var/screenshots/remediation/."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments import services
from remediation.models import Action
from tests.assessments.conftest import World
from tests.e2e.conftest import ROOT, NewPage, sign_in

pytestmark = pytest.mark.browser

SHOTS = ROOT / "var" / "screenshots" / "remediation"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TEXT = {
    "en": {
        "done": "Done",
        "section": "Remediation plan",
        "closed": "Actions done or with the risk accepted: 1",
        "evidence": "Evidence",
    },
    "ko": {
        "done": "완료",
        "section": "개선 조치 계획",
        "closed": "완료되었거나 위험을 수용한 조치: 1건",
        "evidence": "증빙",
    },
}


def _shoot(page: Any, name: str) -> None:
    """A desktop and a phone screenshot; at 390 px the page must not scroll sideways."""
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    assert width <= PHONE["width"], f"{name}: scrollWidth {width} at 390 px"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_gap_to_action_to_evidence_to_report(
    world: World, new_page: NewPage, settings: Any, lang: str
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    SHOTS.mkdir(parents=True, exist_ok=True)
    words = TEXT[lang]
    assessment = world.new_assessment()
    world.answer_all(assessment)  # leaves gaps (T-A-03 at 3/4, ...) and a file on T-A-01

    # The owner plans an action from the first gap of the overview and gives it to the member.
    owner = new_page(lang=lang)
    sign_in(owner, "owner")
    owner.goto(f"/app/assessments/{assessment.pk}/")
    gap_link = owner.locator("a.plan-gap").first
    gap_item = re.search(r"item=([^&]+)", gap_link.get_attribute("href") or "").group(1)
    gap_link.click()
    expect(owner.locator("#id_items option:checked")).to_have_attribute(
        "value", re.compile(rf":{gap_item}$")
    )
    owner.locator("#id_title").fill("Publish the <bias> test results")
    owner.locator("#id_owner").select_option(label="member")
    due = timezone.localdate() + timedelta(days=14)
    owner.locator("#id_due_date").fill(due.isoformat())
    _shoot(owner, f"{lang}-plan-new")
    owner.locator("#new-action button[type=submit]").click()
    row = owner.locator("#plan-actions tr[data-action]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Publish the <bias> test results")
    expect(row).to_contain_text("member")
    action = Action.objects.get()
    assert action.items[0]["item"] == gap_item and action.owner == world.users["member"]
    _shoot(owner, f"{lang}-plan")

    # The member sees the bell, opens the notification and closes the action with evidence.
    member = new_page(lang=lang)
    sign_in(member, "member")
    expect(member.locator("#bell .count")).to_contain_text("1")
    member.locator("#bell").click()
    expect(member.locator("#notifications li.unread")).to_contain_text(
        "Publish the <bias> test results"
    )
    _shoot(member, f"{lang}-notifications")
    member.locator("#notifications li").first.locator(
        "button", has_text=re.compile("Open|열기")
    ).click()
    member.wait_for_url(re.compile(rf"/actions/{action.pk}/$"))
    expect(member.locator("#bell .count")).to_have_count(0)  # read now
    member.locator("#id_status").select_option("done")
    member.locator("#status-form button[type=submit]").click()
    expect(member.locator("#id_closing_note-error")).to_be_visible()  # done asks for it
    _shoot(member, f"{lang}-action-done-asks")
    member.locator("#id_status").select_option("done")
    evidence = member.locator("#id_closing_evidence option", has_text="plan.pdf")
    member.locator("#id_closing_evidence").select_option(evidence.get_attribute("value"))
    member.locator("#id_closing_note").fill("Results published on our site.")
    member.locator("#status-form button[type=submit]").click()
    member.wait_for_url(re.compile(rf"/assessments/{assessment.pk}/actions/$"))
    expect(member.locator(f"tr[data-action='{action.pk}']")).to_contain_text(words["done"])
    expect(member.locator(f"tr[data-action='{action.pk}']")).to_contain_text("plan.pdf")
    member.goto(f"/app/assessments/{assessment.pk}/actions/{action.pk}/")
    expect(member.locator("#closing")).to_contain_text("plan.pdf")
    _shoot(member, f"{lang}-action")

    # Submitted as a self-assessment; the owner issues the report and reads the section back.
    services.assessment_submit(
        actor=world.users["owner"], assessment=assessment, evaluation_body=None
    )
    owner.goto(f"/app/assessments/{assessment.pk}/reports/")
    owner.locator("#r-kind").select_option("self_assessment")
    owner.locator("#r-language").select_option(lang)
    owner.locator("form button.primary").click()
    link = owner.locator("a.button", has_text=re.compile("Download PDF|PDF 내려받기")).first
    expect(link).to_be_visible()
    with owner.expect_download() as download:
        link.click()
    pdf = Path(download.value.path()).read_bytes()
    text = (
        subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        )
        .stdout.decode()
        .replace("\u2060", "")
    )
    section = text[text.index(words["section"]) :]
    assert words["closed"] in section
    assert "Publish the <bias> test results" in section
    assert "Results published on our site." in section
    assert f"{words['evidence']}: plan.pdf" in section
    assert gap_item in section


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_evaluator_accepts_the_plan_as_a_condition(
    world: World, new_page: NewPage, lang: str
) -> None:
    """The evaluator reads the plan beside the review, accepts an action as a condition, and the
    decision page shows it before approving."""
    from tests.remediation.helpers import plan_action

    SHOTS.mkdir(parents=True, exist_ok=True)
    assessment = world.reviewed(
        verdicts={"T-A-03": ("needs_evidence", "Attach the bias test.")},
        ratings={"T-R-01": (4, ""), "T-R-02": (3, ""), "T-R-03": (2, "Logs 30 days only.")},
    )
    action = plan_action(world, assessment, title="Keep logs for a year", item="T-A-03")
    page = new_page(lang=lang)
    sign_in(page, "evaluator")
    page.goto(f"/app/assessments/{assessment.pk}/review/t-general/")
    page.locator("#review-plan-link").click()
    expect(page.locator(f"tr[data-action='{action.pk}']")).to_contain_text("Keep logs")
    expect(page.locator("#new-action")).to_have_count(0)  # the body reads, the company plans
    page.locator(f"tr[data-action='{action.pk}'] input[type=checkbox]").check()
    page.locator("#accept-comment").fill("Logs kept for 12 months by June.")
    page.locator("#accept-plan").click()
    expect(page.locator("#plan-accepted")).to_contain_text("Logs kept for 12 months by June.")
    _shoot(page, f"{lang}-plan-evaluator")
    page.goto(f"/app/assessments/{assessment.pk}/")
    page.locator("#opinion").fill("Conditional pass.")
    page.locator("button[formaction$='/decide/approve/']").click()
    expect(page.locator("#plan-condition")).to_contain_text("Keep logs for a year")
    expect(page.locator("#plan-condition")).to_contain_text("Logs kept for 12 months by June.")
    _shoot(page, f"{lang}-decide-condition")
