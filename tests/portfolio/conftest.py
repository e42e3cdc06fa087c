"""Fixtures for the register tests: the assessments ``world`` (fixture checklists, one user per
role), tasks run immediately (reports render in the test), media in a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.assessments import conftest as assessments_conftest

_fixture_content_rows = assessments_conftest._fixture_content_rows
fixture_content = assessments_conftest.fixture_content
world = assessments_conftest.world

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _register_settings(settings: Any, tmp_path: Path) -> None:
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"
