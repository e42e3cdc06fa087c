"""The one place where numbers, dates and answers become report text.

No database, no settings: scores and shares are ``core.formatting``'s (imported from there);
fixed words come from the gettext catalogue of the active language (reports run under
``translation.override``); dates are written in the locale formats the pages use, Django's
``DATE_FORMAT`` and ``DATETIME_FORMAT`` of Korean and English (``Y년 n월 j일 g:i A``,
``N j, Y, P``), spelled out here so that a report does not depend on the worker's settings or C
locale (a test compares them with Django's), in Seoul time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from assessments import codecs
from checklists.schema import AnswerType, Item

__all__ = ["answer", "date", "timestamp"]

DISPLAY_ZONE = ZoneInfo("Asia/Seoul")
DASH = "—"
# Django's "N": month abbreviations in Associated Press style.
MONTHS_AP = (
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip


# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in user text
# they can make "invoice\u202efdp.exe" read as "invoiceexe.pdf". Reports drop them.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def without_bidi_controls(value: Any) -> Any:
    """``value`` (strings inside dicts and lists too) without bidirectional control characters."""
    if isinstance(value, str):
        return value.translate(_BIDI_CONTROLS)
    if isinstance(value, Mapping):
        return {key: without_bidi_controls(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_bidi_controls(item) for item in value]
    return value


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment.astimezone(DISPLAY_ZONE) if moment.tzinfo else moment


def _date_text(moment: datetime, language: str) -> str:
    if language == "en":  # N j, Y
        return f"{MONTHS_AP[moment.month - 1]} {moment.day}, {moment.year}"
    return f"{moment.year}년 {moment.month}월 {moment.day}일"  # Y년 n월 j일


def _time_text(moment: datetime, language: str) -> str:
    hour = moment.hour % 12 or 12
    if language == "en":  # P: minutes left off at :00, "midnight" and "noon"
        if moment.minute == 0 and moment.hour in (0, 12):
            return "midnight" if moment.hour == 0 else "noon"
        clock = f"{hour}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}"
        return f"{clock} {'a.m.' if moment.hour < 12 else 'p.m.'}"
    return f"{hour}:{moment.minute:02d} {'오전' if moment.hour < 12 else '오후'}"  # g:i A


def date(value: str | None, language: str) -> str:
    """A date in Seoul time as the pages print it: ``2026년 3월 14일``, ``March 14, 2026``."""
    moment = parse_time(value)
    return DASH if moment is None else _date_text(moment, language)


def timestamp(value: str | None, language: str) -> str:
    """Date and time in Seoul time, to the minute, as the pages print it, with the zone named:
    ``2026년 3월 14일 3:30 오후 KST``, ``March 14, 2026, 3:30 p.m. KST``."""
    moment = parse_time(value)
    if moment is None:
        return DASH
    separator = ", " if language == "en" else " "
    return f"{_date_text(moment, language)}{separator}{_time_text(moment, language)} KST"


def answer(item: Item | None, value: Any, language: str) -> str:
    """An answer as a person reads it: option labels rather than keys, levels as ``3/4 · label``."""
    if value is None:
        return _("Unanswered")
    if value == "na":
        return _("N/A")
    text = codecs.display(item, value, language)
    if not text and item is not None and item.answer_type is AnswerType.MULTI_CHOICE:
        return _("None")
    return text
