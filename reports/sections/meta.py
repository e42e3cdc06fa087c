"""The PDF's document properties (title, author, subject, keywords)."""

from __future__ import annotations

from collections.abc import Mapping

from reports.data import ReportData
from reports.shapes import Meta


def meta(data: ReportData, language: str, labels: Mapping[str, str]) -> Meta:
    report = data.report
    author = data.evaluation.body if data.is_evaluation and data.evaluation else None
    return Meta(
        title=f"{labels['title_' + report.kind]} — {data.system.name}",
        author=author or data.organisation,
        subject=f"{data.organisation} · {data.system.name}",
        keywords=f"{report.code}, Trust Check",
        language=language,
        created=report.issued_at,
    )
