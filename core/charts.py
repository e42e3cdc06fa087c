"""The one chart builder: server-made SVG for the pages and the PDF reports.

Pure functions from plain data to an SVG string: horizontal bars (``bars``), bars grouped under
headings (``grouped_bars``), a line over time (``series``) and a radar (``radar``). Every piece of
text, labels and titles included, is escaped here, so a caller may mark the result safe.

- **Accessible**: ``role="img"`` with a ``<title>`` and a ``<desc>`` (every value in words, so a
  screen reader reads what the picture shows), and every value is also printed as text.
- **Labels are never cut**: a label wraps onto as many lines as it needs above its bar, which runs
  the full width of the chart; the height follows.
- **One look in both places**: colours and the font are presentation attributes (WeasyPrint draws
  SVG text in the family named here, not the page's); the pages' CSS may override them through
  the ``chart-*`` classes. Sizes are in the ``viewBox``; the element scales to its box.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from core.formatting import score

FONT = "NanumGothic"
INK, MUTED, LINE, TRACK = "#1d2330", "#5a6275", "#c9d0db", "#eef1f5"
SELF_FILL, VERIFIED_FILL = "#9db3cf", "#1f3f66"
THRESHOLDS = (60, 75, 90)
"""The rating bands' lower edges, marked on every bar track."""

FONT_SIZE = 9.5
LINE_HEIGHT = 12.0
VALUE_W = 64.0
RADAR_SIZE, RADAR_LINE = 9.5, 11.5


@dataclass(frozen=True, slots=True)
class Bar:
    """One labelled 0-100 value, and its verified value when an evaluator gave verdicts."""

    label: str
    value: float | None
    verified: float | None = None


@dataclass(frozen=True, slots=True)
class BarGroup:
    """Bars under one heading (the sections of one checklist)."""

    title: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Legend:
    """The names of the two values, in the reader's language."""

    self_label: str
    verified_label: str


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough advance of ``text``, on the safe side: one em for Hangul and other wide letters,
    0.7 for capitals, 0.56 otherwise."""
    ems = sum(
        1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.7 if ch.isupper() else 0.56
        for ch in text
    )
    return ems * size


def wrap(text: str, max_px: float, size: float = FONT_SIZE) -> list[str]:
    """``text`` in lines no wider than ``max_px``, broken between words (Korean words too);
    a single word wider than a line is broken inside. Nothing is dropped."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= max_px:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:
            if current and text_width(current + ch, size) > max_px:
                lines.append(current)
                current = ""
            current += ch
    if current:
        lines.append(current)
    return lines or [""]


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _attrs(**attributes: object) -> str:
    return " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attributes.items()
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = FONT_SIZE,
    fill: str = INK,
    anchor: str = "start",
    weight: str = "normal",
    class_: str = "chart-label",
) -> str:
    attrs = _attrs(
        x=_num(x),
        y=_num(y),
        font_family=FONT,
        font_size=_num(size),
        fill=fill,
        text_anchor=anchor,
        font_weight=weight,
        class_=class_,
    )
    return f"<text {attrs}>{escape(text)}</text>"


def _lines(x: float, y: float, lines: Sequence[str], **kwargs: object) -> list[str]:
    return [
        _text(x, y + i * LINE_HEIGHT, line, **kwargs)  # type: ignore[arg-type]
        for i, line in enumerate(lines)
    ]


def _rect(x: float, y: float, width: float, height: float, fill: str, class_: str) -> str:
    return f"<rect {_attrs(x=_num(x), y=_num(y), width=_num(width), height=_num(height), fill=fill, class_=class_)}/>"  # noqa: E501


def _value_text(bar: Bar, legend: Legend | None) -> str:
    if bar.verified is None or legend is None:
        return f"{bar.label}: {score(bar.value)}"
    return (
        f"{bar.label}: {legend.self_label} {score(bar.value)}, "
        f"{legend.verified_label} {score(bar.verified)}"
    )


def _ident(kind: str, title: str, data: object) -> str:
    digest = hashlib.sha256(f"{kind}|{title}|{data!r}".encode()).hexdigest()[:10]
    return f"chart-{digest}"


