"""One codec per answer type: how a value is checked, read from what a person typed, and shown.

Every channel goes through here: the API and the services ``check`` the stored (JSON) value; the
fill page's form and the Excel import ``parse`` what a person typed (a form field, a cell) into
that value and then ``check`` it; the review page, the revision diff, the Excel export and the PDF
``display`` it. A new answer type is one subclass registered with ``@codec``.

Pure and database-free: the items are the frozen checklist models; Django is imported only to
translate a parse error.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any, ClassVar

from checklists.schema import AnswerType, Item

NA = "na"
MAX_TEXT = 20_000
MAX_NUMBER = 10**15  # beyond this a float loses integers, and databases their patience
# What a person may type for yes, no and N/A (an Excel cell, any case).
YES_WORDS = frozenset({"yes", "y", "예", "네", "true"})
NO_WORDS = frozenset({"no", "n", "아니오", "아니요", "false"})
NA_WORDS = frozenset({"na", "n/a", "해당 없음", "해당없음"})
NA_LABEL = {"ko": "해당 없음", "en": "N/A"}


def _(message: str) -> str:
    """gettext, imported when a message is made: the PDF's context builder imports this module
    and must stay free of Django (``tests/reports/test_context.py``)."""
    from django.utils.translation import gettext

    return gettext(message)


class InvalidAnswer(ValueError):
    """The value does not fit the item; the message says what would."""


def _storable(text: str) -> bool:
    """Text every database and every JSON encoder accepts: no NUL, no lone surrogates."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _language(language: str) -> str:
    return "en" if language == "en" else "ko"


class Codec:
    """The rules of one answer type for one item (its options, whether N/A is allowed).

    ``check`` takes the value as stored and as the API carries it (strict: ``"10"`` is no
    number) and returns it normalised, or raises ``InvalidAnswer`` with an English message that
    the API has always answered. ``parse`` takes what a person typed (a string, or an Excel
    cell's number or date) and returns the value to ``check``, None when nothing was typed, or
    raises ``InvalidAnswer`` with a message in the active language."""

    answer_type: ClassVar[AnswerType]

    def __init__(self, item: Item) -> None:
        self.item = item

    @property
    def keys(self) -> list[str]:
        return [option.key for option in self.item.options]

    def check(self, value: Any) -> Any:
        raise NotImplementedError

    def parse(self, raw: Any) -> Any:
        """By default the text as typed, without surrounding spaces."""
        return str(raw).strip()

    def display(self, value: Any, language: str) -> str:
        """A present, non-N/A value as a person reads it (``display`` below does the rest)."""
        return str(value)

    def cell(self, value: Any) -> Any:
        """The value in an exported workbook's answer column (what ``parse`` reads back)."""
        return value

    def allowed(self) -> str:
        """What the workbook's "allowed answers" column says (the types' own names)."""
        return self.answer_type.value


_CODECS: dict[AnswerType, type[Codec]] = {}


def codec(cls: type[Codec]) -> type[Codec]:
    """Register ``cls`` as the codec of its answer type."""
    _CODECS[cls.answer_type] = cls
    return cls


def codec_for(item: Item) -> Codec:
    """The item's codec; a type without one (not registered yet) is refused, never a 500."""
    return _CODECS.get(item.answer_type, Unsupported)(item)


class Unsupported(Codec):
    """An answer type no codec was registered for: nothing is accepted, values read as text."""

    def check(self, value: Any) -> Any:
        raise InvalidAnswer(f"unsupported answer type {self.item.answer_type}")

    def parse(self, raw: Any) -> Any:
        raise InvalidAnswer(f"unsupported answer type {self.item.answer_type}")

    def allowed(self) -> str:
        return str(self.item.answer_type)


