"""The company's fill page keeps every keystroke and tells the truth (issue 16, items 4, 5, 7, 9).

A comment typed before an answer is saved and survives a reload; leaving with unsaved input warns;
the progress bars count what submit counts (missing required evidence keeps them below 100 %)
and move after each autosave; rejected uploads explain themselves next to their item; a wrong
file can be deleted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assessments.choices import AuditAction
from assessments.models import Answer, AuditEvent, Evidence
from tests.assessments.conftest import SCREENING_ANSWERS, World
from tests.e2e.conftest import HANGUL, NewPage, sign_in
from tests.e2e.test_journeys import PDF, expect_saved, fill_url

pytestmark = pytest.mark.browser


def section_bar(page: Any, code: str) -> Any:
    return page.locator(f"progress[data-section='{code}']")


def test_input_typed_before_the_page_script_runs_is_saved(world: World, new_page: NewPage) -> None:
    """On a slow connection a person types before fill.js has loaded: that input is saved too."""
    assessment = world.new_assessment()
    page = new_page(lang="en")
    sign_in(page, "owner")
    held: list[Any] = []
    page.route("**/static/js/fill.js", lambda route: held.append(route))  # held until released
    page.goto(fill_url(assessment, "t-general", "T-A"), wait_until="commit")
    page.locator("#c-T-A-03").fill("Typed while the page was still loading.")
    page.locator("input[name='a-T-A-01-value'][value='yes']").check()
    assert len(held) == 1 and not Answer.objects.filter(assessment=assessment).exists()
    held[0].continue_()
    expect_saved(page, "T-A-03", "en", version=1)
    expect_saved(page, "T-A-01", "en", version=1)
    stored = {
        a.item_code: (a.value, a.comment) for a in Answer.objects.filter(assessment=assessment)
    }
    assert stored == {
        "T-A-03": (None, "Typed while the page was still loading."),
        "T-A-01": ("yes", ""),
    }


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_comment_typed_before_an_answer_survives_a_reload(
    world: World, new_page: NewPage, lang: str
) -> None:
    assessment = world.new_assessment()
    page = new_page(lang=lang)
    sign_in(page, "owner")
    page.goto(fill_url(assessment, "t-general", "T-A"))
    page.locator("#c-T-A-03").fill("Bias tests are being planned.")
    expect_saved(page, "T-A-03", lang, version=1)
    stored = Answer.objects.get(assessment=assessment, item_code="T-A-03")
    assert (stored.value, stored.comment) == (None, "Bias tests are being planned.")

    page.reload()
    expect(page.locator("#c-T-A-03")).to_have_value("Bias tests are being planned.")
    # Still unanswered: the comment alone never counts as an answer.
    expect(section_bar(page, "T-A")).to_have_attribute("value", "0")

    # Choosing the answer later keeps the comment with it.
    page.locator("input[name='a-T-A-03-value'][value='2']").check()
    expect_saved(page, "T-A-03", lang, version=2)
    stored.refresh_from_db()
    assert (stored.value, stored.comment) == (2, "Bias tests are being planned.")


def test_leaving_with_unsaved_input_warns(world: World, new_page: NewPage) -> None:
    assessment = world.new_assessment()
    page = new_page(lang="en")
    sign_in(page, "owner")
    page.goto(fill_url(assessment, "t-general", "T-A"))
    dialogs: list[str] = []

    def stay(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    # Typed, and left before the autosave's pause is over: the page asks first.
    page.locator("#c-T-A-01").fill("Draft plan exists")
    page.locator("nav.pager a[href='?section=T-B']").click()
    expect(page.locator("#c-T-A-01")).to_have_value("Draft plan exists")
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("?section=T-A")

    # Once it is saved, leaving is quiet.
    expect_saved(page, "T-A-01", "en", version=1)
    page.locator("nav.pager a[href='?section=T-B']").click()
    page.wait_for_url(re.compile(r"\?section=T-B$"))
    assert dialogs == ["beforeunload"]
    assert Answer.objects.get(assessment=assessment, item_code="T-A-01").comment == (
        "Draft plan exists"
    )


def test_progress_counts_missing_evidence_and_moves_after_each_autosave(
    world: World, new_page: NewPage
) -> None:
    assessment = world.new_assessment()
    page = new_page(lang="en")
    sign_in(page, "owner")
    page.goto(fill_url(assessment, "t-general", "T-A"))
    expect(section_bar(page, "T-A")).to_have_attribute("value", "0")

    page.locator("input[name='a-T-A-03-value'][value='3']").check()
    expect_saved(page, "T-A-03", "en", version=1)
    # Without a reload: 1 of 2 required items of the section.
    expect(section_bar(page, "T-A")).to_have_js_property("value", 50)
    page.locator("input[name='a-T-A-01-value'][value='yes']").check()
    expect_saved(page, "T-A-01", "en", version=1)
    page.locator("input[name='a-T-A-02-value'][value='yes']").check()
    expect_saved(page, "T-A-02", "en", version=1)
    # Everything answered, but T-A-01's required evidence is missing: not 100 %, as submit says.
    expect(section_bar(page, "T-A")).to_have_js_property("value", 67)
    expect(page.locator("#checklist-progress")).not_to_have_text("100")
    page.reload()
    expect(section_bar(page, "T-A")).to_have_attribute("value", "67")
    expect(page.locator("#item-T-A-01 .evidence")).to_have_class(re.compile(r"\bis-missing\b"))

    # The overview's bar follows the same rule: 2 of 5 required items of t-general are complete.
    page.goto(f"/app/assessments/{assessment.pk}/")
    expect(
        page.locator(".checklist-list li", has=page.locator("a[href$='/fill/t-general/']")).locator(
            "progress"
        )
    ).to_have_attribute("value", "40")
    page.goto(fill_url(assessment, "t-general", "T-A"))

    # "Required" and "expected" look different, not only read different.
    required = page.locator("#item-T-A-01 .evidence-rule")
    expect(required).to_have_text("Evidence required")
    page.goto(fill_url(assessment, "t-general", "T-B"))
    expected = page.locator("#item-T-B-03 .evidence-rule")
    expect(expected).to_have_text("Evidence expected")
    look = "e => [getComputedStyle(e).color, getComputedStyle(e).borderTopStyle, getComputedStyle(e).fontWeight]"  # noqa: E501
    page.goto(fill_url(assessment, "t-general", "T-A"))
    required_look = required.evaluate(look)
    page.goto(fill_url(assessment, "t-general", "T-B"))
    assert expected.evaluate(look) != required_look

    # With the file attached the section is complete.
    page.goto(fill_url(assessment, "t-general", "T-A"))
    page.locator("#f-T-A-01").set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("button[form='ev-T-A-01']").click()
    page.wait_for_url(re.compile(r"#item-T-A-01$"))
    expect(section_bar(page, "T-A")).to_have_attribute("value", "100")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_rejected_uploads_explain_themselves_next_to_the_item(
    world: World, new_page: NewPage, settings: Any, javascript: bool
) -> None:
    assessment = world.new_assessment()
    page = new_page(lang="en", javascript=javascript)
    sign_in(page, "owner")
    page.goto(fill_url(assessment, "t-general", "T-A"))
    item = page.locator("#item-T-A-01")
    expect(item.locator(".upload-hint")).to_have_text(
        "PDF, PNG, JPEG, TXT, CSV, DOCX, XLSX, PPTX; up to 10 MB per file"
    )

    def upload(name: str, data: bytes) -> Any:
        page.locator("#f-T-A-01").set_input_files(
            {"name": name, "mimeType": "application/octet-stream", "buffer": data}
        )
        page.locator("button[form='ev-T-A-01']").click()
        page.wait_for_url(re.compile(r"#item-T-A-01$"))
        return item.locator(".evidence-error")

    expect(upload("empty.pdf", b"")).to_have_text(re.compile(r"empty\.pdf is empty \(0 bytes\)"))
    expect(upload("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00")).to_have_text(
        re.compile(r"not accepted as evidence\. Accepted: PDF, PNG, JPEG, TXT, CSV, DOCX")
    )
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    error = upload("scan.pdf", PDF + b"0" * (1536 * 1024))
    expect(error).to_have_text("The file (1.5 MB) is larger than the limit of 1 MB.")
    expect(page.locator(".messages .alert")).to_have_count(0)  # beside the item, not at the top
    assert not Evidence.objects.filter(assessment=assessment).exists()
    # The error is shown once; a reload clears it.
    page.reload()
    expect(item.locator(".evidence-error")).to_have_count(0)


def test_wrong_evidence_can_be_replaced_or_deleted_while_editable(
    world: World, new_page: NewPage
) -> None:
    assessment = world.new_assessment()
    page = new_page(lang="en")
    sign_in(page, "owner")
    page.goto(fill_url(assessment, "t-general", "T-A"))
    page.locator("#f-T-A-01").set_input_files(
        {"name": "wrong.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("button[form='ev-T-A-01']").click()
    page.wait_for_url(re.compile(r"#item-T-A-01$"))
    files = page.locator("#item-T-A-01 ul.files a.file")
    expect(files).to_have_text(["wrong.pdf"])
    wrong = Evidence.objects.get(assessment=assessment)
    wrong_path = Path(wrong.file.path)
    assert wrong_path.exists()

    # Replace it: the new file takes its place, in one step.
    page.locator("#f-T-A-01").set_input_files(
        {"name": "right.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("#r-T-A-01").select_option(str(wrong.pk))
    page.locator("button[form='ev-T-A-01']").click()
    expect(files).to_have_text(["right.pdf"])
    assert not wrong_path.exists()
    right = Evidence.objects.get(assessment=assessment)

    # Delete it (after a confirmation).
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"button[form='del-{right.pk}']").click()
    expect(page.locator(".messages .alert")).to_have_text("right.pdf was deleted.")
    expect(files).to_have_count(0)
    assert not Evidence.objects.filter(assessment=assessment).exists()
    deleted = AuditEvent.objects.filter(
        assessment=assessment, action=AuditAction.EVIDENCE_DELETE
    ).order_by("pk")
    assert [e.data["name"] for e in deleted] == ["wrong.pdf", "right.pdf"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_screening_gives_no_verdict_until_complete_and_names_the_level(
    world: World, new_page: NewPage, lang: str
) -> None:
    assessment = world.new_assessment()
    page = new_page(lang=lang)
    sign_in(page, "owner")
    page.goto(fill_url(assessment, "t-screening"))
    for code, value in list(SCREENING_ANSWERS.items())[:3]:
        page.locator(f"input[name='a-{code}-value'][value='{value}']").check()
        expect_saved(page, code, lang, version=1)
    page.goto(f"/app/assessments/{assessment.pk}/")
    card = page.locator("section[aria-labelledby='screening-title']")
    expect(card.locator(".screening-incomplete")).to_contain_text("3")
    expect(card.locator(".screening-incomplete")).to_contain_text("5")
    expect(card.locator(".badge.critical")).to_have_count(0)
    expect(card.locator(".impact-level")).to_have_count(0)
    if lang == "en":
        expect(card.locator(".screening-incomplete")).to_contain_text(
            "3 of 5 screening questions answered."
        )

    card.locator("a.button[href$='/fill/t-screening/']").click()
    for code, value in list(SCREENING_ANSWERS.items())[3:]:
        page.locator(f"input[name='a-{code}-value'][value='{value}']").check()
        expect_saved(page, code, lang, version=1)
    page.goto(f"/app/assessments/{assessment.pk}/")
    expect(card.locator(".badge.critical")).to_be_visible()
    expect(card.locator(".impact-level strong")).to_have_text("IV")
    explained = card.locator(".impact-explained")
    if lang == "en":
        expect(card.locator(".impact-level")).to_contain_text("(very high)")
        expect(explained).to_contain_text("Level IV of IV")
    else:
        expect(explained).to_have_text(HANGUL)