def _open(kind: str, width: float, height: float, title: str, desc: str, data: object) -> str:
    ident = _ident(kind, title, data)
    head = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {_num(width)} {_num(height)}",
        width=_num(width),
        height=_num(height),
        role="img",
        aria_labelledby=f"{ident}-t {ident}-d",
        class_=f"chart chart-{kind}",
    )
    return (
        f'<svg {head}><title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(desc)}</desc>'
    )


def _describe(intro: str, bars: Sequence[Bar], legend: Legend | None) -> str:
    return "; ".join([*([intro] if intro else []), *(_value_text(b, legend) for b in bars)])


# ---- bars -------------------------------------------------------------------------------------


def _track(x: float, y: float, width: float, value: float | None, fill: str, cls: str) -> str:
    parts = [_rect(x, y, width, 10, TRACK, "chart-track")]
    if value is not None:
        parts.append(_rect(x, y, width * max(0.0, min(100.0, value)) / 100, 10, fill, cls))
    return "".join(parts)


def _bar_rows(
    bars: Sequence[Bar], top: float, width: float, verified: bool, label_width: float
) -> tuple[list[str], float]:
    """Each bar's wrapped label, then its track(s) and value(s): the label above the track at
    full width (``label_width`` 0, for narrow screens), or in a column to its left."""
    x0, track_w = label_width, width - label_width - VALUE_W
    parts: list[str] = []
    y = top
    for bar in bars:
        lines = wrap(bar.label, (label_width - 10) if label_width else width)
        parts += _lines(0, y + FONT_SIZE + (1 if label_width else 0), lines)
        row_top = y
        if not label_width:
            y += len(lines) * LINE_HEIGHT + 2
        tracks = [(bar.value, SELF_FILL, "chart-self")]
        if verified:
            tracks.append((bar.verified, VERIFIED_FILL, "chart-verified"))
        if not label_width:  # across this bar's tracks only: the label above stays clear
            parts += _thresholds(x0, track_w, y - 1, y + 13 * len(tracks) - 2)
        for value, fill, cls in tracks:
            parts.append(_track(x0, y, track_w, value, fill, cls))
            bold = "bold" if cls == ("chart-verified" if verified else "chart-self") else "normal"
            parts.append(
                _text(x0 + track_w + 8, y + 9, score(value), weight=bold, class_="chart-value")
            )
            y += 13
        if label_width:  # as compact as a one-line label allows: rows of 21, or 30 with verified
            y = max(y, row_top + len(lines) * LINE_HEIGHT)
            y += 4 if verified else 8
        else:
            y += 7
    if label_width:  # once over the whole column of tracks
        parts += _thresholds(x0, track_w, top - 1, y - 6)
    return parts, y


def _thresholds(x0: float, track_w: float, y1: float, y2: float) -> list[str]:
    """The rating bands' edges as dashed lines over the tracks."""
    return [
        f"<line {_attrs(x1=_num(x), y1=_num(y1), x2=_num(x), y2=_num(y2), stroke=LINE, stroke_width='0.8', stroke_dasharray='2,2', class_='chart-threshold')}/>"  # noqa: E501
        for x in (x0 + track_w * threshold / 100 for threshold in THRESHOLDS)
    ]


def _legend(y: float, legend: Legend, verified: bool, x0: float = 0) -> list[str]:
    parts = [
        _rect(x0, y - 8, 10, 10, SELF_FILL, "chart-self"),
        _text(x0 + 14, y, legend.self_label, size=8.5, fill=MUTED, class_="chart-legend"),
    ]
    if verified:
        x = x0 + 14 + text_width(legend.self_label, 8.5) + 18
        parts.append(_rect(x, y - 8, 10, 10, VERIFIED_FILL, "chart-verified"))
        parts.append(
            _text(x + 14, y, legend.verified_label, size=8.5, fill=MUTED, class_="chart-legend")
        )
    return parts


def _scale(width: float, x0: float = 0) -> list[str]:
    track_w = width - x0 - VALUE_W
    return [
        # "0" starts at the edge rather than centring on it, where half of it would be cut.
        _text(
            x0 + track_w * tick / 100,
            8,
            str(tick),
            size=7.5,
            fill=MUTED,
            anchor="start" if tick == 0 and not x0 else "middle",
        )
        for tick in (0, 25, 50, 75, 100)
    ]


