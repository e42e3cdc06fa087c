"""The one way a score or a share becomes text, on pages, in the API's display and in reports.

Pure (no Django). Half-up rounding on the decimal value people read (``77.55`` → ``77.6``,
``0.865`` → ``87%``), never truncation, so a page and a PDF of the same figures print the same.
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
    """The whole percentage of ``percent`` as a number (progress bars, widths); None is 0."""
    return 0 if share is None else int(_half_up(share * 100, 0))
