"""Password reset by mail (issue 11.3): Django's views with our templates, behind the shared
throttle; the same answer for every address; a new password ends the other sessions and tokens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory, api_token, sign_in

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "an0ther-Long-passphrase"


def _ask(client: Client, email: str) -> Any:
    return client.post("/accounts/reset/", {"email": email}, headers={"accept-language": "en"})


def _link(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_mailed_link_sets_a_new_password_and_ends_every_session_and_token() -> None:
    user = UserFactory(username="rosa", email="rosa@example.com")
    laptop = Client()
    sign_in(laptop, user)
    token = api_token(user)
    assert laptop.get("/app/").status_code == 200

    stranger = Client()
    asked = _ask(stranger, "ROSA@example.com")
    assert asked.status_code == 302 and asked["Location"] == "/accounts/reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rosa@example.com"]
    opened = stranger.get(_link(mail.outbox[0]))
    assert opened.status_code == 302  # Django moves the token out of the address
    form_page = stranger.get(opened["Location"])
    assert b'name="new_password1"' in form_page.content
    done = stranger.post(
        opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done/"

    assert laptop.get("/app/").status_code == 302  # signed out
    api = APIClient(headers={"Authorization": f"Token {token}"})
    assert api.get("/api/v1/me/").status_code == 401
    assert Client().login(username="rosa", password=NEW_PASSWORD)
    # The link works once.
    again = stranger.get(_link(mail.outbox[0]), follow=True, headers={"accept-language": "en"})
    assert b"already used or has expired" in again.content


def test_an_unknown_address_gets_the_same_answer_and_no_mail() -> None:
    UserFactory(username="sam", email="sam@example.com")
    known, unknown = _ask(Client(), "sam@example.com"), _ask(Client(), "nobody@example.com")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["sam@example.com"]]


def test_reset_requests_for_one_address_are_throttled_whether_or_not_it_exists(
    settings: Any,
) -> None:
    settings.PASSWORD_RESET_LIMIT = 2
    UserFactory(username="tia", email="tia@example.com")
    for email in ("tia@example.com", "ghost@example.com"):
        answers = [_ask(Client(REMOTE_ADDR=f"10.0.0.{i}"), email) for i in range(3)]
        assert [a.status_code for a in answers] == [302, 302, 200]
        assert b"Too many reset requests" in answers[2].content
    assert len(mail.outbox) == 2  # tia's two; the third never went out


def test_reset_requests_from_one_client_are_throttled(settings: Any) -> None:
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    UserFactory(username="uma", email="uma@example.com")
    client = Client(REMOTE_ADDR="10.9.9.9")
    answers = [_ask(client, f"probe{i}@example.com") for i in range(3)]
    answers.append(_ask(client, "uma@example.com"))
    assert [a.status_code for a in answers] == [302, 302, 302, 200]
    assert mail.outbox == []
    assert _ask(Client(REMOTE_ADDR="10.9.9.10"), "uma@example.com").status_code == 302
    assert len(mail.outbox) == 1


def test_the_pages_speak_korean() -> None:
    page = Client().get("/accounts/reset/", headers={"accept-language": "ko"})
    assert "비밀번호 재설정".encode() in page.content
    login = Client().get("/accounts/login/", headers={"accept-language": "ko"})
    assert b'href="/accounts/reset/"' in login.content


def test_a_password_change_keeps_this_session_and_ends_the_others() -> None:
    user = UserFactory(username="vera")
    here, there = Client(), Client()
    here.post("/accounts/login/", {"username": "vera", "password": PASSWORD})
    there.post("/accounts/login/", {"username": "vera", "password": PASSWORD})
    token = api_token(user)
    changed = here.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert here.get("/app/").status_code == 200
    assert there.get("/app/").status_code == 302
    assert (
        APIClient(headers={"Authorization": f"Token {token}"}).get("/api/v1/me/").status_code == 401
    )


def test_the_mailed_link_leads_to_the_public_address_whatever_the_host(settings: Any) -> None:
    settings.PUBLIC_BASE_URL = "https://trustcheck.example"
    UserFactory(username="tae", email="tae@example.com")
    Client().post(
        "/accounts/reset/",
        {"email": "tae@example.com"},
        headers={"accept-language": "en", "host": "localhost"},
    )
    assert len(mail.outbox) == 1
    assert "https://trustcheck.example/accounts/reset/" in mail.outbox[0].body
    assert "localhost" not in mail.outbox[0].body
