from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from assessments.choices import BODY_ROLES
from assessments.models import Membership


def membership(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's organisation and role, for the header and its links (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    found = (
        Membership.objects.filter(user=user).select_related("organization").order_by("pk").first()
    )
    if found is None:
        return {"current_membership": None, "is_evaluator": False}
    return {"current_membership": found, "is_evaluator": found.role in BODY_ROLES}
