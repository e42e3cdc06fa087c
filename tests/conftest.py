from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from checklists import selectors
from tests.checklists.fixtures import VALID, write

# Property tests build whole checklist documents per example; on a machine shared with other jobs
# that generation can exceed Hypothesis's time budget and fail the "too slow" health check,
# which says nothing about the property. Every example is still run and asserted.
hypothesis_settings.register_profile(
    "trustcheck", suppress_health_check=[HealthCheck.too_slow], deadline=None
)
hypothesis_settings.load_profile("trustcheck")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The production hasher is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _public_base_url(settings: Any) -> None:
    # Production must set the address reports link to (pytest runs with DEBUG off, where reports
    # are refused without it); tests that need a real one (the browser's) set the live server's.
    settings.PUBLIC_BASE_URL = "https://trustcheck.example"


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    # Messages raised outside a request follow the active language (Korean by default): tests
    # start from English so that their order never changes a message; requests still follow
    # their own cookie or Accept-Language, and Korean tests ask for Korean.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_document_cache() -> Iterator[None]:
    selectors._cache.clear()
    yield
    selectors._cache.clear()


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A content folder holding one valid checklist, demo-basic 1.0.0."""
    root = tmp_path / "content"
    write(root, VALID)
    return root


@pytest.fixture
def loaded(db: None, content_dir: Path) -> Path:
    call_command("load_checklists", path=content_dir, stdout=io.StringIO())
    return content_dir


@pytest.fixture
def api() -> APIClient:
    """An API client that asks for English messages (the site's default language is Korean)."""
    return APIClient(headers={"Accept-Language": "en"})
