"""The one way a score or a share becomes text: pages, reports and exports alike.

Pure (no Django). One presentation everywhere:

- a **score** (0-100 points) has one decimal and no unit: ``78.5``;
- a **share** (0-1: completion, an item's value, coverage, an option's score) is a whole
  percentage: ``86%``;
- nothing known is a dash.

Rounding is half-up on the decimal value people read (``77.55`` → ``77.6``, ``0.865`` → ``87%``),
never truncation, so a page and a PDF of the same figures print the same. The API stays numeric.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DASH = "—"


def _half_up(value: float, places: int) -> Decimal:
    # repr() is the shortest text that reads back as the same float: the value people mean.
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def score(value: float | None) -> str:
    """A 0-100 score with one decimal: ``78.5``; None is a dash."""
    return DASH if value is None else f"{_half_up(value, 1):.1f}"


def percent(share: float | None) -> str:
    """A 0-1 share as a whole percentage: ``86%``; None is a dash."""
    return DASH if share is None else f"{_half_up(share * 100, 0):.0f}%"


def percent_number(share: float | None) -> int:
    """The whole percentage of ``percent`` as a number (bar widths); None is 0."""
    return 0 if share is None else int(_half_up(share * 100, 0))


def progress_percent(share: float) -> int:
    """A completion share as whole percent for a progress bar: never rounded up to 100 while
    anything is missing (99.6 % done is not done)."""
    return 100 if share >= 1 else min(99, int(_half_up(share * 100, 0)))
