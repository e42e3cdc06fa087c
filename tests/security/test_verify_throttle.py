"""The public verification throttle (issue 17.4): keyed on the real client address (forwarded
headers only from configured proxies) and counted in a cache every process shares."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from rest_framework.test import APIClient

from core.clientaddress import client_address

ROOT = Path(__file__).resolve().parents[2]
URL = "/api/v1/verify/TC-2026-AAAA-AAAA/"
PAGE = "/verify/TC-2026-AAAA-AAAA/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    caches["default"].clear()


def _statuses(url: str, forwarded: list[str], remote: str = "203.0.113.5") -> list[int]:
    client = APIClient(REMOTE_ADDR=remote)
    return [client.get(url, HTTP_X_FORWARDED_FOR=f).status_code for f in forwarded]


def test_a_forged_forwarded_header_does_not_reset_the_count(settings: Any) -> None:
    settings.REPORT_VERIFY_THROTTLE = "3/minute"
    settings.TRUSTED_PROXIES = []
    forged = [f"10.0.0.{n}" for n in range(5)]
    assert _statuses(URL, forged) == [404, 404, 404, 429, 429]
    assert _statuses(PAGE, ["10.9.9.9"]) == [429]  # the page and the API share the count


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(settings: Any) -> None:
    settings.REPORT_VERIFY_THROTTLE = "2/minute"
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.1.0.0/16"]
    # Through the proxy, each client has its own count: the right-most untrusted hop.
    assert _statuses(URL, ["198.51.100.1"] * 3, remote="127.0.0.1") == [404, 404, 429]
    assert _statuses(URL, ["1.2.3.4, 198.51.100.2, 10.1.4.4"] * 2, remote="127.0.0.1") == [
        404,
        404,
    ]
    # Sent straight to the app, the header is ignored.
    assert _statuses(URL, ["198.51.100.3"] * 3, remote="203.0.113.77") == [404, 404, 429]


def test_client_address_rules(rf: Any, settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    request = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_address(request) == "203.0.113.5"
    settings.TRUSTED_PROXIES = ["203.0.113.0/24"]
    assert client_address(request) == "1.1.1.1"
    request = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_address(request) == "203.0.113.5"


def test_the_count_lives_in_the_database_cache(settings: Any) -> None:
    settings.REPORT_VERIFY_THROTTLE = "5/minute"
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    _statuses(URL, ["x"])
    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        assert cursor.fetchone()[0] >= 1  # the counter is a row other processes read too


def _redis_available() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_redis_is_used_when_configured(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "TRUSTCHECK_VAR_DIR": str(tmp_path),
    }
    script = (
        "from django.core.cache import cache; from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND']);"
        "cache.set('trustcheck-probe', 41); print(cache.incr('trustcheck-probe'))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "42"]
    # A second process sees the first one's value: the count is shared.
    again = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "from django.core.cache import cache; print(cache.get('trustcheck-probe'));"
            "cache.delete('trustcheck-probe')",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.stdout.split() == ["42"], again.stderr
