"""One way to show a date or a time on every page: the active language's own format, in the
site's time zone (Asia/Seoul). ``{{ value|when }}`` for a moment, ``{{ value|day }}`` for a day,
``{{ value|when_zone }}`` where readers may be elsewhere (the public verification page)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def when(value: dt.datetime | None) -> str:
    if not value:
        return ""
    return date_format(_local(value), "DATETIME_FORMAT")


@register.filter
def when_zone(value: dt.datetime | None) -> str:
    if not value:
        return ""
    local = _local(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} ({local.tzname()})"


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return date_format(value, "DATE_FORMAT")