def bars(
    items: Sequence[Bar],
    *,
    title: str,
    legend: Legend,
    desc: str = "",
    width: float = 640,
    label_width: float = 0,
) -> str:
    """Horizontal bars 0-100, the rating thresholds dashed, a second, darker bar under each when
    any verified value exists. Labels wrap, never cut: above each bar at full width, or in a
    left column of ``label_width`` (the PDF, where the page is wide)."""
    verified = any(b.verified is not None for b in items)
    rows, y = _bar_rows(items, 18, width, verified, label_width)
    height = y + 16
    return "".join(
        [
            _open("bars", width, height, title, _describe(desc, items, legend), items),
            *_scale(width, label_width),
            *rows,
            *_legend(y + 8, legend, verified, label_width),
            "</svg>",
        ]
    )


def counts(
    items: Sequence[tuple[str, int]],
    *,
    title: str,
    desc: str = "",
    width: float = 360,
    label_width: float = 150,
) -> str:
    """Whole counts as horizontal bars, each track running to the largest count (no score scale,
    no thresholds): how many systems per impact level, outcome or expiry. Labels wrap in a left
    column; every count is printed beside its bar and listed in the description."""
    most = max((n for _label, n in items), default=0) or 1
    x0, track_w = label_width, width - label_width - 40
    parts: list[str] = []
    y = 6.0
    for label, number in items:
        lines = wrap(label, label_width - 10)
        parts += _lines(0, y + FONT_SIZE + 1, lines)
        parts.append(_rect(x0, y, track_w, 10, TRACK, "chart-track"))
        if number:
            parts.append(_rect(x0, y, track_w * number / most, 10, VERIFIED_FILL, "chart-count"))
        parts.append(
            _text(x0 + track_w + 8, y + 9, str(number), weight="bold", class_="chart-value")
        )
        y = max(y + 13, y + len(lines) * LINE_HEIGHT) + 8
    described = "; ".join([*([desc] if desc else []), *(f"{label}: {n}" for label, n in items)])
    head = _open("counts", width, y, title, described, tuple(items))
    return "".join([head, *parts, "</svg>"])


def grouped_bars(
    groups: Sequence[BarGroup],
    *,
    title: str,
    legend: Legend,
    desc: str = "",
    width: float = 640,
) -> str:
    """``bars`` under one heading per group (one group per checklist), on one shared scale."""
    verified = any(b.verified is not None for g in groups for b in g.bars)
    parts: list[str] = [*_scale(width)]
    y = 18.0
    descriptions = [desc] if desc else []
    for group in groups:
        heading = wrap(group.title, width * 0.9, 10.5)  # bold runs wider
        parts.append('<g class="chart-group">')
        parts += _lines(0, y + 11, heading, size=10.5, weight="bold", class_="chart-heading")
        y += len(heading) * LINE_HEIGHT + 6
        rows, y = _bar_rows(group.bars, y, width, verified, 0)
        parts += rows
        parts.append("</g>")
        y += 4
        descriptions.append(f"{group.title}: " + _describe("", group.bars, legend))
    height = y + 16
    head = _open("grouped", width, height, title, " | ".join(descriptions), groups)
    return "".join([head, *parts, *_legend(y + 8, legend, verified), "</svg>"])


# ---- series -----------------------------------------------------------------------------------


def series(
    points: Sequence[tuple[str, float | None]],
    *,
    title: str,
    desc: str = "",
    width: float = 320,
    height: float = 110,
) -> str:
    """Scores over time as a line with a dot and its value per known point; "" when fewer than
    two points or none known (nothing to draw a line through)."""
    known = [(i, s) for i, (_label, s) in enumerate(points) if s is not None]
    if len(points) < 2 or not known:
        return ""
    left, top = 30.0, 14.0
    step = (width - left - 24) / (len(points) - 1)

    def y(value: float) -> float:
        return top + (100 - value) * (height - top - 30) / 100

    described = "; ".join([*([desc] if desc else []), *(f"{w}: {score(s)}" for w, s in points)])
    parts = [
        _open("series", width, height, title, described, tuple(points)),
        f"<line {_attrs(x1=_num(left), y1=_num(y(100)), x2=_num(left), y2=_num(y(0)), stroke=LINE, class_='chart-axis')}/>",  # noqa: E501
        f"<polyline {_attrs(points=' '.join(f'{_num(left + i * step)},{_num(y(s))}' for i, s in known), fill='none', stroke=VERIFIED_FILL, stroke_width=2, class_='chart-self-line')}/>",  # noqa: E501
    ]
    for i, value in known:
        x = left + i * step
        parts.append(
            f"<circle {_attrs(cx=_num(x), cy=_num(y(value)), r=3, fill=VERIFIED_FILL, class_='chart-self')}/>"  # noqa: E501
        )
        parts.append(
            _text(x, y(value) - 6, score(value), size=8.5, anchor="middle", class_="chart-value")
        )
    for i, (when, _value) in enumerate(points):
        parts.append(_text(left + i * step, height - 8, when, size=8, fill=MUTED, anchor="middle"))
    parts.append("</svg>")
    return "".join(parts)


