"""API tokens (issue 17.5): stored hashed, expire, are rotated on password change and can be listed
and revoked by their owner."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory, sign_in

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _sign_in(username: str, password: str = PASSWORD) -> dict[str, Any]:
    reply = APIClient().post(
        f"{API}/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert reply.status_code == 200, reply.content
    return dict(reply.json())


def _as(token: str) -> APIClient:
    return APIClient(headers={"Authorization": f"Token {token}", "Accept-Language": "en"})


def test_a_token_has_an_expiry_and_stops_working_after_it(settings: Any) -> None:
    UserFactory(username="erin")
    body = _sign_in("erin")
    assert set(body) == {"token", "expiry"}
    expiry = datetime.fromisoformat(body["expiry"])
    expected = timezone.now() + timedelta(hours=settings.API_TOKEN_TTL_HOURS)
    assert abs((expiry - expected).total_seconds()) < 60
    assert _as(body["token"]).get(f"{API}/me/").status_code == 200
    # Stored hashed: the key itself is nowhere in the database.
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key FROM knox_authtoken")
        (digest, prefix), *_rest = cursor.fetchall()
    assert body["token"] not in digest and len(prefix) < len(body["token"])
    # The clock passes the expiry.
    from knox.models import AuthToken

    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    assert _as(body["token"]).get(f"{API}/me/").status_code == 401


def test_a_password_change_ends_every_token(settings: Any) -> None:
    UserFactory(username="frank")
    first, second = _sign_in("frank")["token"], _sign_in("frank")["token"]
    page = Client()
    sign_in(page, get_user_model().objects.get(username="frank"))
    changed = page.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "an0ther-Long-passphrase",
            "new_password2": "an0ther-Long-passphrase",
        },
    )
    assert changed.status_code == 302
    for token in (first, second):
        assert _as(token).get(f"{API}/me/").status_code == 401
    # A token issued with the new password works; a change made elsewhere (the admin, a
    # command) ends it too.
    third = _sign_in("frank", "an0ther-Long-passphrase")["token"]
    assert _as(third).get(f"{API}/me/").status_code == 200
    user = get_user_model().objects.get(username="frank")
    user.set_password("yet-an0ther-Passphrase")
    user.save()
    assert _as(third).get(f"{API}/me/").status_code == 401


def test_saving_a_user_without_a_new_password_keeps_the_tokens() -> None:
    user = UserFactory(username="gina")
    token = _sign_in("gina")["token"]
    user.refresh_from_db()
    user.first_name = "Gina"
    user.save()
    assert _as(token).get(f"{API}/me/").status_code == 200


def test_a_user_lists_and_revokes_their_own_tokens() -> None:
    UserFactory(username="hana")
    UserFactory(username="ivan")
    laptop, ci = _sign_in("hana")["token"], _sign_in("hana")["token"]
    theirs = _sign_in("ivan")["token"]
    listing = _as(laptop).get(f"{API}/auth/tokens/")
    assert listing.status_code == 200
    rows = listing.json()["results"]
    assert len(rows) == 2
    assert {tuple(sorted(row)) for row in rows} == {("created", "current", "expiry", "id")}
    assert [row["current"] for row in rows].count(True) == 1
    assert all(row["id"] not in (laptop, ci) for row in rows)  # ids are not the secret
    ci_row = next(row for row in rows if not row["current"])
    # Someone else's token cannot be revoked (nor seen).
    other_id = _as(theirs).get(f"{API}/auth/tokens/").json()["results"][0]["id"]
    assert _as(laptop).delete(f"{API}/auth/tokens/{other_id}/").status_code == 404
    assert _as(theirs).get(f"{API}/me/").status_code == 200
    # Revoke one.
    assert _as(laptop).delete(f"{API}/auth/tokens/{ci_row['id']}/").status_code == 204
    assert _as(ci).get(f"{API}/me/").status_code == 401
    assert _as(laptop).get(f"{API}/me/").status_code == 200
    # Revoke all, the calling one included.
    _sign_in("hana")
    revoked = _as(laptop).post(f"{API}/auth/tokens/revoke-all/")
    assert revoked.status_code == 200 and revoked.json() == {"revoked": 2}
    assert _as(laptop).get(f"{API}/me/").status_code == 401
    assert _as(theirs).get(f"{API}/me/").status_code == 200


def test_tokens_need_a_token_or_session_to_list() -> None:
    response = APIClient(headers={"Accept-Language": "en"}).get(f"{API}/auth/tokens/")
    assert response.status_code == 401
    assert set(response.json()) == {"message", "extra"}
