"""Reliability tests reuse the assessments ``world``: its fixture checklists and one user per role."""

from __future__ import annotations

from tests.assessments.conftest import (  # noqa: F401  (pytest fixtures)
    _fixture_content_rows,
    fixture_content,
    world,
)
