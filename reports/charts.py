"""Inline SVG for the PDF and the register page: horizontal bar charts, the verification QR code.

Everything is drawn on the server from ``Chart`` data; every piece of text goes through
``escape`` before it becomes markup, so the result may be marked safe in the template. Fonts are
named explicitly: WeasyPrint draws SVG text with the family given here, not the page's.
"""

from __future__ import annotations

import io
import unicodedata
from html import escape

import segno

from assessments.formatting import score
from reports.shapes import Chart

FONT = "NanumGothic"
INK, MUTED, LINE, TRACK = "#1d2330", "#5a6275", "#c9d0db", "#eef1f5"
SELF_FILL, VERIFIED_FILL = "#9db3cf", "#1f3f66"
THRESHOLDS = (60, 75, 90)  # the rating bands' lower edges

LABEL_W, BAR_W, VALUE_W = 236, 330, 74
WIDTH = LABEL_W + BAR_W + VALUE_W
COMPACT = (150, 150, 40)  # label, bar and value widths of a compact chart (a page's card)
FONT_SIZE = 9.5


def _width(text: str) -> float:
    """Rough advance of ``text`` in ems: wide for Hangul and other East Asian letters."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.56 for ch in text)


def _fit(text: str, max_px: float, size: float = FONT_SIZE) -> str:
    limit = max_px / size
    if _width(text) <= limit:
        return text
    cut = text
    while cut and _width(cut) + 1 > limit:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = FONT_SIZE,
    fill: str = INK,
    anchor: str = "start",
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}" font-weight="{weight}">{escape(text)}</text>'
    )


def _value(value: float | None, *, counts: bool = False) -> str:
    if counts:
        return str(int(value or 0))
    return score(value)


def _ticks(chart: Chart) -> tuple[float, ...]:
    """Tick values along the bar: quarters of 100 for scores, whole numbers for counts."""
    if not chart.counts:
        return (0, 25, 50, 75, 100)
    top = int(chart.scale)
    return tuple(sorted({0, top // 2, top})) if top > 1 else (0, 1)


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height}" fill="{fill}"/>'


def bar_chart(chart: Chart) -> str:
    """One row per bar: a label, a track 0-100 with the rating thresholds marked, the value(s).

    A chart of ``counts`` runs its track to the largest count and marks no thresholds."""
    label_w, bar_w, value_w = COMPACT if chart.compact else (LABEL_W, BAR_W, VALUE_W)
    width = label_w + bar_w + value_w
    verified = chart.has_verified
    row_h = 30 if verified else 21
    top = 18
    body_h = row_h * len(chart.bars)
    scale = chart.scale
    legend = bool(chart.self_label)
    height = top + body_h + (30 if legend else 8)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(chart.title)}">'
    ]
    if chart.description:
        parts.append(
            f"<title>{escape(chart.title)}</title><desc>{escape(chart.description)}</desc>"
        )
    for tick in _ticks(chart):
        x = label_w + bar_w * tick / scale
        parts.append(_text(x, 10, f"{tick:g}", size=7.5, fill=MUTED, anchor="middle"))
    for threshold in () if chart.counts else THRESHOLDS:
        x = label_w + bar_w * threshold / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 3}" x2="{x:.1f}" y2="{top + body_h}" stroke="{LINE}" '
            f'stroke-width="0.8" stroke-dasharray="2,2"/>'
        )
    value_x = label_w + bar_w + 8
    for index, bar in enumerate(chart.bars):
        y = top + index * row_h
        parts.append(_text(0, y + 11, _fit(bar.label, label_w - 10)))
        parts.append(_rect(label_w, y + 3, bar_w, 10, TRACK))
        if bar.value is not None:
            parts.append(_rect(label_w, y + 3, bar_w * bar.value / scale, 10, SELF_FILL))
        weight = "normal" if verified else "bold"
        parts.append(
            _text(value_x, y + 11.5, _value(bar.value, counts=chart.counts), weight=weight)
        )
        if verified:
            parts.append(_rect(label_w, y + 15, bar_w, 10, TRACK))
            if bar.verified is not None:
                parts.append(_rect(label_w, y + 15, bar_w * bar.verified / 100, 10, VERIFIED_FILL))
            parts.append(_text(value_x, y + 23.5, _value(bar.verified), weight="bold"))
    legend_y = top + body_h + 18
    if legend:
        parts.append(_rect(label_w, legend_y - 8, 10, 10, SELF_FILL))
        parts.append(_text(label_w + 14, legend_y, chart.self_label, size=8.5, fill=MUTED))
    if verified:
        x = label_w + 24 + _width(chart.self_label) * 8.5 + 18
        parts.append(_rect(x, legend_y - 8, 10, 10, VERIFIED_FILL))
        parts.append(_text(x + 14, legend_y, chart.verified_label, size=8.5, fill=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def qr_code(url: str, *, scale: int = 3) -> str:
    """The verification URL as an inline SVG QR code (error correction M, no quiet zone)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=scale,
        border=0,
        dark=INK,
        xmldecl=False,
        svgns=True,
        svgclass=None,
        lineclass=None,
    )
    return buffer.getvalue().decode()
