"""Remediation tests share the assessments world (fixture checklists, one user per role)."""

from tests.assessments.conftest import (  # noqa: F401
    _fixture_content_rows,
    _tasks_run_immediately,
    fixture_content,
    world,
)
