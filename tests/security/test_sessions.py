"""The sessions page (issue 11.5): the user's signed-in sessions and API tokens, each revocable,
and "sign out everywhere else"; nobody can end another user's session or token."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from assessments.services.tokens import token_id, tokens_of
from tests.factories import PASSWORD, UserFactory, api_token

pytestmark = pytest.mark.django_db


def _signed_in(username: str, agent: str) -> Client:
    client = Client(headers={"user-agent": agent, "accept-language": "en"})
    client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert client.get("/app/").status_code == 200
    return client


def _me(secret: str) -> int:
    return APIClient(headers={"Authorization": f"Token {secret}"}).get("/api/v1/me/").status_code


def test_the_page_lists_sessions_and_tokens_and_ends_one_session() -> None:
    user = UserFactory(username="wen")
    laptop, phone = _signed_in("wen", "Laptop Firefox"), _signed_in("wen", "Phone Safari")
    api_token(user)
    page = laptop.get("/accounts/sessions/").content.decode()
    assert "Laptop Firefox" in page and "Phone Safari" in page
    token = tokens_of(user).get()
    assert f"<code>{token.token_key}…</code>" in page
    phone_key = phone.session.session_key
    assert f'value="{phone_key}"' in page
    assert f'value="{laptop.session.session_key}"' not in page  # this one: no button

    laptop.post("/accounts/sessions/", {"session": phone_key})
    assert phone.get("/app/").status_code == 302
    assert laptop.get("/app/").status_code == 200


def test_a_token_is_revoked_from_the_page() -> None:
    user = UserFactory(username="xia")
    laptop = _signed_in("xia", "Laptop")
    secret = api_token(user)
    assert _me(secret) == 200
    laptop.post("/accounts/sessions/", {"token": token_id(tokens_of(user).get())})
    assert _me(secret) == 401


def test_sign_out_everywhere_else_keeps_only_this_session() -> None:
    UserFactory(username="yoon")
    here = _signed_in("yoon", "Here")
    others = [_signed_in("yoon", f"Other {i}") for i in range(2)]
    page = here.post("/accounts/sessions/", {"action": "others"}, follow=True)
    assert b"2 other sessions are signed out." in page.content
    assert [c.get("/app/").status_code for c in others] == [302, 302]
    assert here.get("/app/").status_code == 200


def test_another_users_session_or_token_is_404_and_stays() -> None:
    UserFactory(username="zed")
    victim = UserFactory(username="vic")
    mine = _signed_in("zed", "Mine")
    theirs = _signed_in("vic", "Theirs")
    secret = api_token(victim)
    session = theirs.session.session_key
    assert mine.post("/accounts/sessions/", {"session": session}).status_code == 404
    token = token_id(tokens_of(victim).get())
    assert mine.post("/accounts/sessions/", {"token": token}).status_code == 404
    assert theirs.get("/app/").status_code == 200
    assert _me(secret) == 200
    assert Client().get("/accounts/sessions/").status_code == 302  # anonymous: to sign-in
