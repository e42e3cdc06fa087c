"""``build_report_context``: everything a report shows, computed from plain data.

Pure (STYLE.md rule 9): no database, no settings, no request. The inputs are the report's data
snapshot (the JSON embedded in the PDF, see ``reports.selectors.snapshot_data``), the parsed
checklist documents it names, the verification URL and the data's SHA-256. The snapshot is read
once into typed data (``reports.data.ReportData``, which also reads the older stored shapes);
each section of ``reports.sections`` turns it into its part of a tree of frozen dataclasses
holding display-ready text in the report's language; the template only lays it out. User text
stays plain text here: the template escapes it.

Fixed texts come from the one gettext catalogue (``locale/{ko,en}``), the pages' own: the builder
runs under ``translation.override(report language)``, so the worker's locale never matters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import override

from checklists.schema import ChecklistDocument
from reports import formatting as fmt
from reports.answers import applied_checklists
from reports.data import ReportData
from reports.sections.appendix import appendix, obligations
from reports.sections.cover import cover
from reports.sections.coverage import coverage_rows
from reports.sections.evaluation import evaluation
from reports.sections.findings import findings
from reports.sections.gaps import gaps
from reports.sections.meta import meta
from reports.sections.remediation import remediation_section
from reports.sections.signoff import signoff
from reports.sections.summary import summary
from reports.shapes import ReportContext


def build_report_context(
    *,
    data: Mapping[str, Any],
    documents: Mapping[str, ChecklistDocument],
    evaluation_document: ChecklistDocument | None,
    verify_url: str,
    data_sha256: str,
) -> ReportContext:
    """Everything the report template needs, in the report's language (see the module docstring).

    ``documents`` maps each ``slug@version`` of ``data["checklists"]`` to its parsed document;
    ``evaluation_document`` is the reliability criteria of an evaluation report, else None.
    """
    # User text cannot reorder what the report shows.
    snapshot = ReportData.parse(fmt.without_bidi_controls(data))
    with override(snapshot.report.language):
        return _context(snapshot, documents, evaluation_document, verify_url, data_sha256)


def _context(
    snapshot: ReportData,
    documents: Mapping[str, ChecklistDocument],
    evaluation_document: ChecklistDocument | None,
    verify_url: str,
    data_sha256: str,
) -> ReportContext:
    report = snapshot.report
    language = report.language
    checklists = applied_checklists(snapshot, documents)
    return ReportContext(
        language=language,
        kind=report.kind,
        code=report.code,
        verify_url=verify_url,
        data_sha256=data_sha256,
        issued=fmt.date(report.issued_at, language),
        meta=meta(snapshot, language),
        cover=cover(snapshot, checklists, evaluation_document, language),
        summary=summary(snapshot, checklists, language),
        findings=findings(snapshot.scores, checklists, language),
        gaps=gaps(snapshot.scores, checklists, language),
        coverage=coverage_rows(snapshot.scores),
        obligations=obligations(checklists, language),
        evaluation=evaluation(snapshot, evaluation_document, language),
        signoff=signoff(snapshot, language),
        appendix=appendix(checklists, language),
        remediation=remediation_section(snapshot.remediation, language, fmt.date),
    )