@codec
class YesNo(Codec):
    answer_type = AnswerType.YES_NO
    WORDS: ClassVar[dict[str, dict[str, str]]] = {
        "yes": {"ko": "예", "en": "Yes"},
        "no": {"ko": "아니오", "en": "No"},
    }

    def check(self, value: Any) -> Any:
        if value not in ("yes", "no"):
            raise InvalidAnswer('expected "yes", "no" or "na"')
        return value

    def parse(self, raw: Any) -> Any:
        text = str(raw).strip().lower()
        if text in YES_WORDS:
            return "yes"
        if text in NO_WORDS:
            return "no"
        raise InvalidAnswer(_("expected yes, no or na"))

    def display(self, value: Any, language: str) -> str:
        words = self.WORDS.get(value) if isinstance(value, str) else None
        return words[_language(language)] if words else str(value)

    def allowed(self) -> str:
        return "yes / no" + (" / na" if self.item.allow_na else "")


@codec
class Maturity(Codec):
    answer_type = AnswerType.MATURITY

    def check(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
            raise InvalidAnswer("expected a maturity level, a whole number from 0 to 4")
        return value

    def parse(self, raw: Any) -> Any:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= 4:
            return raw
        text = str(raw).strip()
        if text in {"0", "1", "2", "3", "4"}:
            return int(text)
        raise InvalidAnswer(_("Choose a level from 0 to 4."))

    def display(self, value: Any, language: str) -> str:
        option = self.item.option(str(value))
        level = f"{value}/4"
        return f"{level} · {option.label.get(_language(language))}" if option else level

    def allowed(self) -> str:
        return "0-4" + (" / na" if self.item.allow_na else "")


@codec
class SingleChoice(Codec):
    answer_type = AnswerType.SINGLE_CHOICE

    def check(self, value: Any) -> Any:
        if not isinstance(value, str) or value not in self.keys:
            raise InvalidAnswer(f"expected one option key of {self.keys}")
        return value

    def display(self, value: Any, language: str) -> str:
        option = self.item.option(str(value))
        return option.label.get(_language(language)) if option else str(value)

    def allowed(self) -> str:
        return ", ".join(self.keys)


@codec
class MultiChoice(Codec):
    answer_type = AnswerType.MULTI_CHOICE

    def check(self, value: Any) -> Any:
        keys = self.keys
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidAnswer(f"expected a list of option keys of {keys}")
        unknown = sorted(set(value) - set(keys))
        if unknown:
            raise InvalidAnswer(f"unknown option keys {unknown}; expected keys of {keys}")
        if len(set(value)) != len(value):
            raise InvalidAnswer("an option key is listed twice")
        return [key for key in keys if key in value]  # document order: equal answers compare equal

    def parse(self, raw: Any) -> Any:
        """Keys separated by commas (a cell), or the list a form's checkboxes sent."""
        parts = raw if isinstance(raw, list) else str(raw).split(",")
        return [part.strip() for part in parts if part.strip()]

    def display(self, value: Any, language: str) -> str:
        """The chosen options' labels; "" when none is chosen (callers say "none" their way)."""
        if not isinstance(value, Sequence) or isinstance(value, str):
            return str(value)
        return ", ".join(
            o.label.get(_language(language)) for o in self.item.options if o.key in value
        )

    def cell(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def allowed(self) -> str:
        return ", ".join(self.keys) + " (comma-separated)"


@codec
class Text(Codec):
    answer_type = AnswerType.TEXT

    def check(self, value: Any) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise InvalidAnswer("expected a non-empty text")
        if not _storable(value):
            raise InvalidAnswer("the text contains a NUL character or an invalid Unicode sequence")
        if len(value) > MAX_TEXT:
            raise InvalidAnswer(f"a text answer is at most {MAX_TEXT} characters")
        return value

    def parse(self, raw: Any) -> Any:
        return str(raw)  # as typed: the API keeps a text answer's spaces too


@codec
class Number(Codec):
    answer_type = AnswerType.NUMBER

    def check(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidAnswer("expected a number")
        if isinstance(value, int) and abs(value) > MAX_NUMBER:
            raise InvalidAnswer(f"expected a number between -{MAX_NUMBER} and {MAX_NUMBER}")
        if isinstance(value, float) and (not math.isfinite(value) or abs(value) > MAX_NUMBER):
            raise InvalidAnswer(f"expected a finite number between -{MAX_NUMBER} and {MAX_NUMBER}")
        return value

    def parse(self, raw: Any) -> Any:
        """A number cell as it is; text with or without thousands separators ("1,500")."""
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw
        try:
            number = float(str(raw).strip().replace(",", ""))
        except ValueError:
            raise InvalidAnswer(_("Enter a number.")) from None
        return int(number) if number.is_integer() else number

    def display(self, value: Any, language: str) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)


@codec
class Date(Codec):
    answer_type = AnswerType.DATE

    def check(self, value: Any) -> Any:
        if not isinstance(value, str) or len(value) != 10:
            raise InvalidAnswer("expected a date as YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise InvalidAnswer("expected a date as YYYY-MM-DD") from None

    def parse(self, raw: Any) -> Any:
        if isinstance(raw, dt.datetime):
            return raw.date().isoformat()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        return str(raw).strip()

    def allowed(self) -> str:
        return "YYYY-MM-DD"


@codec
class Measured(Codec):
    """A measured figure: a number within the item's bounds, shown with its unit and the level
    its cut points give (the rules live in ``assessments/measurement.py``)."""

    answer_type = AnswerType.MEASUREMENT

    def _measure(self) -> Any:
        from assessments.measurement import MeasurementCodec

        return MeasurementCodec.of(self.item)

    def check(self, value: Any) -> Any:
        from assessments.measurement import InvalidMeasurement

        try:
            return self._measure().parse(value)
        except InvalidMeasurement as exc:
            raise InvalidAnswer(str(exc)) from None

    def parse(self, raw: Any) -> Any:
        return self.check(raw if not isinstance(raw, str) else raw.strip())

    def display(self, value: Any, language: str) -> str:
        return str(self._measure().display(value, _language(language)))

    def allowed(self) -> str:
        measurement = self.item.measurement
        assert measurement is not None  # the schema requires it on a measurement item
        bounds = [
            f"{label} {bound:g}"
            for label, bound in (("min", measurement.minimum), ("max", measurement.maximum))
            if bound is not None
        ]
        return " ".join([f"number ({measurement.unit.en})", *bounds])


# The channels' entry points ------------------------------------------------------------------


def check(item: Item, value: Any, comment: str) -> Any:
    """The value to store, or ``InvalidAnswer`` naming what the item accepts.

    ``"na"`` is accepted for any item that allows N/A, and then needs a non-empty comment."""
    if value == NA and not isinstance(value, bool):
        if not item.allow_na:
            raise InvalidAnswer("this item cannot be answered N/A")
        if not comment.strip():
            raise InvalidAnswer("an N/A answer needs the reason in 'comment'")
        return NA
    return codec_for(item).check(value)


def parse(item: Item, raw: Any) -> Any:
    """What a person typed (form field, Excel cell) as the value ``check`` takes; None when
    nothing was typed; N/A from its words (except for a text item, where they are text)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, list):
        if item.answer_type is not AnswerType.MULTI_CHOICE:
            raise InvalidAnswer(_("This question takes one answer, not a list."))
        return codec_for(item).parse(raw)  # the ticked keys; none ticked is an answer too
    typed = item.answer_type is not AnswerType.TEXT and not isinstance(raw, dt.date)
    if typed and str(raw).strip().lower() in NA_WORDS:
        return NA
    return codec_for(item).parse(raw)


def display(item: Item | None, value: Any, language: str, *, empty: str = "—") -> str:
    """A value as a person reads it in ``language`` (``ko``/``en``): option labels rather than
    keys, levels as ``3/4 · label``; ``empty`` for no answer, 해당 없음 / N/A for N/A."""
    if value is None:
        return empty
    if value == NA:
        return NA_LABEL[_language(language)]
    if item is None:
        return str(value)
    return codec_for(item).display(value, language)
