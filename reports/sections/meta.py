"""The PDF's document properties (title, author, subject, keywords)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.data import ReportData
from reports.shapes import Meta


def title(kind: str) -> str:
    """The report's title, on the cover and in the PDF's properties."""
    if kind == "evaluation":
        return _("AI Trustworthiness Evaluation Report")
    return _("AI Trustworthiness Self-Assessment Report")


def meta(data: ReportData, language: str) -> Meta:
    report = data.report
    author = data.evaluation.body if data.is_evaluation and data.evaluation else None
    return Meta(
        title=f"{title(report.kind)} — {data.system.name}",
        author=author or data.organisation,
        subject=f"{data.organisation} · {data.system.name}",
        keywords=f"{report.code}, Trust Check",
        language=language,
        created=report.issued_at,
    )
