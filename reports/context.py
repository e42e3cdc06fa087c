"""``build_report_context``: everything a report shows, computed from plain data.

Pure (STYLE.md rule 9): no database, no settings, no request. The inputs are the report's data
snapshot (the JSON embedded in the PDF, see ``reports.selectors.snapshot_data``), the parsed
checklist documents it names, the verification URL and the data's SHA-256. The snapshot is read
once into typed data (``reports.data.ReportData``, which also reads the older stored shapes);
each section of ``reports.sections`` turns it into its part of a tree of frozen dataclasses
holding display-ready text in the report's language; the template only lays it out. User text
stays plain text here: the template escapes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checklists.schema import ChecklistDocument
from reports import formatting as fmt
from reports.answers import applied_checklists
from reports.data import ReportData
from reports.labels import labels_for
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
    report = snapshot.report
    language = report.language
    labels = labels_for(language)
    checklists = applied_checklists(snapshot, documents)
    return ReportContext(
        language=language,
        kind=report.kind,
        code=report.code,
        verify_url=verify_url,
        data_sha256=data_sha256,
        issued=fmt.date(report.issued_at, language),
        labels=labels,
        meta=meta(snapshot, language, labels),
        cover=cover(snapshot, checklists, evaluation_document, language, labels),
        summary=summary(snapshot, checklists, language, labels),
        findings=findings(snapshot.scores, checklists, language, labels),
        gaps=gaps(snapshot.scores, checklists, language),
        coverage=coverage_rows(snapshot.scores, language),
        obligations=obligations(checklists, language, labels),
        evaluation=evaluation(snapshot, evaluation_document, language, labels),
        signoff=signoff(snapshot, language, labels),
        appendix=appendix(checklists, language, labels),
        remediation=remediation_section(snapshot.remediation, language, fmt.date),
    )
