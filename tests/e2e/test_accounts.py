"""Password reset and two-factor sign-in in a real browser, in both languages (issue 11): a
forgotten password is reset through the mailed link; an evaluator without an authenticator is
sent to enrolment when opening a review page, enrols (the test computes the code from the secret
the page shows), keeps the recovery codes, and then reviews."""

from __future__ import annotations

import base64
import re

import pytest
from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import expect

from assessments.models import ItemVerdict
from tests.assessments.conftest import World
from tests.e2e.conftest import HANGUL, NewPage, sign_in

pytestmark = pytest.mark.browser
NEW_PASSWORD = "an0ther-Long-passphrase"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_forgotten_password_is_reset_through_the_mailed_link(
    world: World, new_page: NewPage, lang: str
) -> None:
    owner = world.users["owner"]
    page = new_page(lang=lang)
    page.goto("/accounts/login/")
    page.locator("a[href='/accounts/reset/']").click()
    page.locator("#id_email").fill(owner.email)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/reset/sent/$"))
    heading = page.locator("h1")
    expect(heading).to_have_text("메일을 확인하십시오" if lang == "ko" else "Check your mail")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [owner.email]
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    assert bool(HANGUL.search(mail.outbox[0].body)) == (lang == "ko")

    page.goto(link.group(0))
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/reset/done/$"))

    page.goto("/accounts/login/")
    page.locator("#id_username").fill("owner")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/app/$"))
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_evaluator_enrols_on_the_way_to_a_review_and_then_reviews(
    world: World, new_page: NewPage, lang: str
) -> None:
    assessment = world.in_review()
    review = f"/app/assessments/{assessment.pk}/review/t-general/"
    page = new_page(lang=lang)
    # Password only: evaluators with no authenticator yet sign in, but cannot review.
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("evaluator")
    page.locator("#id_password").fill("pw-Trust-Check-1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/app/"))

    page.goto(review)
    page.wait_for_url(re.compile(r"/accounts/two-factor/\?next="))
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = TOTP(base64.b32decode(secret))
    page.locator("#id_code").fill(f"{(totp.token() + 1) % 10**6:06d}")  # a wrong code first
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#e-code")).to_be_visible()
    assert bool(HANGUL.search(page.locator("#e-code").inner_text())) == (lang == "ko")
    # django-otp holds a device for 1 s after one wrong code (doubling with each further one).
    page.wait_for_timeout(1100)
    page.locator("#id_code").fill(f"{totp.token():06d}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)

    page.locator("main a.button.primary").click()
    page.wait_for_url(re.compile(re.escape(review) + "$"))
    page.locator("#v-T-A-01").select_option("confirmed")
    page.locator(".section-nav button[value='T-B']").click()
    expect(page).to_have_url(re.compile(r"\?section=T-B$"))
    assert ItemVerdict.objects.get(assessment=assessment, item_code="T-A-01").verdict == "confirmed"


def test_a_signed_in_evaluator_with_an_authenticator_reviews_after_the_code_step(
    world: World, new_page: NewPage
) -> None:
    assessment = world.in_review()
    page = new_page(lang="en")
    sign_in(page, "evaluator")  # password, then the code its authenticator shows
    page.goto(f"/app/assessments/{assessment.pk}/review/t-general/")
    expect(page.locator("#v-T-A-01")).to_be_visible()
    page.goto("/accounts/sessions/")
    expect(page.locator("tr[aria-current='true']")).to_have_count(1)
