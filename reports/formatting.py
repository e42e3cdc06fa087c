"""The one place where numbers, dates and answers become report text (pure; no Django)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from checklists.schema import AnswerType, Item

DISPLAY_ZONE = ZoneInfo("Asia/Seoul")
DASH = "—"
# Spelled out here rather than by strftime, which follows the worker's C locale.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
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


def score(value: float | None) -> str:
    """A 0-100 score with one decimal: ``78.5``; None is a dash."""
    return DASH if value is None else f"{value:.1f}"


def percent(share: float | None) -> str:
    """A 0-1 share as a whole percentage: ``86%``; None is a dash."""
    return DASH if share is None else f"{round(share * 100):d}%"


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment.astimezone(DISPLAY_ZONE) if moment.tzinfo else moment


def date(value: str | None, language: str) -> str:
    """A calendar date in Seoul time: ``2026년 3월 14일`` or ``14 March 2026``."""
    moment = parse_time(value)
    if moment is None:
        return DASH
    if language == "en":
        return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    return f"{moment.year}년 {moment.month}월 {moment.day}일"


def timestamp(value: str | None, language: str) -> str:
    """Date and time in Seoul time, to the minute, with the zone named."""
    moment = parse_time(value)
    if moment is None:
        return DASH
    return f"{date(value, language)} {moment:%H:%M} KST"


def answer(item: Item | None, value: Any, language: str, labels: Mapping[str, str]) -> str:
    """An answer as a person reads it: option labels rather than keys, levels as ``3/4 · label``."""
    if value is None:
        return labels["unanswered"]
    if value == "na":
        return labels["na"]
    if item is None:
        return str(value)
    kind = item.answer_type
    if kind is AnswerType.YES_NO:
        return labels["yes"] if value == "yes" else labels["no"] if value == "no" else str(value)
    if kind is AnswerType.MATURITY:
        option = item.option(str(value))
        level = f"{value}/4"
        return f"{level} · {option.label.get(language)}" if option else level
    if kind is AnswerType.SINGLE_CHOICE:
        option = item.option(str(value))
        return option.label.get(language) if option else str(value)
    if (
        kind is AnswerType.MULTI_CHOICE
        and isinstance(value, Sequence)
        and not isinstance(value, str)
    ):
        chosen = [o.label.get(language) for o in item.options if o.key in value]
        return ", ".join(chosen) if chosen else labels["none"]
    if kind is AnswerType.NUMBER and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
