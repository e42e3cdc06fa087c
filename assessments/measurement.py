"""The ``measurement`` answer type in one place: parse a measured value, level it, show it.

Self-contained on purpose (pure, no database; Django's translation is imported only where a
message is made, so the pure report builder may display measurements): the answer validation,
the evaluator rubric, the fill page and the reports all call ``MeasurementCodec``, so it can move
as it is into the answer type codec registry (``assessments/codecs.py``) when that lands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from checklists.schema import Direction, Item, Measurement

MAX_MEASURE = 10**15


class InvalidMeasurement(ValueError):
    """The value is not a measurement this item accepts; the message says what would."""


@dataclass(frozen=True, slots=True)
class MeasurementCodec:
    """Parse and display the value of one measured item (``item.measurement`` is set)."""

    measurement: Measurement

    @classmethod
    def of(cls, item: Item) -> MeasurementCodec:
        if item.measurement is None:
            raise ValueError(f"{item.code} is not a measurement item")
        return cls(item.measurement)

    def parse(self, value: Any) -> float | int:
        """The number to store, or ``InvalidMeasurement``. A form's text ("3,2" or "3.2") is
        accepted as well as a JSON number; ``minimum`` and ``maximum`` bound it when set."""
        from django.utils.translation import gettext as _

        if isinstance(value, str):
            text = value.strip().replace(",", ".")
            if not text:
                raise InvalidMeasurement(_("Enter the measured value as a number."))
            try:
                value = float(text)
            except ValueError:
                raise InvalidMeasurement(_("Enter the measured value as a number.")) from None
            if value.is_integer():
                value = int(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidMeasurement(_("Enter the measured value as a number."))
        if not math.isfinite(value) or abs(value) > MAX_MEASURE:
            raise InvalidMeasurement(_("Enter a finite measured value."))
        low, high = self.measurement.minimum, self.measurement.maximum
        if low is not None and value < low:
            raise InvalidMeasurement(
                _("The measured value is at least %(minimum)s %(unit)s.")
                % {"minimum": _number(low), "unit": self.unit()}
            )
        if high is not None and value > high:
            raise InvalidMeasurement(
                _("The measured value is at most %(maximum)s %(unit)s.")
                % {"maximum": _number(high), "unit": self.unit()}
            )
        return value

    def level(self, value: float) -> int:
        """The level 0-4 the value reaches (the schema's cut points)."""
        return self.measurement.level_of(value)

    def score(self, value: float) -> float:
        """``v`` in [0, 1]: the level over 4 (DESIGN.md §5)."""
        return self.level(value) / 4

    def unit(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        return self.measurement.unit.get(language or get_language() or "ko")

    def threshold_text(self, language: str | None = None) -> str:
        """ "≥ 95 %" or "≤ 3 %": what a value must reach to pass (level 3)."""
        sign = "≥" if self.measurement.direction == Direction.HIGHER_IS_BETTER else "≤"
        return f"{sign} {_number(self.measurement.threshold)} {self.unit(language)}".strip()

    def display(self, value: float, language: str) -> str:
        """ "3.2 % (level 3)" / "3.2 % (수준 3)" for pages and reports (no Django needed)."""
        word = "level" if language == "en" else "수준"
        return f"{_number(value)} {self.unit(language)} ({word} {self.level(value)})"


def _number(value: float) -> str:
    """A number without a trailing ``.0``: 95 rather than 95.0, 3.2 as it is."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
