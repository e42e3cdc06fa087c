"""Reliability tests reuse the assessments ``world``: its fixture checklists and one user per role."""

from __future__ import annotations

from tests.assessments.conftest import fixture_content, world  # noqa: F401  (pytest fixtures)
