"""``{{ text|tr }}``: pick the user's language from a ``{ko, en}`` text (a model or a dict)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def tr(text: Any) -> str:
    if text is None:
        return ""
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    value = text.get(language) if isinstance(text, dict) else getattr(text, language, None)
    return str(value or "")
