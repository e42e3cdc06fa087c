"""The portfolio charts come from the one chart builder's counting chart: accessible SVG (title,
description, text labels), bars scaled to the largest count, every text escaped."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from core.charts import counts

SVG = "{http://www.w3.org/2000/svg}"


def test_a_chart_of_counts() -> None:
    svg = counts(
        [("Level I & II", 4), ("Level IV", 2), ("None", 0)],
        title="Systems by <impact>",
        width=360,
        label_width=150,
    )
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Systems by <impact>"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Level I & II: 4; Level IV: 2; None: 0"  # type: ignore[union-attr]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Level I & II" in texts and "4" in texts and "0" in texts
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="10" fill="#1f3f66"', svg)]
    track = 360 - 150 - 40
    assert widths == [track, track / 2]  # the largest count fills the track; zero draws no bar
    assert "stroke-dasharray" not in svg  # no rating thresholds on counts


def test_no_systems_draws_empty_tracks_without_dividing_by_zero() -> None:
    svg = counts([("Expired", 0), ("Valid", 0)], title="Expiry")
    assert svg.count('class="chart-track"') == 2
    assert 'class="chart-count"' not in svg
