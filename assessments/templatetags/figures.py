"""``{% load figures %}``: ``|score`` and ``|percent`` in templates, from ``core.formatting``
(the one set of formatters: the reports and the charts use it too)."""

from __future__ import annotations

from django import template

from core import formatting

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    """``{{ payload.overall|score }}`` → ``78.5`` (one decimal, half-up; None → —)."""
    return formatting.score(value)


@register.filter
def percent(share: float | None) -> str:
    """``{{ payload.completion|percent }}`` → ``86%`` (whole, half-up; None → —)."""
    return formatting.percent(share)


@register.filter
def percent_number(share: float | None) -> int:
    """``value="{{ row.completion|percent_number }}"`` for a progress bar."""
    return formatting.percent_number(share)
