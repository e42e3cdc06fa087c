"""Filters naming the content's codes in the active language (see checklists.labels)."""

from __future__ import annotations

from django import template

from checklists.labels import ANSWER_TYPE_LABELS, DOMAIN_LABELS, FRAMEWORK_LABELS

register = template.Library()


@register.filter
def domain_label(code: str) -> str:
    return str(DOMAIN_LABELS.get(code, code))


@register.filter
def answer_type_label(code: str) -> str:
    return str(ANSWER_TYPE_LABELS.get(code, code))


@register.filter
def framework_label(code: str) -> str:
    return str(FRAMEWORK_LABELS.get(code, code))
