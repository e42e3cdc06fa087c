"""Every main page on a 390 px phone, in both languages (issue 16 item 11): no sideways
scrolling, a menu that folds away, no label broken one syllable per line, and Korean that breaks
only between words. Screenshots go to var/screenshots/phone/{ko,en}-<page>.png for a person."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from assessments import services
from reports import services as report_services
from tests.assessments.conftest import World
from tests.e2e.conftest import ROOT, NewPage, sign_in
from tests.e2e.test_journeys import _page_targets

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SHOTS = ROOT / "var" / "screenshots" / "phone"

OVERFLOW = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  wide: Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && el.checkVisibility())
    .slice(0, 5)
    .map((el) => el.outerHTML.slice(0, 120)),
})"""

# A visible text element whose words were broken into a column of one or two characters: its
# box is at least four lines tall and narrower than three characters of its own font.
SYLLABLE_COLUMNS = """() => Array.from(document.querySelectorAll("label, th, td, dt, dd, a, button, summary, span, legend, h1, h2, h3, p, li"))
  .filter((el) => el.checkVisibility() && el.textContent.trim().length >= 4 && el.children.length === 0)
  .filter((el) => {
    const box = el.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(el).fontSize) || 16;
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || size * 1.5;
    return box.width > 0 && box.width < size * 3 && box.height >= lineHeight * 4;
  })
  .map((el) => el.outerHTML.slice(0, 120))"""


def _targets(world: World, settings: Any) -> dict[str, tuple[str | None, str]]:
    targets = _page_targets(world)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    submitted = world.submitted()
    report = report_services.report_issue(
        actor=world.users["owner"], assessment=submitted, kind="self_assessment", language="ko"
    )
    asked = world.in_review()
    services.verdicts_set(
        actor=world.users["evaluator"],
        assessment=asked,
        verdicts=[
            services.VerdictInput(
                "t-general", "T-A-03", "not_confirmed", "No bias report.\nAdd it."
            )
        ],
    )
    services.assessment_request_changes(
        actor=world.users["evaluator"],
        assessment=asked,
        comment="Please add the bias report.\nThen resubmit.",
    )
    from assessments.invitations import token_for

    invitation = services.membership_invite(
        actor=world.users["owner"],
        organization=world.company,
        email="colleague@example.com",
        role="member",
    )
    services.membership_invite(
        actor=world.users["lead"],
        organization=world.body,
        email="reviewer@example.com",
        role="evaluator",
    )
    invitation_token = token_for(invitation.key)
    return {
        **targets,
        "verify": (None, f"/verify/{report.code}/"),
        "verify-lookup": (None, "/verify/"),
        "checklist": (None, "/checklists/t-general/"),
        "reports": ("owner", f"/app/assessments/{submitted.pk}/reports/"),
        "activity": ("owner", f"/app/assessments/{submitted.pk}/activity/"),
        "changes-requested": ("owner", f"/app/assessments/{asked.pk}/"),
        "fill-changes": ("owner", f"/app/assessments/{asked.pk}/fill/t-general/"),
        # Teams (issue 11): the team page with its forms, the lead's queue with the assignment
        # forms, the invitation link's page.
        "team": ("owner", f"/app/team/{world.company.pk}/"),
        "lead-queue": ("lead", "/app/queue/"),
        "lead-team": ("lead", f"/app/team/{world.body.pk}/"),
        "invitation": (None, f"/invitations/{invitation_token}/"),
        "withdraw": ("owner", f"/app/assessments/{world.new_assessment().pk}/withdraw/"),
        "decision": ("evaluator", f"/app/assessments/{world.in_review().pk}/"),
    }


def _check(page: Any, name: str, problems: list[str]) -> None:
    """No sideways scrolling and no syllable columns on the page as it is now; a screenshot."""
    overflow = page.evaluate(OVERFLOW)
    if overflow["scrollWidth"] > overflow["innerWidth"]:
        problems.append(f"{name}: scrollWidth {overflow['scrollWidth']} > 390: {overflow['wide']}")
    columns = page.evaluate(SYLLABLE_COLUMNS)
    if columns:
        problems.append(f"{name}: text broken into a narrow column: {columns}")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_main_page_fits_a_phone(
    world: World, new_page: NewPage, lang: str, settings: Any
) -> None:
    targets = _targets(world, settings)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages: dict[str | None, Any] = {}
    problems: list[str] = []
    for name, (who, url) in targets.items():
        if who not in pages:
            page = new_page(lang=lang)
            page.set_viewport_size(PHONE)
            if who is not None:
                sign_in(page, who)
            pages[who] = page
        page = pages[who]
        response = page.goto(url)
        assert response is not None and response.ok, f"{name} {url}: {response and response.status}"
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("main h1")).to_be_visible()
        # The menu is folded on a phone (and opens on a tap, below).
        if page.locator(".site-header nav a[href='/']").is_visible():
            problems.append(f"{lang}-{name}: the menu is not folded")
        _check(page, f"{lang}-{name}", problems)
    # The approve confirmation is reached by a POST from the overview's decision form.
    page = pages["evaluator"]
    page.locator("#opinion").fill("Meets the criteria.")
    page.locator("button[formaction$='/decide/approve/']").click()
    expect(page.locator("#decide-confirm")).to_be_visible()
    _check(page, f"{lang}-decide", problems)
    assert problems == [], "\n".join(problems)
    # The menu, opened, fits too and shows every link.
    page = pages["owner"]
    page.goto("/app/")
    page.locator(".site-menu > summary").click()
    expect(page.locator(".site-header nav a[href='/']")).to_be_visible()
    expect(page.locator(".lang-switch button[value='en']")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"{lang}-menu-open.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_menu_stays_open_on_a_desktop(world: World, new_page: NewPage) -> None:
    page = new_page(lang="en")
    page.goto("/")
    expect(page.locator(".site-menu")).to_have_attribute("open", "")
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    expect(page.locator(".site-header nav a[href='/']")).to_be_visible()


@pytest.mark.parametrize("width", [390, 1280])
def test_korean_breaks_only_between_words(world: World, new_page: NewPage, width: int) -> None:
    page = new_page(lang="ko")
    page.set_viewport_size({"width": width, "height": 844})
    page.goto("/checklists/t-general/")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('main p, main li, main h1')); "
        "return [s.wordBreak, s.overflowWrap]; }"
    )
    assert style[0] == "keep-all", style
    hash_wrap = page.evaluate(
        "() => { const el = document.createElement('span'); el.className = 'hash'; "
        "document.body.appendChild(el); return getComputedStyle(el).overflowWrap; }"
    )
    assert hash_wrap == "anywhere"