# ---- radar ------------------------------------------------------------------------------------


def radar(
    axes: Sequence[Bar],
    *,
    title: str,
    legend: Legend,
    desc: str = "",
    width: float = 560,
    radius: float = 120,
) -> str:
    """One spoke per axis (0 at the centre, 100 at the rim, rings at 25/50/75/100), a polygon of
    the values and one of the verified values; each spoke's label and value wrap beside its tip.
    Fewer than three axes make no polygon: they are drawn as ``bars``."""
    if len(axes) < 3:
        return bars(axes, title=title, legend=legend, desc=desc, width=width)
    verified = any(a.verified is not None for a in axes)
    label_w = (width - 2 * radius) / 2 - 16
    cx = width / 2
    label_lines = [wrap(a.label, label_w, RADAR_SIZE) for a in axes]
    extra = max(len(lines) for lines in label_lines) * RADAR_LINE + 14
    cy = 14 + extra + radius
    height = cy + radius + extra + 24
    n = len(axes)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        r = radius * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def polygon(values: Sequence[float], **attributes: object) -> str:
        pts = " ".join(
            f"{_num(x)},{_num(y)}" for x, y in (point(i, v) for i, v in enumerate(values))
        )
        return f"<polygon {_attrs(points=pts, **attributes)}/>"

    parts = [_open("radar", width, height, title, _describe(desc, axes, legend), axes)]
    for ring in (25, 50, 75, 100):
        parts.append(
            polygon([ring] * n, fill="none", stroke=LINE, stroke_width="0.8", class_="chart-ring")
        )
    for index in range(n):
        x, y = point(index, 100)
        parts.append(
            f"<line {_attrs(x1=_num(cx), y1=_num(cy), x2=_num(x), y2=_num(y), stroke=LINE, stroke_width='0.8', class_='chart-axis')}/>"  # noqa: E501
        )
    parts.append(
        polygon(
            [a.value or 0 for a in axes],
            fill=SELF_FILL,
            fill_opacity="0.45",
            stroke=SELF_FILL,
            stroke_width=1.5,
            class_="chart-self",
        )
    )
    if verified:
        parts.append(
            polygon(
                [a.verified or 0 for a in axes],
                fill="none",
                stroke=VERIFIED_FILL,
                stroke_width=2,
                class_="chart-verified-line",
            )
        )
    for index, (axis, lines) in enumerate(zip(axes, label_lines, strict=True)):
        x, y = point(index, 100)
        dx, dy = x - cx, y - cy
        anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
        lx = x + (6 if dx > 1 else -6 if dx < -1 else 0)
        value = score(axis.value) + (f" / {score(axis.verified)}" if verified else "")
        block = [*lines, value]
        height_block = len(block) * RADAR_LINE
        top = (
            y - height_block - 4
            if dy < -1 and abs(dx) < radius * 0.5
            else (y + 12 if dy > 1 and abs(dx) < radius * 0.5 else y - height_block / 2 + 8)
        )
        for i, line in enumerate(block):
            last = i == len(block) - 1
            parts.append(
                _text(
                    lx,
                    top + i * RADAR_LINE + 8,
                    line,
                    size=RADAR_SIZE,
                    anchor=anchor,
                    weight="bold" if last else "normal",
                    class_="chart-value" if last else "chart-label",
                )
            )
    parts += _legend(height - 8, legend, verified)
    parts.append("</svg>")
    return "".join(parts)
