"""DEBUG is off unless the environment turns it on (issue 16 item 12): a production process that
forgets the variable never shows Django's debug page for an unknown address."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
# Plain static URLs: a deployment's collectstatic (a manifest) is not what this test is about.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
response = Client().get("/no-such-page/", secure=True)
body = response.content.decode()
print(settings.DEBUG, response.status_code, "URLconf" in body or "Traceback" in body)
"""


def test_debug_defaults_to_off_and_an_unknown_url_shows_no_debug_page(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "test-" + "q8Zr4Lm2Vx7Nc1Bt6Hy3Jw9Ks5Df0Ga" * 2,
            "TRUSTCHECK_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["False", "404", "False"], result.stdout


def test_without_a_secret_key_debug_off_refuses_to_start(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "TRUSTCHECK_VAR_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_the_404_page_is_ours_in_both_languages(db: None) -> None:
    for language, heading in (("ko", "페이지를 찾을 수 없습니다"), ("en", "Page not found")):
        client = Client()
        client.cookies["django_language"] = language
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        body = response.content.decode()
        assert heading in body and 'class="site-header"' in body
