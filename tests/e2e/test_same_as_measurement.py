"""In a real browser: a same_as item shows "Answered in …" with the owner's answer on the fill
page, a measured answer autosaves, and an evaluator scopes the rubric and enters a measurement."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessments import services
from assessments.models import Answer, CriterionRating
from tests.assessments.conftest import SCREENING_ANSWERS, World
from tests.assessments.test_rubric_states import ENGINE
from tests.e2e.conftest import NewPage, sign_in
from tests.e2e.test_journeys import expect_saved, fill_url

pytestmark = pytest.mark.browser


def _answer(world: World, assessment: object, slug: str, values: dict[str, object]) -> None:
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,  # type: ignore[arg-type]
        answers=[
            services.AnswerInput(checklist=slug, item=code, value=value)
            for code, value in values.items()
        ],
    )


def test_a_referred_item_shows_where_it_is_answered_and_a_measure_autosaves(
    world: World, new_page: NewPage
) -> None:
    call_command("load_checklists", path=ENGINE, stdout=io.StringIO())
    assessment = world.new_assessment()
    _answer(world, assessment, "t-screening", SCREENING_ANSWERS)
    _answer(world, assessment, "t-obligations", {"T-O-01": "yes"})
    page = new_page(lang="en")
    sign_in(page, "owner")
    page.goto(fill_url(assessment, "t-hiring", "T-H"))
    referred = page.locator("#item-T-H-02")
    expect(referred.locator(".referred-note")).to_contain_text("Answered in")
    expect(referred.locator(".referred-answer")).to_have_text("Yes")
    expect(referred.locator("input")).to_have_count(0)
    page.goto(fill_url(assessment, "t-hiring", "T-M"))
    page.locator("#v-T-H-03").fill("3,5")
    page.locator("#c-T-H-03").click()  # leaving the field, as a person does
    expect_saved(page, "T-H-03", "en", version=1)
    assert Answer.objects.get(assessment=assessment, item_code="T-H-03").value == 3.5
    page.goto(fill_url(assessment, "t-hiring", "T-H"))
    page.locator("#item-T-H-02 .referred-note a").click()
    page.wait_for_url(re.compile(r"/fill/t-obligations/\?section=T-O#item-T-O-01$"))
    expect(page.locator("input[name='a-T-O-01-value'][value='yes']")).to_be_checked()


def test_an_evaluator_scopes_the_rubric_and_enters_a_measurement(
    world: World, new_page: NewPage
) -> None:
    call_command("load_checklists", path=ENGINE, stdout=io.StringIO())
    assessment = world.new_assessment()
    world.answer_all(assessment)
    _answer(world, assessment, "t-hiring", {"T-H-03": 1})
    services.assessment_submit(
        actor=world.users["owner"], assessment=assessment, evaluation_body=world.body.pk
    )
    services.assessment_claim(actor=world.users["evaluator"], assessment=assessment)
    page = new_page(lang="en")
    sign_in(page, "evaluator")
    page.goto(f"/app/assessments/{assessment.pk}/evaluation/")
    expect(page.locator("#scope .alert")).to_contain_text("Before rating")
    expect(page.locator("#m-T-R-04")).to_be_disabled()
    page.locator("input[name='tta'][value='09']").check()
    page.locator("#save-scope").click()
    expect(page.locator("#scope")).to_contain_text("Scope recorded.")
    page.locator("input[name='c-T-R-01'][value='4']").check()
    page.locator("input[name='c-T-R-03'][value='3']").check()
    page.locator("#m-T-R-04").fill("4.2")
    page.get_by_role("button", name="Save ratings").click()
    expect(page.locator("#crit-T-R-04 .measured-level")).to_have_text("level 3")
    expect(page.locator("#rubric-result")).to_contain_text("Pass")
    stored = CriterionRating.objects.get(assessment=assessment, criterion="T-R-04")
    assert (stored.value, stored.rating, stored.state) == (4.2, 3, "rated")
