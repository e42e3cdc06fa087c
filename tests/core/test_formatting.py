"""``core.formatting``: one presentation of a score and of a share, everywhere."""

from __future__ import annotations

import pytest

from core.formatting import percent, percent_number, progress_percent, score


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "—"), (0.0, "0.0"), (86.0, "86.0"), (77.55, "77.6"), (77.549, "77.5"), (100, "100.0")],
)
def test_a_score_has_one_decimal_rounded_half_up(value: float | None, text: str) -> None:
    assert score(value) == text


@pytest.mark.parametrize(
    ("share", "text", "number"),
    [
        (None, "—", 0),
        (0.0, "0%", 0),
        (0.86, "86%", 86),
        (0.865, "87%", 87),
        (0.8649, "86%", 86),
        (1, "100%", 100),
    ],
)
def test_a_share_is_a_whole_percentage(share: float | None, text: str, number: int) -> None:
    assert percent(share) == text
    assert percent_number(share) == number


@pytest.mark.parametrize(("share", "whole"), [(0.0, 0), (0.5, 50), (0.996, 99), (1.0, 100)])
def test_progress_is_never_100_while_anything_is_missing(share: float, whole: int) -> None:
    assert progress_percent(share) == whole


def test_core_imports_no_app_of_ours() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, core.charts, core.formatting; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'assessments', 'checklists', 'reports', 'config'}))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
