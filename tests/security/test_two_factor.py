"""Two-factor sign-in (issue 11.4, django-otp): enrolment with a QR code and recovery codes, the
code step of the sign-in, the requirement for evaluators, leads and staff (and for every member of
an organisation that asks for it), the token endpoint's ``otp``, and the admin."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from assessments.models import Assessment, AuditEvent, VerifiedToken
from assessments.services.tokens import token_issue
from tests.assessments.conftest import World
from tests.factories import PASSWORD, sign_in, totp_code, totp_device

API = "/api/v1"


@pytest.fixture(autouse=True)
def _no_otp_backoff(settings: Any) -> None:
    # django-otp slows down a device after a wrong code (1 s, 2 s, …); the tests that follow a
    # wrong code with a right one would otherwise wait. The refusal itself is what they check.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _password(client: Client, username: str) -> Any:
    return client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD},
        headers={"accept-language": "en"},
    )


def _code(client: Client, code: str) -> Any:
    return client.post("/accounts/login/code/", {"code": code}, headers={"accept-language": "en"})


def _review_url(world: World) -> str:
    assessment = world.in_review()
    return f"/app/assessments/{assessment.pk}/review/t-general/"


def test_enrolment_shows_a_qr_code_and_secret_confirms_with_a_code_and_shows_recovery_codes(
    world: World,
) -> None:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.users["evaluator"])
    page = client.get("/accounts/two-factor/")
    html = page.content.decode()
    assert re.search(r'<img src="data:image/svg\+xml', html)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)
    assert secret
    key = secret.group(1).replace(" ", "")
    import base64

    totp = TOTP(base64.b32decode(key))
    wrong = client.post("/accounts/two-factor/", {"code": f"{(totp.token() + 1) % 10**6:06d}"})
    assert b"This code is not valid" in wrong.content
    assert not TOTPDevice.objects.filter(user=world.users["evaluator"], confirmed=True).exists()

    confirmed = client.post("/accounts/two-factor/", {"code": f"{totp.token():06d}"})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", confirmed.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=world.users["evaluator"]).confirmed
    # This session passed the code: the review opens at once.
    assert client.get(_review_url(world)).status_code == 200
    # The codes are shown once: the page now only counts them.
    again = client.get("/accounts/two-factor/").content.decode()
    assert "10 recovery codes are left" in again and codes[0] not in again


def test_an_evaluator_without_two_factor_is_sent_to_enrolment_and_refused_by_the_api(
    world: World,
) -> None:
    url = _review_url(world)
    client = Client()
    client.force_login(world.users["evaluator"])
    page = client.get(url)
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/two-factor/?next=")
    assert unquote(page["Location"].split("next=")[1]) == url
    assessment_pk = int(url.split("/")[3])
    before = AuditEvent.objects.count()
    decided = client.post(f"/app/assessments/{assessment_pk}/decide/reject/", {"confirm": "1"})
    assert decided.status_code == 302 and decided["Location"].startswith("/accounts/two-factor/")
    api = APIClient(headers={"Accept-Language": "en"})
    api.force_login(world.users["evaluator"])
    refused = api.post(f"{API}/assessments/{assessment_pk}/request-changes/", {"comment": "x"})
    assert refused.status_code == 403
    assert "two-factor" in refused.json()["message"]
    assert Assessment.objects.get(pk=assessment_pk).status == "in_review"
    assert AuditEvent.objects.count() == before


def test_a_session_from_before_enrolment_passes_the_code_first(world: World) -> None:
    url = _review_url(world)
    device = totp_device(world.users["evaluator"])
    client = Client()
    client.force_login(world.users["evaluator"])  # signed in, second factor not passed
    page = client.get(url)
    assert page["Location"].startswith("/accounts/two-factor/verify/?next=")
    passed = client.post(page["Location"], {"code": totp_code(device)})
    assert passed.status_code == 302 and passed["Location"] == url
    assert client.get(url).status_code == 200


def test_sign_in_asks_for_the_code_after_the_password(world: World) -> None:
    device = totp_device(world.users["evaluator"])
    client = Client()
    first = _password(client, "evaluator")
    assert first.status_code == 302 and first["Location"] == "/accounts/login/code/"
    assert client.get("/app/").status_code == 302  # not signed in yet
    wrong = _code(client, "000000" if totp_code(device) != "000000" else "111111")
    assert wrong.status_code == 200 and b"This code is not valid" in wrong.content
    assert client.get("/app/").status_code == 302
    code = totp_code(device)
    assert _code(client, code).status_code == 302
    assert client.get(_review_url(world)).status_code == 200

    # The same code again (a replay, within its 30 seconds): refused.
    other = Client()
    _password(other, "evaluator")
    replay = _code(other, code)
    assert replay.status_code == 200 and b"already used" in replay.content
    assert other.get("/app/").status_code == 302


def test_a_recovery_code_signs_in_once(world: World) -> None:
    user = world.users["lead"]
    enrol = Client()
    enrol.force_login(user)
    secret = re.search(
        r'id="totp-secret">([A-Z2-7 ]+)<', enrol.get("/accounts/two-factor/").content.decode()
    )
    assert secret
    import base64

    totp = TOTP(base64.b32decode(secret.group(1).replace(" ", "")))
    shown = enrol.post("/accounts/two-factor/", {"code": f"{totp.token():06d}"}).content.decode()
    recovery = re.findall(r"<li><code>([a-z0-9]+)</code></li>", shown)[0]

    client = Client()
    _password(client, "lead")
    used = _code(client, recovery)
    assert used.status_code == 302
    assert client.get(_review_url(world)).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9

    again = Client()
    _password(again, "lead")
    refused = _code(again, recovery)
    assert refused.status_code == 200 and b"This code is not valid" in refused.content
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_company_users_may_sign_in_without_it_unless_their_organisation_requires_it(
    world: World,
) -> None:
    client = Client()
    assert _password(client, "owner")["Location"] == "/app/"
    assessment = world.submitted()
    reports = f"/app/assessments/{assessment.pk}/reports/"
    issue = {"kind": "self_assessment", "language": "en"}
    world.company.require_two_factor = True
    world.company.save()
    refused = client.post(reports, issue)
    assert refused["Location"].startswith("/accounts/two-factor/")
    assert not assessment.reports.exists()  # type: ignore[attr-defined]


def test_a_user_whose_role_requires_it_cannot_turn_it_off(world: World) -> None:
    client = Client(headers={"accept-language": "en"})
    sign_in(client, world.users["evaluator"])
    page = client.post("/accounts/two-factor/", {"action": "remove"}, follow=True)
    assert b"requires two-factor sign-in" in page.content
    assert TOTPDevice.objects.filter(user=world.users["evaluator"], confirmed=True).exists()


def _token(username: str, **extra: str) -> Any:
    return APIClient(headers={"Accept-Language": "en"}).post(
        f"{API}/auth/token/", {"username": username, "password": PASSWORD, **extra}, format="json"
    )


def test_the_token_endpoint_asks_accounts_with_two_factor_for_a_current_code(
    world: World,
) -> None:
    # No authenticator yet: refused, with what to do.
    unenrolled = _token("evaluator")
    assert unenrolled.status_code == 403 and "two-factor" in unenrolled.json()["message"]
    device = totp_device(world.users["evaluator"])
    missing = _token("evaluator")
    assert missing.status_code == 400 and "otp" in missing.json()["extra"]["fields"]
    wrong = _token("evaluator", otp="12345x")
    assert wrong.status_code == 400 and "otp" in wrong.json()["extra"]["fields"]
    code = totp_code(device)
    issued = _token("evaluator", otp=code)
    assert issued.status_code == 200
    replayed = _token("evaluator", otp=code)
    assert replayed.status_code == 400 and "otp" in replayed.json()["extra"]["fields"]
    assert VerifiedToken.objects.count() == 1

    assessment = world.submitted()
    api = APIClient(headers={"Authorization": f"Token {issued.json()['token']}"})
    assert api.post(f"{API}/assessments/{assessment.pk}/claim/").status_code == 200
    # Company users without an authenticator need no code.
    assert _token("owner").status_code == 200


def test_a_token_issued_without_the_code_cannot_review(world: World) -> None:
    assessment = world.submitted()
    _instance, secret = token_issue(actor=world.users["lead"])  # e.g. issued before the rule
    api = APIClient(headers={"Authorization": f"Token {secret}", "Accept-Language": "en"})
    assert api.get(f"{API}/assessments/{assessment.pk}/").status_code == 200  # reading is fine
    refused = api.post(f"{API}/assessments/{assessment.pk}/claim/")
    assert refused.status_code == 403
    assert Assessment.objects.get(pk=assessment.pk).claimed_by_id is None


def test_the_admin_asks_staff_for_the_second_factor(world: World) -> None:
    staff = world.users["staff"]
    client = Client()
    password_only = client.post(
        "/admin/login/?next=/admin/", {"username": "staff", "password": PASSWORD}
    )
    assert password_only.status_code == 200  # the form again, asking for the code
    assert client.get("/admin/").status_code == 302
    device = totp_device(staff)
    signed_in = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "staff",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": totp_code(device),
        },
    )
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_right_code_right_after_a_wrong_one_is_held_and_says_so(
    world: World, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 30  # django-otp's hold after a wrong code, in seconds
    device = totp_device(world.users["evaluator"])
    client = Client()
    _password(client, "evaluator")
    right = totp_code(device)
    wrong = _code(client, "000000" if right != "000000" else "111111")
    assert b"This code is not valid" in wrong.content
    held = _code(client, right)
    assert held.status_code == 200 and b"Too many wrong codes" in held.content
    assert client.get("/app/").status_code == 302  # still not signed in
