"""Browser tests: a real Chromium (Debian's, driven by Playwright) against pytest-django's live server.

The world is the same small one the assessment tests use (fixture checklists, one user per role),
but built with ``transactional_db`` so that the live server's thread sees it. Message catalogues are
compiled into a temporary folder for the session, so the Korean pages are tested as shipped without
writing anything outside the tests.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from playwright.sync_api import expect

from tests.assessments.conftest import CONTENT, World, build_world
from tests.factories import PASSWORD, totp_code, totp_device

# Playwright's sync API keeps an event loop running in this thread; the ORM calls the tests make
# (building the world, checking the database) are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "var" / "screenshots" / "ui"
HANGUL = re.compile("[가-힣]")
TIMEOUT_MS = 20_000
# Assertions wait as long as actions do: on a busy 2-core CI machine an autosave round trip can
# take longer than Playwright's default 5 s. Waiting longer never makes a wrong page pass.
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both catalogues compiled with msgfmt (as ``make messages`` does), into a temporary folder."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail(
            "msgfmt is missing: install Debian's gettext (`make system-deps` or "
            "`apt-get install gettext`) to compile the message catalogues.",
            pytrace=False,
        )
    out = tmp_path_factory.mktemp("locale")
    for language in ("ko", "en"):
        target = out / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        source = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        result = subprocess.run(
            [msgfmt, "--check-format", "-o", str(target / "django.mo"), str(source)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            pytest.fail(f"msgfmt could not compile {source}: {result.stderr}", pytrace=False)
    return out


@pytest.fixture(autouse=True)
def _e2e_settings(settings: Any, compiled_locale: Path, tmp_path: Path) -> None:
    settings.LOCALE_PATHS = [compiled_locale]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.APPLICABILITY_RULES = CONTENT / "rules.yaml"


class Chromium:
    """Debian's Chromium, launched on first use inside a test, so that a missing browser fails
    that test (with what to install) instead of erroring in a fixture or being skipped."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None

    def get(self) -> Any:
        if self._browser is None:
            if not CHROMIUM.exists():
                pytest.fail(
                    f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it "
                    "with `sudo apt-get install chromium` (do not run `playwright install`).",
                    pytrace=False,
                )
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
        return self._browser

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    chromium = Chromium()
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def world(transactional_db: None, settings: Any) -> World:
    """The assessment tests' world, committed so that the live server sees it."""
    call_command("load_checklists", path=CONTENT, stdout=io.StringIO())
    return build_world()


NewPage = Callable[..., Any]


@pytest.fixture
def new_page(browser: Chromium, live_server: Any, settings: Any) -> Iterator[NewPage]:
    """Opens a page in a fresh browser context (its own cookies: one per person).

    The site's public address (``PUBLIC_BASE_URL``: reports' QR codes, mailed links) is the live
    server's, as in a deployment, so a link a test reads from a PDF or a mail opens here.

    ``lang`` presets the language cookie (the journeys switch with the header's buttons instead);
    ``javascript=False`` turns scripts off. Any uncaught JavaScript error, and anything the
    content security policy blocks (an inline style or script), fails the test.
    """
    settings.PUBLIC_BASE_URL = live_server.url
    contexts: list[Any] = []
    errors: list[str] = []

    def make(*, lang: str | None = None, javascript: bool = True) -> Any:
        context = browser.get().new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            locale="ko-KR",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        if lang is not None:
            context.add_cookies(
                [
                    {
                        "name": django_settings.LANGUAGE_COOKIE_NAME,
                        "value": lang,
                        "url": live_server.url,
                    }
                ]
            )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        page.on(
            "console",
            lambda message: (
                errors.append(f"{page.url}: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    if errors:
        pytest.fail(
            "JavaScript errors or CSP violations on the pages: " + "; ".join(errors), pytrace=False
        )


def sign_in(page: Any, username: str, *, lang: str | None = None) -> None:
    """Through the login page; ``lang`` first switches the language with the header's buttons.

    Users who must use two-factor sign-in (evaluators, leads, staff) have an authenticator
    (``totp_device``); the second step is filled with the code it shows now, computed with
    django-otp, as the user would type it from their phone."""
    from django.contrib.auth import get_user_model

    from assessments import twofactor

    user = get_user_model().objects.get(username=username)
    device = totp_device(user) if twofactor.is_required(user) else None
    page.goto("/accounts/login/")
    if lang is not None:
        switch_language(page, lang)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    if device is not None:
        page.wait_for_url(re.compile(r"/accounts/login/code/"))
        page.locator("#id_code").fill(totp_code(device))
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/app/"))


def switch_language(page: Any, lang: str) -> None:
    from playwright.sync_api import expect

    with page.expect_navigation():
        page.locator(f".lang-switch button[value='{lang}']").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(f".lang-switch button[value='{lang}']")).to_have_attribute(
        "aria-current", "true"
    )
