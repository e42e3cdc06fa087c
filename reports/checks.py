"""System checks of the reports app (``manage.py check``, and ``check --deploy`` in production)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.compatibility, deploy=False)
def check_public_base_url(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Without ``PUBLIC_BASE_URL`` (and DEBUG off) no report can be issued: say so up front."""
    if settings.DEBUG or settings.PUBLIC_BASE_URL:
        return []
    return [
        Warning(
            "PUBLIC_BASE_URL is not set: reports are refused, because their QR code and "
            "verification address would lead nowhere.",
            hint="Set PUBLIC_BASE_URL to the address people reach the site at, such as "
            "https://trustcheck.example.org.",
            id="reports.W001",
        )
    ]
