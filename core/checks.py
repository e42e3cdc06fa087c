"""Deployment checks of our own (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def mail_configured(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    backend = str(settings.MAILERS["default"]["BACKEND"])
    if settings.DEBUG or not backend.endswith("smtp.EmailBackend") or settings.EMAIL_CONFIGURED:
        return []
    return [
        Warning(
            "No mail server is configured, so no mail can be sent.",
            hint="Set EMAIL_URL (smtp://user:password@host:587) or EMAIL_HOST and friends.",
            id="trustcheck.W001",
        )
    ]
