"""One sign-in lockout for every path (issue 17.1): the sign-in page, the Django admin and the token
endpoint share one counter per user name and one per client address, and the count is atomic, so
parallel guesses cannot slip past the limit."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.test import Client

from tests.assessments.test_concurrency import _connections_of_their_own, _race  # noqa: F401
from tests.factories import PASSWORD, UserFactory


def _token(client: Client, username: str, password: str) -> int:
    return client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
    ).status_code


@pytest.mark.django_db
def test_admin_sign_in_is_locked_like_the_page(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client(headers={"Accept-Language": "en"})
    for _attempt in range(3):
        page = client.post("/admin/login/", {"username": "root", "password": "guess"})
        assert page.status_code == 200 and "_auth_user_id" not in client.session
    locked = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert locked.status_code == 200
    assert "_auth_user_id" not in client.session  # the right password does not help while locked
    assert "Too many failed sign-ins" in locked.content.decode()
    # The admin's failures count for the other paths too.
    assert _token(client, "root", PASSWORD) == 429
    page = client.post("/accounts/login/", {"username": "root", "password": PASSWORD})
    assert page.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_page_failures_lock_the_admin(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    for _attempt in range(2):
        client.post("/accounts/login/", {"username": "ROOT", "password": "guess"})
    client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_throttled(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 4
    for name in ("u1", "u2", "u3", "u4", "victim"):
        UserFactory(username=name)
    sprayer = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("u1", "u2", "u3", "u4"):  # one guess per name: no name reaches its own limit
        assert _token(sprayer, name, "Summer2026!") == 400
    assert _token(sprayer, "victim", PASSWORD) == 429
    sprayer.post("/admin/login/", {"username": "victim", "password": PASSWORD})
    assert "_auth_user_id" not in sprayer.session
    # Someone else, from another address, signs in as usual.
    assert _token(Client(REMOTE_ADDR="198.51.100.7"), "victim", PASSWORD) == 200


@pytest.mark.django_db
def test_success_clears_the_name_but_not_the_address(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    UserFactory(username="carol")
    client = Client(REMOTE_ADDR="203.0.113.10")
    assert _token(client, "carol", "x") == 400
    assert _token(client, "carol", "y") == 400
    assert _token(client, "carol", PASSWORD) == 200
    # The name starts afresh; the address keeps its two failures.
    assert _token(client, "carol", "z") == 400
    assert _token(client, "carol", PASSWORD) == 429


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_connections_of_their_own")
def test_parallel_wrong_guesses_get_exactly_the_limit_of_checks(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 100
    UserFactory(username="dave")

    def guess(barrier: threading.Barrier) -> int:
        client = Client()
        barrier.wait()
        return _token(client, "dave", "wrong-guess")

    results = _race(*([guess] * 16))
    assert sorted(results) == [400] * 5 + [429] * 11
    assert _token(Client(), "dave", PASSWORD) == 429


@pytest.mark.django_db
def test_counters_whose_window_passed_are_pruned(settings: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from assessments.models import LoginThrottle

    old = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS + 1)
    LoginThrottle.objects.create(key="user:gone", attempts=5, window_started=old)
    UserFactory(username="lee")
    assert _token(Client(REMOTE_ADDR="192.0.2.1"), "lee", "wrong") == 400
    assert not LoginThrottle.objects.filter(key="user:gone").exists()
    assert LoginThrottle.objects.filter(key="user:lee", attempts=1).exists()
