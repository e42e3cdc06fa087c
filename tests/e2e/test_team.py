"""Team management in a real browser, in both languages (issue 11): an owner invites a member who
accepts with a password and answers; a lead invites an evaluator who accepts, is assigned a
submission and reviews it; a removed member can no longer sign in or use a token.

Mail is read from ``mail.outbox`` (the live server runs in this process); notification tasks run
immediately, as ``make run``'s worker would send them.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from assessments.models import ItemVerdict, Membership
from tests.assessments.conftest import IMMEDIATE_TASKS, World
from tests.e2e.conftest import NewPage, sign_in
from tests.factories import api_token

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Strong-Passw0rd-for-tests"
LINK = re.compile(r"https?://[^/\s]+(/invitations/\S+/)")
SAVED = {"ko": "저장됨", "en": "Saved"}


@pytest.fixture(autouse=True)
def _mail_now(settings: Any) -> None:
    settings.TASKS = IMMEDIATE_TASKS


def invite_on_team_page(page: Any, organization_id: int, email: str, role: str) -> str:
    """Invite through the header's Team link; returns the path of the mailed link."""
    page.locator(f"header nav a[href='/app/team/{organization_id}/']").click()
    page.wait_for_url(re.compile(rf"/app/team/{organization_id}/$"))
    page.locator("#id_email").fill(email)
    page.locator("#id_role").select_option(role)
    with page.expect_navigation():
        page.locator("form[action$='/invite/'] button[type=submit]").click()
    expect(page.locator(f"#invitations tr[data-invitation='{email}']")).to_be_visible()
    sent = [m for m in mail.outbox if m.to == [email]]
    assert len(sent) == 1, [m.to for m in mail.outbox]
    found = LINK.search(sent[0].body)
    assert found, sent[0].body
    return found.group(1)


def accept_with_password(page: Any, link: str, username: str) -> None:
    page.goto(link)
    page.locator("#id_username").fill(username)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def second_factor_step(page: Any, username: str) -> None:
    """A new evaluator enrols an authenticator (TOTP, issue 11.4) before reviewing: the code is
    computed from the secret the enrolment page shows, as an authenticator app would."""
    page.goto("/accounts/two-factor/?next=/app/queue/")
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.locator("#id_code").fill(f"{TOTP(base64.b32decode(secret)).token():06d}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.locator("main a.button.primary").click()
    assert TOTPDevice.objects.filter(user__username=username, confirmed=True).count() == 1


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_owner_invites_a_member_who_accepts_and_answers(
    world: World, new_page: NewPage, lang: str
) -> None:
    assessment = world.new_assessment()
    owner = new_page(lang=lang)
    sign_in(owner, "owner")
    link = invite_on_team_page(owner, world.company.pk, "colleague@example.com", "member")

    colleague = new_page(lang=lang)
    accept_with_password(colleague, link, "colleague")
    expect(colleague).to_have_url(re.compile(r"/app/$"))
    expect(colleague.locator("html")).to_have_attribute("lang", lang)
    membership = Membership.objects.get(user__username="colleague")
    assert (membership.organization, membership.role) == (world.company, "member")

    colleague.goto(f"/app/assessments/{assessment.pk}/fill/t-general/")
    colleague.locator("input[name='a-T-A-01-value'][value='yes']").check()
    expect(colleague.locator("#item-T-A-01 .item-status")).to_have_text(SAVED[lang])
    saved = assessment.answers.get(item_code="T-A-01")
    assert saved.value == "yes" and saved.updated_by == membership.user

    # The owner's team page lists the new member; the invitation is gone from the open ones.
    owner.reload()
    expect(owner.locator("#members tr[data-member='colleague']")).to_be_visible()
    expect(owner.locator("tr[data-invitation='colleague@example.com']")).to_have_count(0)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_lead_invites_an_evaluator_who_is_assigned_and_reviews(
    world: World, new_page: NewPage, lang: str
) -> None:
    assessment = world.submitted()
    lead = new_page(lang=lang)
    sign_in(lead, "lead")
    link = invite_on_team_page(lead, world.body.pk, "reviewer@example.com", "evaluator")

    reviewer = new_page(lang=lang)
    accept_with_password(reviewer, link, "reviewer")
    second_factor_step(reviewer, "reviewer")
    expect(reviewer).to_have_url(re.compile(r"/app/queue/$"))

    # The lead assigns the submission from the queue; the assignee gets a mail.
    mail.outbox.clear()
    lead.goto("/app/queue/")
    form = lead.locator(f"form[action='/app/assessments/{assessment.pk}/assign/']")
    form.locator("select[name=assignee]").select_option(label="reviewer")
    with lead.expect_navigation():
        form.locator("button[type=submit]").click()
    assessment.refresh_from_db()
    assert assessment.assigned_to is not None and assessment.assigned_to.username == "reviewer"
    assert [m.to for m in mail.outbox] == [["reviewer@example.com"]]

    # Another evaluator cannot claim it; the assignee sees it as theirs and claims it.
    reviewer.goto("/app/queue/")
    expect(reviewer.locator("td.assigned .badge")).to_have_count(1)
    reviewer.locator(f"main a[href='/app/assessments/{assessment.pk}/']").click()
    with reviewer.expect_navigation():
        reviewer.locator("form[action$='/step/claim/'] button[type=submit]").click()
    assessment.refresh_from_db()
    assert assessment.status == "in_review" and assessment.claimed_by.username == "reviewer"

    reviewer.goto(f"/app/assessments/{assessment.pk}/review/t-general/")
    reviewer.locator("#v-T-A-01").select_option("confirmed")
    reviewer.locator("#r-T-A-01").fill("Plan seen.")
    with reviewer.expect_navigation():
        reviewer.locator(".sticky-actions button[type=submit]").click()
    verdict = ItemVerdict.objects.get(assessment=assessment, item_code="T-A-01")
    assert (verdict.verdict, verdict.evaluator.username) == ("confirmed", "reviewer")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_removed_member_can_no_longer_sign_in_or_use_a_token(
    world: World, new_page: NewPage, lang: str, live_server: Any
) -> None:
    member = new_page(lang=lang)
    sign_in(member, "member")
    token = api_token(world.users["member"])
    headers = {"Authorization": f"Token {token}"}
    assert member.request.get(f"{live_server.url}/api/v1/me/", headers=headers).status == 200

    owner = new_page(lang=lang)
    sign_in(owner, "owner")
    owner.goto(f"/app/team/{world.company.pk}/")
    row = owner.locator("#members tr[data-member='member']")
    with owner.expect_navigation():
        row.locator("form[action$='/remove/'] button[type=submit]").click()
    expect(owner.locator("#members tr[data-member='member']")).to_have_count(0)

    # The open session has ended: the next page asks to sign in.
    member.goto("/app/")
    expect(member).to_have_url(re.compile(r"/accounts/login/"))
    member.locator("#id_username").fill("member")
    member.locator("#id_password").fill("pw-Trust-Check-1")
    member.locator("main form button[type=submit]").click()
    expect(member).to_have_url(re.compile(r"/accounts/login/"))
    expect(member.locator("main form")).to_be_visible()
    assert member.request.get(f"{live_server.url}/api/v1/me/", headers=headers).status == 401
