"""``core.charts``: the one chart builder, read back as XML (what a browser and WeasyPrint parse)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.charts import Bar, BarGroup, Legend, bars, grouped_bars, radar, series, text_width, wrap

SVG = "{http://www.w3.org/2000/svg}"
LEGEND = Legend("Self-reported", "Verified")


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def accessible(root: ET.Element) -> tuple[str, str]:
    """The chart is an image named by its <title> and described by its <desc>."""
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return title.text or "", desc.text or ""


def value_rects(root: ET.Element, cls: str) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == cls]


def test_bars_draw_one_bar_per_value_with_labels_and_values_as_text() -> None:
    root = parse(
        bars(
            [Bar("Overall", 78.54, None), Bar("Hiring", 50.0, None), Bar("Empty", None, None)],
            title="Scores",
            legend=LEGEND,
        )
    )
    title, desc = accessible(root)
    assert title == "Scores"
    assert "Overall: 78.5" in desc and "Empty: —" in desc
    # Legend swatch + the two known values; None draws a track and no bar.
    assert len(value_rects(root, "chart-self")) == 1 + 2
    assert len(value_rects(root, "chart-track")) == 3
    shown = texts(root)
    assert {"Overall", "Hiring", "Empty", "78.5", "50.0", "—"} <= set(shown)
    assert "Verified" not in shown  # no verified values: no second bar, no legend entry


def test_verified_values_get_a_second_bar_and_a_legend_entry() -> None:
    root = parse(bars([Bar("A", 80.0, 40.0), Bar("B", 60.0, None)], title="t", legend=LEGEND))
    assert len(value_rects(root, "chart-verified")) == 1 + 1  # legend + A's verified bar
    assert len(value_rects(root, "chart-track")) == 4
    assert "Verified" in texts(root)
    assert "A: Self-reported 80.0, Verified 40.0" in accessible(root)[1]


def test_bar_width_follows_the_value() -> None:
    root = parse(bars([Bar("A", 25.0), Bar("B", 100.0)], title="t", legend=LEGEND, width=464))
    widths = [float(r.get("width", "0")) for r in value_rects(root, "chart-self")[:2]]
    assert widths == [100.0, 400.0]  # track = 464 - 64 for the value column


def test_text_is_escaped_everywhere() -> None:
    evil = 'A</text><image href="file:///etc/passwd"/>&'
    svg = bars([Bar(evil, 50.0)], title="<script>x</script>", legend=Legend("s&", '"v"'))
    assert "<image" not in svg and "<script>" not in svg
    root = parse(svg)
    assert accessible(root)[0] == "<script>x</script>"
    assert "A</text><image" in "".join(texts(root))  # the text survives, as text


def test_long_labels_wrap_and_nothing_is_cut() -> None:
    label = "GEN-HR 인권 보장: 인공지능의 개발과 활용은 모든 인간에게 동등하게 부여된 권리를 존중해야 합니다"
    root = parse(bars([Bar(label, 50.0)], title="t", legend=LEGEND, width=240))
    lines = [
        t for t in texts(root) if t not in {"0", "25", "50", "75", "100", "50.0", "Self-reported"}
    ]
    assert len(lines) > 1
    assert " ".join(lines) == label  # every word kept, in order, nothing replaced by "…"
    assert all(text_width(line) <= 240 for line in lines)


@given(st.text(alphabet=st.sampled_from("가나다 abc-"), min_size=0, max_size=80))
def test_wrap_keeps_every_letter(text: str) -> None:
    lines = wrap(text, 60)
    assert "".join("".join(lines).split()) == "".join(text.split())
    assert all(text_width(line) <= 60 or len(line) == 1 for line in lines)


def test_grouped_bars_have_one_group_per_checklist() -> None:
    groups = [
        BarGroup("AI ethics", (Bar("R1", 80.0), Bar("R2", 60.0))),
        BarGroup("Hiring", (Bar("H1", 40.0, 30.0),)),
    ]
    root = parse(grouped_bars(groups, title="Sections", legend=LEGEND))
    found = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-group"]
    assert len(found) == 2
    assert [texts(g)[0] for g in found] == ["AI ethics", "Hiring"]
    assert len(value_rects(found[0], "chart-self")) == 2
    assert len(value_rects(found[1], "chart-verified")) == 1
    desc = accessible(root)[1]
    assert "AI ethics: R1: 80.0" in desc and "Hiring: H1: Self-reported 40.0, Verified 30.0" in desc


def test_series_needs_two_points_and_skips_unknown_ones() -> None:
    assert series([("2026-01-01", 50.0)], title="x") == ""
    assert series([("a", None), ("b", None)], title="x") == ""
    root = parse(series([("<2025>", 40.0), ("2026", None), ("2027", 80.0)], title="a&b"))
    assert accessible(root)[0] == "a&b"
    assert len(list(root.iter(f"{SVG}circle"))) == 2
    assert {"<2025>", "2026", "2027", "40.0", "80.0"} <= set(texts(root))


def test_radar_has_a_spoke_and_a_label_per_axis() -> None:
    axes = [Bar(f"R{n} requirement {n}", n * 10.0, n * 5.0) for n in range(1, 11)]
    root = parse(radar(axes, title="Ethics", legend=LEGEND))
    accessible(root)
    spokes = [line for line in root.iter(f"{SVG}line") if line.get("class") == "chart-axis"]
    assert len(spokes) == 10
    shown = texts(root)
    for n in range(1, 11):
        assert any(t.startswith(f"R{n} ") for t in shown)
        assert f"{score_text(n * 10.0)} / {score_text(n * 5.0)}" in shown
    polygons = {p.get("class"): p for p in root.iter(f"{SVG}polygon")}
    assert len(polygons["chart-self"].get("points", "").split()) == 10
    assert "chart-verified-line" in polygons


def score_text(value: float) -> str:
    return f"{value:.1f}"


@pytest.mark.parametrize("count", [0, 1, 2])
def test_a_radar_of_fewer_than_three_axes_is_drawn_as_bars(count: int) -> None:
    root = parse(radar([Bar(f"R{n}", 50.0) for n in range(count)], title="t", legend=LEGEND))
    assert root.get("class") == "chart chart-bars"
    assert len(value_rects(root, "chart-track")) == count


def test_same_data_same_svg_and_distinct_ids_for_distinct_charts() -> None:
    one = bars([Bar("A", 1.0)], title="t", legend=LEGEND)
    assert one == bars([Bar("A", 1.0)], title="t", legend=LEGEND)
    other = bars([Bar("A", 2.0)], title="t", legend=LEGEND)
    assert parse(one).find(f"{SVG}title").get("id") != parse(other).find(f"{SVG}title").get("id")  # type: ignore[union-attr]


def test_a_label_column_wraps_labels_beside_their_bars() -> None:
    label = "GEN-HR Safeguarding human rights and the dignity of every person affected"
    root = parse(bars([Bar(label, 50.0)], title="t", legend=LEGEND, label_width=200))
    lines = [t for t in texts(root) if t and t[0].isalpha() and t != "Self-reported"]
    assert len(lines) > 1 and " ".join(lines) == label
    assert all(text_width(line) <= 190 for line in lines)
    track = value_rects(root, "chart-track")[0]
    assert float(track.get("x", "0")) == 200  # bars start right of the column
    assert float(track.get("width", "0")) == 640 - 200 - 64
