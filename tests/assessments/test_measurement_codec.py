"""The measurement codec: parse a measured value, level it, show it (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.measurement import InvalidMeasurement, MeasurementCodec
from reports.formatting import answer
from tests.assessments.scoring_documents import one_item

HIGHER = {
    "unit": {"ko": "%", "en": "%"},
    "direction": "higher_is_better",
    "levels": [60, 80, 90, 95],
}
CODEC = MeasurementCodec.of(one_item("measurement", measurement=HIGHER | {"maximum": 100}))


@pytest.mark.parametrize(
    ("raw", "value"), [(95, 95), ("95", 95), (" 92,5 ", 92.5), ("92.5", 92.5), (0.0, 0.0)]
)
def test_parse_accepts_numbers_and_their_text(raw: Any, value: float) -> None:
    assert CODEC.parse(raw) == value


@pytest.mark.parametrize("raw", ["", "ninety", None, True, [1], float("nan"), float("inf"), 101])
def test_parse_refuses_with_a_message(raw: Any) -> None:
    with pytest.raises(InvalidMeasurement):
        CODEC.parse(raw)


@pytest.mark.parametrize(
    ("value", "level"), [(59.9, 0), (60, 1), (85, 2), (90, 3), (94.9, 3), (95, 4), (100, 4)]
)
def test_levels_follow_the_cut_points(value: float, level: int) -> None:
    assert CODEC.level(value) == level
    assert CODEC.score(value) == level / 4


def test_display_and_threshold_in_both_languages() -> None:
    assert CODEC.display(92.0, "en") == "92 % (level 3)"
    assert CODEC.display(92.5, "ko") == "92.5 % (수준 3)"
    assert CODEC.threshold_text("en") == "≥ 90 %"
    item = one_item("measurement", measurement=HIGHER)
    assert answer(item, 96, "en") == "96 % (level 4)"


def test_a_codec_needs_a_measured_item() -> None:
    with pytest.raises(ValueError, match="not a measurement item"):
        MeasurementCodec.of(one_item("yes_no"))
