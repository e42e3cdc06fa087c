"""Submit and withdraw confirm first and say what happened; the submit page groups what is
missing (issue 16, items 8 and 10). Plain forms: the same with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessments import services
from assessments.choices import Status
from assessments.models import Assessment
from tests.assessments.conftest import SCREENING_ANSWERS, World
from tests.e2e.conftest import HANGUL, NewPage, sign_in
from tests.e2e.test_journeys import detail_url, messages, status_badge

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_submit_has_no_preselected_route_and_confirms_a_summary(
    world: World, new_page: NewPage, javascript: bool
) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    page = new_page(lang="en", javascript=javascript)
    sign_in(page, "owner")
    page.goto(f"/app/assessments/{assessment.pk}/submit/")
    routes = page.locator("input[name=evaluation_body]")
    expect(routes).to_have_count(3)  # self-assessment and the two bodies
    expect(page.locator("input[name=evaluation_body]:checked")).to_have_count(0)

    # Continuing without a route is a form error next to the choice; nothing is submitted.
    page.locator("#comment").fill("Please look at part A first.")
    page.locator("#review-submit").click()
    expect(page.locator("#route-error")).to_have_text(
        "Choose a self-assessment or an evaluation body to review the assessment."
    )
    expect(page.locator("#comment")).to_have_value("Please look at part A first.")
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT

    # Chosen: a summary to confirm, then the page says what happened.
    page.locator("input[name=evaluation_body][value='self']").check()
    page.locator("#review-submit").click()
    summary = page.locator(".confirm-summary")
    expect(summary.locator("dd strong").first).to_have_text("Self-assessment")
    expect(summary).to_contain_text("Please look at part A first.")
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT  # not before the confirmation
    page.locator("#confirm-submit").click()
    page.wait_for_url(re.compile(rf"/app/assessments/{assessment.pk}/$"))
    expect(messages(page)).to_have_text("Submitted as a self-assessment (revision 1).")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.evaluation_body_id) == (Status.SUBMITTED, None)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_withdraw_confirms_first_and_says_withdrawn(
    world: World, new_page: NewPage, javascript: bool
) -> None:
    assessment = world.new_assessment()
    page = new_page(lang="en", javascript=javascript)
    sign_in(page, "owner")
    page.goto(detail_url(assessment))
    page.locator(".page-head a[href$='/withdraw/']").click()
    expect(page.locator("main h1")).to_have_text("Withdraw the assessment?")
    expect(page.locator(".confirm-summary")).to_contain_text("Résumé ranker")
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT  # opening the page changes nothing

    page.locator("#confirm-withdraw").click()
    page.wait_for_url(re.compile(rf"/app/assessments/{assessment.pk}/$"))
    expect(messages(page)).to_contain_text("Withdrawn.")
    expect(status_badge(page, "withdrawn")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == Status.WITHDRAWN


def _screened(world: World) -> Assessment:
    assessment = world.new_assessment()
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-screening", item=code, value=value)
            for code, value in SCREENING_ANSWERS.items()
        ],
    )
    return assessment


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_missing_items_are_grouped_by_checklist_and_section(
    world: World, new_page: NewPage, lang: str
) -> None:
    assessment = _screened(world)
    page = new_page(lang=lang)
    sign_in(page, "owner")
    page.goto(f"/app/assessments/{assessment.pk}/submit/")
    groups = page.locator(".missing-groups .missing-checklist")
    titles = {
        "en": ["Test general checklist", "Test hiring checklist", "Test obligations checklist"],
    }
    headings = groups.locator("h3")
    expect(headings).to_have_count(3)
    general = groups.filter(has=page.locator("a[href*='/fill/t-general/']"))
    expect(general.locator("h4")).to_have_count(2)  # part A and part B
    if lang == "en":
        expect(general.locator("h3")).to_contain_text(titles["en"][0])
        expect(general.locator("h3 .count")).to_have_text("4 items")
        expect(general.locator("h4").first).to_contain_text("Part A")
        expect(general.locator("h4 .count").first).to_have_text("2")
        expect(page.locator("#missing-title")).to_have_text("6 things are still missing")
    else:
        expect(general.locator("h3")).to_contain_text("시험 일반 점검표")
        expect(general.locator("h4").first).to_contain_text("가 부분")
        expect(general.locator("h3 .count")).to_have_text(HANGUL)
    # Each line starts with the requirement in words; the code comes last, small.
    first = general.locator("ul.missing li").first
    expect(first.locator("a")).not_to_have_text(re.compile(r"^T-"))
    expect(first.locator(".code")).to_have_text("T-A-01")
