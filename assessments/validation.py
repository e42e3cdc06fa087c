"""Shape checks for answer values against their item: moved to ``assessments.codecs`` (one codec
per answer type). These names stay for code that imports them from here."""

from __future__ import annotations

from assessments.codecs import MAX_NUMBER, MAX_TEXT, NA, InvalidAnswer
from assessments.codecs import check as normalize_value

__all__ = ["MAX_NUMBER", "MAX_TEXT", "NA", "InvalidAnswer", "normalize_value"]
