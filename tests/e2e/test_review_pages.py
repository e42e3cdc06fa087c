"""The evaluator's pages keep every keystroke (issue 16 item 4) and the company sees what the
evaluator asked (item 6), in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from assessments import services
from assessments.models import Assessment, CriterionRating, ItemVerdict
from tests.assessments.conftest import World
from tests.e2e.conftest import NewPage, sign_in

pytestmark = pytest.mark.browser

REMARK = "The plan names no owner.\nAsk for the RACI chart."


def review_url(assessment: Assessment, section: str = "") -> str:
    return f"/app/assessments/{assessment.pk}/review/t-general/" + (
        f"?section={section}" if section else ""
    )


def test_switching_sections_saves_the_verdicts(world: World, new_page: NewPage) -> None:
    assessment = world.in_review()
    page = new_page(lang="en")
    sign_in(page, "evaluator")
    page.goto(review_url(assessment))
    page.locator("#v-T-A-01").select_option("not_confirmed")
    page.locator("#r-T-A-01").fill(REMARK)
    page.locator(".section-nav button[value='T-B']").click()
    expect(page).to_have_url(re.compile(r"\?section=T-B$"))
    expect(page.locator(".messages")).to_have_text("Verdicts saved.")
    verdict = ItemVerdict.objects.get(assessment=assessment, item_code="T-A-01")
    assert (verdict.verdict, verdict.remark) == ("not_confirmed", REMARK)
    # The menu counts it, and going back shows it as typed, line break included.
    expect(page.locator(".section-nav button[value='T-A'] .count-given")).to_have_text(
        "1/3 reviewed"
    )
    expect(page.locator(".section-nav button[value='T-A'] .count-flagged")).to_have_text(
        "1 not confirmed"
    )
    page.locator(".section-nav button[value='T-A']").click()
    expect(page.locator("#r-T-A-01")).to_have_value(REMARK)


def test_leaving_with_unsaved_input_warns(world: World, new_page: NewPage) -> None:
    assessment = world.in_review()
    page = new_page(lang="en")
    sign_in(page, "evaluator")
    page.goto(review_url(assessment))
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)
    page.locator("#r-T-A-02").click()
    page.keyboard.type("Half a thought")
    page.locator(".crumbs a").click()
    expect(page).to_have_url(re.compile(r"/review/t-general/$"))
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page.locator("#r-T-A-02")).to_have_value("Half a thought")
    # Saving clears the warning: the next navigation needs no answer.
    page.locator("#v-T-A-02").select_option("partially_confirmed")
    page.locator(".sticky-actions button[type=submit]").click()
    expect(page.locator(".messages")).to_have_text("Verdicts saved.")
    page.locator(".crumbs a").click()
    expect(page).to_have_url(re.compile(rf"/app/assessments/{assessment.pk}/$"))
    assert dialogs == ["beforeunload"]


def test_a_rubric_error_keeps_the_level_and_says_where(world: World, new_page: NewPage) -> None:
    assessment = world.in_review()
    page = new_page(lang="en")
    sign_in(page, "evaluator")
    page.goto(f"/app/assessments/{assessment.pk}/evaluation/")
    page.locator("input[name='c-T-R-01'][value='4']").check()
    page.locator("input[name='c-T-R-03'][value='1']").check()  # below 3, no rationale
    page.locator(".sticky-actions button[type=submit]").click()
    expect(page.locator("#crit-T-R-03 .field-error")).to_have_text(
        "A rating below 3, or not applicable, needs a rationale."
    )
    expect(page.locator("input[name='c-T-R-03'][value='1']")).to_be_checked()
    expect(page.locator("input[name='c-T-R-01'][value='4']")).to_be_checked()
    assert not CriterionRating.objects.filter(assessment=assessment).exists()
    page.locator("#w-T-R-03").fill("Monitoring is manual.")
    page.locator(".sticky-actions button[type=submit]").click()
    expect(page.locator(".messages")).to_have_text("Ratings saved.")
    assert dict(
        CriterionRating.objects.filter(assessment=assessment).values_list("criterion", "rating")
    ) == {"T-R-01": 4, "T-R-03": 1}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_company_sees_what_the_evaluator_asked(
    world: World, new_page: NewPage, lang: str
) -> None:
    assessment = world.in_review()
    services.verdicts_set(
        actor=world.users["evaluator"],
        assessment=assessment,
        verdicts=[
            services.VerdictInput("t-general", "T-A-01", "confirmed"),
            services.VerdictInput("t-general", "T-B-01", "not_confirmed", REMARK),
        ],
    )
    services.assessment_request_changes(
        actor=world.users["evaluator"],
        assessment=assessment,
        comment="Two things.\n<b>One</b>: the owner.",
    )
    page = new_page(lang=lang)
    sign_in(page, "owner")
    page.goto(f"/app/assessments/{assessment.pk}/")
    banner = page.locator(".changes-banner")
    expect(banner).to_be_visible()
    assert banner.locator(".changes-comment").inner_text() == "Two things.\n<b>One</b>: the owner."
    links = banner.locator(".asked-items a")
    expect(links).to_have_count(1)
    links.first.click()
    expect(page).to_have_url(re.compile(r"/fill/t-general/\?section=T-B#item-T-B-01$"))
    expect(page.locator(".changes-banner")).to_be_visible()
    expect(page.locator(".section-nav li", has=page.locator(".badge.asked"))).to_have_count(1)
    note = page.locator("#item-T-B-01 .review-note")
    assert note.locator(".review-remark").inner_text() == REMARK
    # "Not confirmed" looks different from "confirmed".
    background = "el => getComputedStyle(el).backgroundColor"
    not_confirmed = note.evaluate(background)
    page.goto(f"/app/assessments/{assessment.pk}/fill/t-general/?section=T-A")
    confirmed = page.locator("#item-T-A-01 .review-note.verdict-confirmed").evaluate(background)
    assert confirmed != not_confirmed
