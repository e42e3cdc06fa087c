"""From a report context to PDF bytes: templates, stylesheet, one sandboxed WeasyPrint job.

Thin on purpose (STYLE.md rule 9): the content comes from ``reports.context``, the layout from
``templates/reports/``, the limits from ``reports.sandbox``. What this module decides is only how
the report is cut into parts - the front matter, the gaps, the evaluation and sign-off, and the
appendix in runs of whole sections - so that no single WeasyPrint document grows with the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import charts
from reports.isolation import render_isolated
from reports.linebreak import keep_korean_words
from reports.qr import qr_code
from reports.sandbox import Attachment, RenderJob, RenderOutput
from reports.shapes import Chart, ChecklistItems, ReportContext, SectionItems

DATA_ATTACHMENT = "report-data.json"
CHART_WIDTH = 640  # px of the viewBox; the SVG scales to the text width (report.css)
CHART_LABEL_WIDTH = 236  # the labels' column: a long section title wraps inside it
GAP_ROWS_PER_TABLE = 40  # many short tables paginate faster than one long one
GAPS_PER_PART = 400
APPENDIX_ITEMS_PER_PART = 250
FRONT = ("cover", "summary", "findings")
MIDDLE = ("coverage", "obligations", "remediation", "evaluation", "signoff")

# Page numbers are stamped over the joined parts (the total is known only then), by CSS.
_PAGE_NUMBERS = """@page {{ size: A4; margin: 24mm 18mm 20mm 18mm;
  @bottom-right {{ content: {counter}; font-family: "NanumGothic"; font-size: 7.5pt;
    color: #5a6275; vertical-align: top; padding-top: 2.5mm; }} }}
@page :first {{ @bottom-right {{ content: none; }} }}"""


@dataclass(frozen=True, slots=True)
class AppendixEntry:
    """One checklist's sections within a part; ``continued`` when an earlier part began it."""

    checklist: ChecklistItems
    sections: tuple[SectionItems, ...]
    continued: bool


def _chunks[T](rows: Sequence[T], size: int) -> list[Sequence[T]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def appendix_parts(checklists: Sequence[ChecklistItems], size: int) -> list[list[AppendixEntry]]:
    """The appendix cut at section boundaries into runs of about ``size`` items."""
    parts: list[list[AppendixEntry]] = []
    current: list[AppendixEntry] = []
    count = 0
    for checklist in checklists:
        sections: list[SectionItems] = []
        continued = False
        for section in checklist.sections:
            if count and count + len(section.items) > size:
                if sections:
                    current.append(AppendixEntry(checklist, tuple(sections), continued))
                    sections, continued = [], True
                parts.append(current)
                current, count = [], 0
            sections.append(section)
            count += len(section.items)
        if sections:
            current.append(AppendixEntry(checklist, tuple(sections), continued))
    if current:
        parts.append(current)
    return parts


def _legend(chart: Chart) -> charts.Legend:
    return charts.Legend(chart.self_label, chart.verified_label)


def bar_svg(chart: Chart) -> str:
    """``chart`` drawn by the one chart builder, at the report's text width."""
    return charts.bars(
        chart.bars,
        title=chart.title,
        legend=_legend(chart),
        width=CHART_WIDTH,
        label_width=CHART_LABEL_WIDTH,
    )


def radar_svg(chart: Chart) -> str:
    return charts.radar(chart.bars, title=chart.title, legend=_legend(chart), width=CHART_WIDTH)


def _common(context: ReportContext) -> dict[str, Any]:
    """What every part's template needs. Only server-made SVG (escaped there) is marked safe."""
    findings = [
        {"finding": f, "chart": mark_safe(bar_svg(f.chart))}  # noqa: S308
        for f in context.findings
    ]
    summary, ethics = context.summary.chart, context.summary.ethics
    return {
        "r": context,
        "qr": mark_safe(qr_code(context.verify_url)),  # noqa: S308
        "summary_chart": mark_safe(bar_svg(summary)) if summary else "",  # noqa: S308
        "ethics_chart": mark_safe(radar_svg(ethics)) if ethics else "",  # noqa: S308
        "findings": findings,
    }


def report_parts(context: ReportContext) -> tuple[str, ...]:
    """The report as HTML documents to be rendered one after another and joined, in the
    report's language (the catalogue's texts, whatever the worker's locale)."""
    with override(context.language):
        return _report_parts(context)


def _report_parts(context: ReportContext) -> tuple[str, ...]:
    common = _common(context)

    def part(show: Sequence[str], run: str = "", **extra: Any) -> str:
        values = {**common, "show": show, "run_section": run, **extra}
        return keep_korean_words(render_to_string("reports/report.html", values))

    parts = [part(FRONT)]
    for index, gaps in enumerate(_chunks(context.gaps, GAPS_PER_PART) or [()]):
        chunks = _chunks(gaps, GAP_ROWS_PER_TABLE)
        parts.append(
            part(["gaps"], _("Gaps and recommendations"), gap_chunks=chunks, gaps_first=index == 0)
        )
    parts.append(part(MIDDLE, _("Framework coverage")))
    for index, entries in enumerate(appendix_parts(context.appendix, APPENDIX_ITEMS_PER_PART)):
        parts.append(
            part(
                ["appendix"],
                _("Appendix: all answers"),
                appendix=entries,
                appendix_first=index == 0,
            )
        )
    return tuple(parts)


def report_html(context: ReportContext) -> str:
    """The whole report as one HTML document (for browsers and benchmarks; PDFs use the parts)."""
    with override(context.language):
        html = _whole_html(context)
    return keep_korean_words(html)


def _whole_html(context: ReportContext) -> str:
    return render_to_string(
        "reports/report.html",
        {
            **_common(context),
            "show": (*FRONT, "gaps", *MIDDLE, "appendix"),
            "gap_chunks": _chunks(context.gaps, GAP_ROWS_PER_TABLE),
            "gaps_first": True,
            "appendix": [AppendixEntry(c, c.sections, False) for c in context.appendix],
            "appendix_first": True,
        },
    )


def report_stylesheets() -> tuple[str, ...]:
    return (render_to_string("reports/report.css"),)


def page_counter(language: str) -> str:
    """The footer's CSS ``content``: the catalogue's "Page {page} of {pages}" with the counters
    in place of the numbers ("Page 2 of 9", "2 / 9쪽")."""
    with override(language):
        pattern = _("Page {page} of {pages}")
    text = pattern.replace("\\", "").replace('"', "")  # a CSS string cannot be broken out of
    counters = {"page": '" counter(page) "', "pages": '" counter(pages) "'}
    return f'"{text.format(**counters)}"'


def page_numbers(language: str) -> str:
    return _PAGE_NUMBERS.format(counter=page_counter(language))


def static_roots() -> tuple[str, ...]:
    """Folders the renderer may read static files from: the app's own, nothing else."""
    roots: list[Any] = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    return tuple(str(Path(root)) for root in roots if root and Path(root).is_dir())


def render_job(
    context: ReportContext, *, data_json: bytes, created: datetime | None = None
) -> RenderJob:
    return RenderJob(
        parts=report_parts(context),
        stylesheets=report_stylesheets(),
        attachments=(
            Attachment(
                name=DATA_ATTACHMENT,
                data=data_json,
                description=f"Data of report {context.code}, SHA-256 {context.data_sha256}",
            ),
        ),
        static_roots=static_roots(),
        created=created,
        page_numbers=page_numbers(context.language),
    )


def render_pdf(
    context: ReportContext, *, data_json: bytes, created: datetime | None = None
) -> RenderOutput:
    """Render ``context`` to PDF/A-3b in child processes, within the configured time and memory."""
    return render_isolated(
        render_job(context, data_json=data_json, created=created),
        timeout=settings.REPORT_RENDER_TIMEOUT,
        memory_mb=settings.REPORT_RENDER_MEMORY_MB,
        processes=settings.REPORT_RENDER_PROCESSES,
    )
