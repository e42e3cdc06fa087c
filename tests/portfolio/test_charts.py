"""The portfolio charts are the reports' bar charts in counting mode: accessible SVG (title,
description, text labels), bars scaled to the largest count, every text escaped."""

from __future__ import annotations

import re

from reports.charts import COMPACT, bar_chart
from reports.shapes import Bar, Chart


def test_a_chart_of_counts() -> None:
    chart = Chart(
        title="Systems by <impact>",
        bars=(Bar("Level I & II", 4.0, None), Bar("Level IV", 2.0, None), Bar("None", 0.0, None)),
        self_label="",
        verified_label="",
        counts=True,
        description="Level I & II: 4; Level IV: 2; None: 0",
        compact=True,
    )
    svg = bar_chart(chart)
    assert svg.count("<svg") == 1 and 'role="img"' in svg
    assert "<title>Systems by &lt;impact&gt;</title>" in svg
    assert "<desc>Level I &amp; II: 4; Level IV: 2; None: 0</desc>" in svg
    assert ">Level I &amp; II</text>" in svg and ">4</text>" in svg and ">0</text>" in svg
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="10" fill="#9db3cf"', svg)]
    assert widths == [COMPACT[1], COMPACT[1] / 2, 0.0]
    assert "stroke-dasharray" not in svg  # no rating thresholds on counts


def test_score_charts_are_unchanged() -> None:
    chart = Chart("Scores", (Bar("A", 50.0, None),), "Self-reported", "Verified")
    svg = bar_chart(chart)
    assert "<title>" not in svg and svg.count("stroke-dasharray") == 3
    assert 'width="165.0" height="10" fill="#9db3cf"' in svg and ">50.0</text>" in svg
