"""Living assessments in a real browser (issue 10): preview → upgrade → review the flagged
answers → submit; and re-assessing an approved assessment. Plain forms, no JavaScript needed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessments import services
from assessments.choices import Status
from assessments.models import Answer, Assessment
from tests.assessments.conftest import World, publish_general_v2
from tests.e2e.conftest import NewPage, sign_in
from tests.e2e.test_journeys import detail_url, messages

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_preview_upgrade_review_and_submit(
    world: World, new_page: NewPage, javascript: bool
) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    publish_general_v2()
    page = new_page(lang="en", javascript=javascript)
    sign_in(page, "owner")
    page.goto(detail_url(assessment))
    page.locator("#upgrade-available a").click()
    page.wait_for_url(re.compile(rf"/app/assessments/{assessment.pk}/upgrade/$"))
    reworded = page.locator("tr[data-item='T-A-02']")
    expect(reworded.locator(".diff-old del")).to_have_text("reviewed?")
    expect(reworded.locator(".diff-new ins")).to_have_text("reviewed every year?")
    expect(reworded.locator(".fate")).to_have_text("needs review")
    expect(page.locator("tr[data-item='T-B-02'] .fate")).to_have_text("dropped")
    expect(page.locator("dd[data-count='carried']")).to_have_text("2")
    page.locator("#confirm-upgrade").click()
    page.wait_for_url(re.compile(rf"/app/assessments/{assessment.pk}/$"))
    expect(messages(page)).to_contain_text("Moved to the new versions.")

    # The submit page lists the flagged answers as what is missing.
    page.goto(f"/app/assessments/{assessment.pk}/submit/")
    expect(page.locator("body")).to_contain_text("Carried over: confirm or change the answer")

    # Review: T-A-02 confirmed as it is; T-B-01 confirmed; T-B-06 (new) answered.
    fill = f"/app/assessments/{assessment.pk}/fill/t-general/"
    page.goto(fill + "?section=T-A")
    expect(page.locator("#needs-review li")).to_have_count(2)
    item = page.locator("#item-T-A-02")
    expect(item.locator(".needs-review")).to_contain_text("Needs review")
    item.locator("input[name='a-T-A-02-confirm']").check()
    page.locator("#save-button").click()
    expect(messages(page)).to_have_text("Saved.")
    expect(page.locator("#needs-review li")).to_have_count(1)
    page.goto(fill + "?section=T-B&review=1")
    expect(page.locator("fieldset.item")).to_have_count(1)  # only the flagged one
    page.locator("input[name='a-T-B-01-confirm']").check()
    page.locator("#save-button").click()
    expect(messages(page)).to_have_text("Saved.")
    expect(page.locator("#needs-review")).to_have_count(0)
    page.goto(fill + "?section=T-B")
    page.locator("#item-T-B-06 input[value='yes']").check()
    page.locator("#save-button").click()
    expect(messages(page)).to_have_text("Saved.")

    page.goto(f"/app/assessments/{assessment.pk}/submit/")
    page.locator("input[name=evaluation_body][value='self']").check()
    page.locator("#review-submit").click()
    page.locator("#confirm-submit").click()
    page.wait_for_url(re.compile(rf"/app/assessments/{assessment.pk}/$"))
    expect(messages(page)).to_have_text("Submitted as a self-assessment (revision 1).")
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED


def test_reassess_an_approved_assessment(world: World, new_page: NewPage) -> None:
    approved = world.in_review()
    for criterion in ("T-R-01", "T-R-02", "T-R-03"):
        services.rating_set(
            actor=world.users["evaluator"], assessment=approved, criterion=criterion, rating=4
        )
    services.assessment_approve(actor=world.users["evaluator"], assessment=approved)
    publish_general_v2()
    page = new_page(lang="en", javascript=False)
    sign_in(page, "member")
    page.goto(detail_url(approved))
    page.locator("#reassess").click()
    fresh = Assessment.objects.get(previous=approved)
    page.wait_for_url(re.compile(rf"/app/assessments/{fresh.pk}/$"))
    expect(messages(page)).to_contain_text("A new assessment was started from revision 1")
    page.goto(f"/app/assessments/{fresh.pk}/fill/t-general/?section=T-A")
    expect(page.locator("#item-T-A-01 .needs-review")).to_have_text(
        re.compile("Carried from revision 1 — confirm.")
    )
    expect(page.locator("#item-T-A-01 .files a.file")).to_have_text("plan.pdf")  # linked
    assert Answer.objects.filter(assessment=fresh, review_reason="carried").count() >= 4
    page.goto("/app/")
    expect(page.locator(f"section.series[data-system='{world.system.pk}'] svg")).to_have_count(1)
