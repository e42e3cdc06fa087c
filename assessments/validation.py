"""Shape checks for answer values against their item (DESIGN.md §7), pure and database-free."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from assessments.measurement import InvalidMeasurement, MeasurementCodec
from checklists.schema import AnswerType, Item

NA = "na"
MAX_TEXT = 20_000
MAX_NUMBER = 10**15  # beyond this a float loses integers, and databases their patience


def _storable(text: str) -> bool:
    """Text every database and every JSON encoder accepts: no NUL, no lone surrogates."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class InvalidAnswer(ValueError):
    """The value does not fit the item; the message says what would."""


def normalize_value(item: Item, value: Any, comment: str) -> Any:
    """Return the value to store, or raise ``InvalidAnswer`` naming what the item accepts.

    ``"na"`` is accepted for any item that allows N/A, and then needs a non-empty comment.
    """
    if value == NA and not isinstance(value, bool):
        if not item.allow_na:
            raise InvalidAnswer("this item cannot be answered N/A")
        if not comment.strip():
            raise InvalidAnswer("an N/A answer needs the reason in 'comment'")
        return NA
    kind = item.answer_type
    if kind is AnswerType.YES_NO:
        if value not in ("yes", "no"):
            raise InvalidAnswer('expected "yes", "no" or "na"')
        return value
    if kind is AnswerType.MATURITY:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
            raise InvalidAnswer("expected a maturity level, a whole number from 0 to 4")
        return value
    keys = [option.key for option in item.options]
    if kind is AnswerType.SINGLE_CHOICE:
        if not isinstance(value, str) or value not in keys:
            raise InvalidAnswer(f"expected one option key of {keys}")
        return value
    if kind is AnswerType.MULTI_CHOICE:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidAnswer(f"expected a list of option keys of {keys}")
        unknown = sorted(set(value) - set(keys))
        if unknown:
            raise InvalidAnswer(f"unknown option keys {unknown}; expected keys of {keys}")
        if len(set(value)) != len(value):
            raise InvalidAnswer("an option key is listed twice")
        return [
            key for key in keys if key in value
        ]  # document order, so equal answers compare equal
    if kind is AnswerType.TEXT:
        if not isinstance(value, str) or not value.strip():
            raise InvalidAnswer("expected a non-empty text")
        if not _storable(value):
            raise InvalidAnswer("the text contains a NUL character or an invalid Unicode sequence")
        if len(value) > MAX_TEXT:
            raise InvalidAnswer(f"a text answer is at most {MAX_TEXT} characters")
        return value
    if kind is AnswerType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidAnswer("expected a number")
        if isinstance(value, int) and abs(value) > MAX_NUMBER:
            raise InvalidAnswer(f"expected a number between -{MAX_NUMBER} and {MAX_NUMBER}")
        if isinstance(value, float) and (not math.isfinite(value) or abs(value) > MAX_NUMBER):
            raise InvalidAnswer(f"expected a finite number between -{MAX_NUMBER} and {MAX_NUMBER}")
        return value
    if kind is AnswerType.MEASUREMENT:
        try:
            return MeasurementCodec.of(item).parse(value)
        except InvalidMeasurement as exc:
            raise InvalidAnswer(str(exc)) from None
    if kind is AnswerType.DATE:
        if not isinstance(value, str):
            raise InvalidAnswer("expected a date as YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_date()
        except ValueError:
            raise InvalidAnswer("expected a date as YYYY-MM-DD") from None
    raise InvalidAnswer(f"unsupported answer type {kind}")  # pragma: no cover - enum is closed


def _bad_date() -> str:
    raise ValueError("not YYYY-MM-DD")
