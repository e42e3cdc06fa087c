"""The main journeys in a real browser, in both languages, with and without JavaScript.

Buttons are found by their place in the page (form actions, ids, names) rather than by their text,
so that the same steps run in Korean and English; the texts themselves are checked where they are
the point (headings after a language switch, the autosave status, the conflict buttons).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assessments import services
from assessments.choices import AuditAction, Status
from assessments.models import (
    Answer,
    Assessment,
    AuditEvent,
    CriterionRating,
    Evidence,
    ItemVerdict,
)
from tests.assessments.conftest import SCREENING_ANSWERS, World
from tests.e2e.conftest import HANGUL, SCREENSHOTS, NewPage, sign_in, switch_language

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
SAVED = {"ko": "저장됨", "en": "Saved"}
AUTOSAVE_ON = {"ko": "답변은 자동으로 저장됩니다.", "en": "Answers save automatically."}
CONFLICT = {
    "ko": "다른 사람이 이 답변을 먼저 바꾸었습니다.",
    "en": "Someone else changed this answer first.",
}
KEEP_MINE = {"ko": "내 답변으로 덮어쓰기", "en": "Keep my answer"}


# ---- helpers ---------------------------------------------------------------------------------


def fill_url(assessment: Assessment, slug: str, section: str | None = None) -> str:
    return f"/app/assessments/{assessment.pk}/fill/{slug}/" + (
        f"?section={section}" if section else ""
    )


def detail_url(assessment: Assessment) -> str:
    return f"/app/assessments/{assessment.pk}/"


def expect_translated(locator: Any, english: str, lang: str) -> None:
    """English text in English; in Korean, Hangul and not the English source string."""
    expect(locator).to_be_visible()
    if lang == "en":
        expect(locator).to_have_text(english)
    else:
        expect(locator).to_have_text(HANGUL)
        expect(locator).not_to_have_text(english)


def expect_saved(page: Any, code: str, lang: str, version: int | None = None) -> None:
    """Autosave finished for one item (the version moves with each save; the text alone could be
    left over from an earlier save)."""
    fieldset = page.locator(f"#item-{code}")
    if version is not None:
        expect(fieldset).to_have_attribute("data-version", str(version))
    expect(fieldset.locator(".item-status")).to_have_text(SAVED[lang])
    expect(fieldset).not_to_have_class(re.compile(r"\bhas-problem\b"))


def choose(page: Any, code: str, value: str) -> None:
    page.locator(f"input[name='a-{code}-value'][value='{value}']").check()


def answer(page: Any, code: str, value: str, lang: str, version: int = 1) -> None:
    choose(page, code, value)
    expect_saved(page, code, lang, version)


def status_badge(page: Any, status: str) -> Any:
    return page.locator(f"main .page-head .status.status-{status}")


def messages(page: Any) -> Any:
    return page.locator(".messages .alert")


# ---- 1. the company's journey ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_company_journey_from_screening_to_submission(
    world: World, new_page: NewPage, lang: str
) -> None:
    page = new_page()
    page.goto("/accounts/login/")
    switch_language(page, lang)
    expect_translated(page.locator("main h1"), "Sign in", lang)
    sign_in(page, "owner")

    # Dashboard: the language stuck across the sign-in; start an assessment of the system.
    expect(page).to_have_url(re.compile(r"/app/$"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect_translated(page.locator("main h2").first, "AI systems", lang)
    row = page.locator("main tr", has_text="Résumé ranker")
    row.locator("form[action$='/assess/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fill/t-screening/"))
    assessment = Assessment.objects.get(system=world.system)
    expect(page.locator("#save-status")).to_have_text(AUTOSAVE_ON[lang])
    expect_translated(page.locator("#save-button"), "Save this section", lang)

    # Screening of a high-impact hiring system.
    for code, value in SCREENING_ANSWERS.items():
        answer(page, code, value, lang)

    # Overview: high-impact, and the obligations checklist now applies.
    page.locator(".pager a.button.primary").click()
    page.wait_for_url(re.compile(rf"/app/assessments/{assessment.pk}/$"))
    screening = page.locator("section[aria-labelledby=screening-title]")
    expect_translated(screening.locator("h2"), "Screening result", lang)
    expect_translated(screening.locator(".verdict-line .badge.critical"), "High-impact AI", lang)
    for slug in ("t-general", "t-hiring", "t-obligations"):
        expect(screening.locator(f".checklist-list a[href$='/fill/{slug}/']")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.screening["high_impact"] is True

    # The submit page lists what is missing, each a link to its item.
    page.locator(".page-head a.button.primary[href$='/submit/']").click()
    expect_translated(page.locator("main h1"), "Submit the assessment", lang)
    expect(page.locator("input[name=evaluation_body]")).to_have_count(0)
    missing = page.locator("ul.missing li")
    expect(missing.first).to_be_visible()
    first_gap = missing.filter(has_text="T-A-01")
    expect(first_gap).to_have_count(1)
    expect_translated(first_gap.locator("strong"), "Not answered", lang)
    first_gap.locator("a").click()
    page.wait_for_url(re.compile(r"/fill/t-general/\?section=T-A#item-T-A-01$"))
    expect(page.locator("#item-T-A-01")).to_be_visible()

    # t-general, part A: T-A-02 shows only once T-A-01 is "yes", without a reload.
    expect(page.locator("#item-T-A-02")).to_be_hidden()
    choose(page, "T-A-01", "yes")
    expect(page.locator("#item-T-A-02")).to_be_visible()
    expect_saved(page, "T-A-01", lang, 1)
    answer(page, "T-A-02", "yes", lang)
    answer(page, "T-A-03", "3", lang)

    # Evidence for the critical item.
    page.locator("#f-T-A-01").set_input_files(
        files=[{"name": "risk-plan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with page.expect_navigation():
        page.locator("button[form='ev-T-A-01']").click()
    expect(page.locator("#item-T-A-01 .evidence a.file")).to_have_text("risk-plan.pdf")
    expect(page.locator("#item-T-A-02")).to_be_visible()  # the server agrees after the reload

    # Part B: single and multiple choice, optional text and number.
    page.locator(".pager a[href='?section=T-B']").click()
    page.wait_for_url(re.compile(r"section=T-B"))
    answer(page, "T-B-01", "manual", lang)
    choose(page, "T-B-02", "visible")
    choose(page, "T-B-02", "watermark")
    expect_saved(page, "T-B-02", lang)
    page.locator("#v-T-B-03").fill("Head of HR")
    expect_saved(page, "T-B-03", lang, 1)
    page.locator("#v-T-B-05").fill("12000")
    expect_saved(page, "T-B-05", lang, 1)

    # The hiring and obligations checklists, through the tabs.
    page.locator("nav.tabs a[href$='/fill/t-hiring/']").click()
    answer(page, "T-H-01", "yes", lang)
    page.locator("nav.tabs a[href$='/fill/t-obligations/']").click()
    answer(page, "T-O-01", "yes", lang)

    values = {
        a.item_code: (a.value, a.version) for a in Answer.objects.filter(assessment=assessment)
    }
    assert values["T-B-02"][0] == ["visible", "watermark"]
    assert values["T-B-03"] == ("Head of HR", 1)
    assert values["T-B-05"] == (12000, 1)
    assert Evidence.objects.filter(assessment=assessment, item_code="T-A-01").count() == 1

    # Nothing missing any more: submit to the evaluation body.
    page.locator(".pager a.button.primary").click()
    page.locator(".page-head a.button.primary[href$='/submit/']").click()
    expect(page.locator("ul.missing")).to_have_count(0)
    page.locator(f"input[name=evaluation_body][value='{world.body.pk}']").check()
    page.locator("#comment").fill("Ready for review.")
    page.locator("#review-submit").click()
    # A summary to confirm first (issue 16): where it goes, and what.
    expect(page.locator(".confirm-summary dd strong").first).to_have_text(world.body.name)
    page.locator("#confirm-submit").click()
    page.wait_for_url(re.compile(rf"/app/assessments/{assessment.pk}/$"))
    if lang == "en":
        expect(messages(page)).to_have_text(f"Submitted to {world.body.name} (revision 1).")
    expect(status_badge(page, "submitted")).to_be_visible()
    expect_translated(status_badge(page, "submitted"), "Submitted", lang)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.evaluation_body_id, assessment.revision) == (
        Status.SUBMITTED,
        world.body.pk,
        1,
    )


# ---- 2. review, changes requested, resubmission, approval ------------------------------------

REMARK = "The plan names no owner."
CHANGES = "Please name the owner of the risk plan."
FIX = "The plan now names the CTO as its owner."
OPINION = "The risk management is adequate for a high-impact hiring system."


def test_evaluator_requests_changes_then_approves(
    world: World, new_page: NewPage, settings: Any
) -> None:
    assessment = world.submitted()

    # The evaluator finds it in the queue, claims it and gives a verdict on one item.
    evaluator = new_page()
    sign_in(evaluator, "evaluator", lang="en")
    expect(evaluator).to_have_url(re.compile(r"/app/queue/$"))
    row = evaluator.locator("main table tbody tr", has_text="Résumé ranker")
    expect(row).to_have_count(1)
    expect(row.locator(".status-submitted")).to_be_visible()
    row.locator("a").click()
    evaluator.locator("form[action$='/step/claim/'] button").click()
    expect(status_badge(evaluator, "in_review")).to_be_visible()

    evaluator.locator(".checklist-list a[href$='/review/t-general/']").click()
    expect(evaluator.locator("#item-T-A-01 .answer-view")).to_contain_text("Yes")
    expect(evaluator.locator("#item-T-A-01 .answer-view a.file")).to_have_text("plan.pdf")
    evaluator.locator("#v-T-A-01").select_option("partially_confirmed")
    evaluator.locator("#r-T-A-01").fill(REMARK)
    evaluator.locator(".sticky-actions button[type=submit]").click()
    expect(messages(evaluator)).to_have_text("Verdicts saved.")
    expect(evaluator.locator("#v-T-A-01")).to_have_value("partially_confirmed")
    expect(evaluator.locator("#r-T-A-01")).to_have_value(REMARK)
    verdict = ItemVerdict.objects.get(assessment=assessment, item_code="T-A-01")
    assert (verdict.verdict, verdict.remark) == ("partially_confirmed", REMARK)

    # The rubric: three criteria, a rationale for the one below 3.
    evaluator.goto(detail_url(assessment))
    evaluator.locator(".page-head a[href$='/evaluation/']").click()
    for code, level in {"T-R-01": "3", "T-R-02": "4", "T-R-03": "2"}.items():
        evaluator.locator(f"input[name='c-{code}'][value='{level}']").check()
    evaluator.locator("#w-T-R-03").fill("Only partly documented.")
    evaluator.locator(".sticky-actions button[type=submit]").click()
    expect(messages(evaluator)).to_have_text("Ratings saved.")
    expect(evaluator.locator("input[name='c-T-R-02'][value='4']")).to_be_checked()
    assert dict(
        CriterionRating.objects.filter(assessment=assessment).values_list("criterion", "rating")
    ) == {
        "T-R-01": 3,
        "T-R-02": 4,
        "T-R-03": 2,
    }

    # Changes requested with a comment.
    evaluator.locator(".crumbs a").click()
    evaluator.locator("#opinion").fill(CHANGES)
    evaluator.locator("section[aria-labelledby=decide-title] button:not([formaction])").click()
    expect(status_badge(evaluator, "changes_requested")).to_be_visible()

    # The company reads the verdict on the item, fixes it and resubmits.
    company = new_page()
    sign_in(company, "owner", lang="en")
    company.locator(f"main a[href='{detail_url(assessment)}']").click()
    expect(status_badge(company, "changes_requested")).to_be_visible()
    expect(company.locator("ol.events")).to_contain_text(CHANGES)
    company.locator(".checklist-list a[href$='/fill/t-general/']").click()
    note = company.locator("#item-T-A-01 .review-note")
    expect(note).to_contain_text("Partially confirmed")
    expect(note).to_contain_text(REMARK)
    company.locator("#c-T-A-01").fill(FIX)
    expect_saved(company, "T-A-01", "en", 2)
    company.locator(".crumbs a").click()
    company.locator(".page-head a.button.primary[href$='/submit/']").click()
    expect(company.locator("main h1")).to_have_text("Resubmit the assessment")
    company.locator("#review-submit").click()
    company.locator("#confirm-submit").click()
    expect(messages(company)).to_have_text(f"Submitted to {world.body.name} (revision 2).")
    expect(status_badge(company, "submitted")).to_be_visible()
    assessment.refresh_from_db()
    assert (assessment.status, assessment.revision) == (Status.SUBMITTED, 2)
    assert Answer.objects.get(assessment=assessment, item_code="T-A-01").comment == FIX

    # The evaluator claims the resubmission and approves it with an opinion.
    evaluator.goto("/app/queue/")
    evaluator.locator("main table tbody tr", has_text="Résumé ranker").locator("a").click()
    evaluator.locator("form[action$='/step/claim/'] button").click()
    expect(status_badge(evaluator, "in_review")).to_be_visible()
    evaluator.locator("#opinion").fill(OPINION)
    evaluator.locator("button[formaction$='/approve/']").click()
    # Approving is confirmed first, on a page of its own that keeps the opinion.
    expect(evaluator.locator("#decide-comment")).to_have_value(OPINION)
    evaluator.locator("#decide-confirm").click()
    expect(messages(evaluator)).to_have_text("Approved — the company was notified.")
    for page in (evaluator, company):
        page.goto(detail_url(assessment))
        expect(status_badge(page, "approved")).to_have_text("Approved")
        expect(page.locator("main .card .pre")).to_have_text(OPINION)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.opinion) == (Status.APPROVED, OPINION)

    # Both download a report: the company its self-assessment, the evaluator the evaluation.
    import hashlib

    from reports.models import Report

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    for page, kind in ((company, "self_assessment"), (evaluator, "evaluation")):
        page.goto(f"/app/assessments/{assessment.pk}/reports/")
        page.locator("#r-kind").select_option(kind)
        page.locator("#r-language").select_option("en")
        page.locator("form button.primary").click()
        link = page.locator("a", has_text="Download PDF").first
        expect(link).to_be_visible()
        with page.expect_download() as download:
            link.click()
        data = Path(download.value.path()).read_bytes()
        report = Report.objects.get(assessment=assessment, kind=kind)
        assert data.startswith(b"%PDF-")
        assert hashlib.sha256(data).hexdigest() == report.sha256
        assert report.code in download.value.suggested_filename


# ---- 3. autosave ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_autosave_survives_a_reload(world: World, new_page: NewPage, lang: str) -> None:
    assessment = world.new_assessment()
    page = new_page(lang=lang)
    sign_in(page, "owner")
    page.goto(fill_url(assessment, "t-general"))
    expect(page.locator("#save-status")).to_have_text(AUTOSAVE_ON[lang])

    answer(page, "T-A-03", "2", lang, version=1)
    stored = Answer.objects.get(assessment=assessment, item_code="T-A-03")
    assert (stored.value, stored.version) == (2, 1)
    page.reload()
    expect(page.locator("input[name='a-T-A-03-value'][value='2']")).to_be_checked()

    answer(page, "T-A-03", "3", lang, version=2)
    stored.refresh_from_db()
    assert (stored.value, stored.version) == (3, 2)
    page.reload()
    expect(page.locator("input[name='a-T-A-03-value'][value='3']")).to_be_checked()
    expect(page.locator("#item-T-A-03")).to_have_attribute("data-version", "2")


# ---- 4. a concurrent edit ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_concurrent_edit_shows_the_conflict_and_keeps_both(
    world: World, new_page: NewPage, lang: str
) -> None:
    assessment = world.new_assessment()
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[services.AnswerInput(checklist="t-general", item="T-A-03", value=3)],
    )
    owner, member = new_page(lang=lang), new_page(lang=lang)
    sign_in(owner, "owner")
    sign_in(member, "member")
    for page in (owner, member):
        page.goto(fill_url(assessment, "t-general"))
        expect(page.locator("input[name='a-T-A-03-value'][value='3']")).to_be_checked()
        expect(page.locator("#item-T-A-03")).to_have_attribute("data-version", "1")

    answer(owner, "T-A-03", "4", lang, version=2)

    # The member's page still holds version 1: the save is refused and the conflict shown.
    choose(member, "T-A-03", "2")
    conflict = member.locator("#item-T-A-03 .conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text(CONFLICT[lang])
    expect(conflict.locator("p")).to_contain_text(re.compile(r":\s*4\b"))
    expect(member.locator("input[name='a-T-A-03-value'][value='2']")).to_be_checked()
    stored = Answer.objects.get(assessment=assessment, item_code="T-A-03")
    assert (stored.value, stored.version) == (4, 2)

    conflict.get_by_role("button", name=KEEP_MINE[lang]).click()
    expect(conflict).to_have_count(0)
    expect_saved(member, "T-A-03", lang, 3)
    stored.refresh_from_db()
    assert (stored.value, stored.version, stored.updated_by) == (2, 3, world.users["member"])

    # Nothing lost: every write is in the audit trail, and the owner now sees the member's value.
    written = [
        (event.actor.username, entry["version"])
        for event in AuditEvent.objects.filter(assessment=assessment, action=AuditAction.ANSWER)
        for entry in event.data["written"]
        if entry["item"] == "T-A-03"
    ]
    assert written == [("owner", 1), ("owner", 2), ("member", 3)]
    owner.reload()
    expect(owner.locator("input[name='a-T-A-03-value'][value='2']")).to_be_checked()


# ---- 5. without JavaScript --------------------------------------------------------------------


def test_section_form_saves_and_shows_conflicts_without_javascript(
    world: World, new_page: NewPage
) -> None:
    assessment = world.new_assessment()
    page = new_page(lang="en", javascript=False)
    sign_in(page, "owner")
    page.goto(fill_url(assessment, "t-general"))
    expect(page.locator("#save-status")).to_have_text("")  # no autosave
    expect(page.locator("#item-T-A-02")).to_be_hidden()

    choose(page, "T-A-01", "yes")
    choose(page, "T-A-03", "2")
    page.locator("#c-T-A-03").fill("Tested on one data set.")
    page.locator("#save-button").click()
    page.wait_for_url(re.compile(r"\?section=T-A$"))
    expect(messages(page)).to_have_text("Saved.")
    stored = {a.item_code: a for a in Answer.objects.filter(assessment=assessment)}
    assert (stored["T-A-01"].value, stored["T-A-01"].version) == ("yes", 1)
    assert (stored["T-A-03"].value, stored["T-A-03"].version, stored["T-A-03"].comment) == (
        2,
        1,
        "Tested on one data set.",
    )
    expect(page.locator("#item-T-A-02")).to_be_visible()  # show_if on the server
    expect(page.locator("input[name='a-T-A-03-value'][value='2']")).to_be_checked()

    # Someone else saves T-A-03 while this page is open; this page's save is refused, not lost.
    services.answers_upsert(
        actor=world.users["member"],
        assessment=assessment,
        answers=[services.AnswerInput(checklist="t-general", item="T-A-03", value=4, version=1)],
    )
    choose(page, "T-A-03", "1")
    page.locator("#c-T-A-03").fill("Only a spot check.")
    page.locator("#save-button").click()
    page.wait_for_load_state()
    conflict = page.locator("#item-T-A-03 .conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Someone else changed this answer.")
    expect(conflict.locator("code")).to_have_text("4")
    expect(messages(page)).to_contain_text("nothing was saved")
    expect(page.locator("input[name='a-T-A-03-value'][value='1']")).to_be_checked()
    expect(page.locator("#c-T-A-03")).to_have_value("Only a spot check.")
    expect(page.locator("input[name='a-T-A-03-version']")).to_have_value("2")
    stored["T-A-03"].refresh_from_db()
    assert (stored["T-A-03"].value, stored["T-A-03"].version) == (4, 2)

    # Saving again replaces theirs, knowingly.
    page.locator("#save-button").click()
    page.wait_for_url(re.compile(r"\?section=T-A$"))
    expect(messages(page)).to_have_text("Saved.")
    stored["T-A-03"].refresh_from_db()
    assert (stored["T-A-03"].value, stored["T-A-03"].version, stored["T-A-03"].comment) == (
        1,
        3,
        "Only a spot check.",
    )


# ---- layout of the fill page -------------------------------------------------------------------

MISPLACED_CHOICES = """() => {
  const out = [];
  for (const fieldset of document.querySelectorAll("fieldset.item:not([hidden])")) {
    const card = fieldset.getBoundingClientRect();
    for (const choice of fieldset.querySelectorAll(".choice")) {
      const box = choice.getBoundingClientRect();
      if (box.left < card.left - 1 || box.right > card.right + 1) {
        out.push(`${fieldset.dataset.item} "${choice.textContent.trim()}": x ${Math.round(box.left)}-${Math.round(box.right)} outside the card's ${Math.round(card.left)}-${Math.round(card.right)}`);
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_fill_page_answer_choices_sit_inside_their_item(
    world: World, new_page: NewPage, lang: str
) -> None:
    """Items without guidance (optional in the content) must still show their choices under the
    question, inside the item's card, and the page must not scroll sideways."""
    assessment = world.new_assessment()
    page = new_page(lang=lang)
    sign_in(page, "owner")
    for section in ("T-A", "T-B"):
        page.goto(fill_url(assessment, "t-general", section))
        expect(page.locator("#save-status")).to_have_text(AUTOSAVE_ON[lang])
        misplaced = page.evaluate(MISPLACED_CHOICES)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert (misplaced, overflow) == ([], 0), (
            f"{section}: answer choices are laid out outside their item card {misplaced}; "
            f"the page is {overflow}px wider than the window"
        )


# ---- 6 and 7. every main page: screenshots and accessibility smoke checks ---------------------

PAGES = [
    "login",
    "dashboard",
    "system-form",
    "overview",
    "fill",
    "submit",
    "queue",
    "review",
    "rubric",
    "catalog",
]


def _page_targets(world: World) -> dict[str, tuple[str | None, str]]:
    """Data for every main page, and who opens which page at which address."""
    owner, evaluator = world.users["owner"], world.users["evaluator"]
    draft = world.new_assessment()
    services.answers_upsert(
        actor=owner,
        assessment=draft,
        answers=[
            services.AnswerInput(checklist="t-screening", item=c, value=v)
            for c, v in SCREENING_ANSWERS.items()
        ]
        + [
            services.AnswerInput(checklist="t-general", item="T-A-01", value="yes"),
            services.AnswerInput(
                checklist="t-general", item="T-A-03", value=2, comment="Only on last year's data."
            ),
        ],
    )
    review = world.in_review()
    services.verdict_set(
        actor=evaluator,
        assessment=review,
        checklist="t-general",
        item="T-A-01",
        verdict="partially_confirmed",
        remark=REMARK,
    )
    services.rating_set(actor=evaluator, assessment=review, criterion="T-R-01", rating=3)
    services.rating_set(actor=evaluator, assessment=review, criterion="T-R-02", rating=4)
    services.rating_set(
        actor=evaluator,
        assessment=review,
        criterion="T-R-03",
        rating=2,
        rationale="Only partly documented.",
    )
    return {
        "login": (None, "/accounts/login/"),
        "dashboard": ("owner", "/app/"),
        "system-form": ("owner", "/app/systems/new/"),
        "overview": ("owner", detail_url(draft)),
        "fill": ("owner", fill_url(draft, "t-general")),
        "submit": ("owner", f"/app/assessments/{draft.pk}/submit/"),
        "queue": ("evaluator", "/app/queue/"),
        "review": ("evaluator", f"/app/assessments/{review.pk}/review/t-general/"),
        "rubric": ("evaluator", f"/app/assessments/{review.pk}/evaluation/"),
        "catalog": (None, "/"),
    }


def _open(
    new_page: NewPage, pages: dict[str | None, Any], who: str | None, url: str, lang: str
) -> Any:
    if who not in pages:
        pages[who] = new_page(lang=lang)
        if who is not None:
            sign_in(pages[who], who)
    page = pages[who]
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main h1")).to_be_visible()
    expect_translated(page.locator(".site-header nav a[href='/']"), "Checklists", lang)
    return page


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_screenshots_of_every_main_page(world: World, new_page: NewPage, lang: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    targets = _page_targets(world)
    pages: dict[str | None, Any] = {}
    for name in PAGES:
        who, url = targets[name]
        page = _open(new_page, pages, who, url, lang)
        if name == "fill":
            expect(page.locator("#save-status")).to_have_text(AUTOSAVE_ON[lang])
        path = SCREENSHOTS / f"{lang}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000, f"{path} looks empty"


UNNAMED_FIELDS = """() => {
  const text = (el) => (el ? el.textContent.replace(/\\s+/g, " ").trim() : "");
  const nameOf = (el) => {
    const aria = (el.getAttribute("aria-label") || "").trim();
    if (aria) return aria;
    const by = el.getAttribute("aria-labelledby");
    if (by) {
      const named = by.split(/\\s+/).map((id) => text(document.getElementById(id))).join(" ").trim();
      if (named) return named;
    }
    for (const label of el.labels || []) { if (text(label)) return text(label); }
    if (el.type === "radio" || el.type === "checkbox") {
      const fieldset = el.closest("fieldset");
      const legend = fieldset && fieldset.querySelector(":scope > legend");
      if (text(legend)) return text(legend);
    }
    return "";
  };
  return Array.from(document.querySelectorAll("input, select, textarea"))
    .filter((el) => el.type !== "hidden" && el.checkVisibility() && el.getClientRects().length > 0)
    .filter((el) => !nameOf(el))
    .map((el) => el.outerHTML.slice(0, 200));
}"""

TO_THE_TOP = """() => {
  window.scrollTo(0, 0);
  document.body.tabIndex = -1;
  document.body.focus();
  document.body.removeAttribute("tabindex");
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    what: (el.getAttribute("name") || el.textContent || el.value || "").replace(/\\s+/g, " ").trim().slice(0, 40),
    outline: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    visible: el.checkVisibility() && box.width > 0 && box.height > 0,
    inView: box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}"""


@pytest.mark.parametrize("name", PAGES)
def test_accessibility_smoke(world: World, new_page: NewPage, name: str) -> None:
    who, url = _page_targets(world)[name]
    page = _open(new_page, {}, who, url, "ko")

    unnamed = page.evaluate(UNNAMED_FIELDS)
    assert unnamed == [], f"{name}: form fields without an accessible name: {unnamed}"

    # Tab through the page from its top (not from an autofocused field): every stop is visible,
    # on screen, and shows a focus outline.
    page.evaluate(TO_THE_TOP)
    stops: list[dict[str, Any]] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (
            stops and (focused["tag"], focused["what"]) == (stops[0]["tag"], stops[0]["what"])
        ):
            break
        stops.append(focused)
    assert stops, f"{name}: Tab does not reach anything"
    hidden = [s for s in stops if not (s["visible"] and s["inView"])]
    assert hidden == [], f"{name}: Tab moves focus to elements that cannot be seen: {hidden}"
    no_ring = [s for s in stops if s["outline"] == "none" or s["outlineWidth"] == 0]
    assert no_ring == [], f"{name}: focused elements without a visible focus indicator: {no_ring}"
    tags = {s["tag"] for s in stops}
    assert {"a", "button"} <= tags, (
        f"{name}: Tab reached {sorted(tags)}; expected a link and a button"
    )
