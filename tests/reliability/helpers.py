"""Seeding shared by the reliability tests (in the test process and in ``pg_app`` subprocesses)."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.db import NotSupportedError
from django.db.models import QuerySet


def issue_report(*, actor: Any, assessment: Any, kind: str, language: str) -> Any:
    """``reports.services.report_issue``, so that tests needing a report can have one.

    On PostgreSQL the service's row lock fails ("FOR UPDATE cannot be applied to the nullable side
    of an outer join": it locks with ``select_related`` of nullable foreign keys). That product bug
    is pinned by ``test_api_contract.test_a_report_can_be_issued``; here the service runs again
    with the lock limited to the assessment row (``of=("self",)``, the likely fix).
    """
    from reports import services

    try:
        return services.report_issue(
            actor=actor, assessment=assessment, kind=kind, language=language
        )
    except NotSupportedError:
        original = QuerySet.select_for_update

        def own_rows_only(self: QuerySet[Any], **kwargs: Any) -> QuerySet[Any]:
            kwargs.setdefault("of", ("self",))
            return original(self, **kwargs)

        with mock.patch.object(QuerySet, "select_for_update", own_rows_only):
            return services.report_issue(
                actor=actor, assessment=assessment, kind=kind, language=language
            )
