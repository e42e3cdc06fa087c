"""A notification's text, written when it is shown or mailed, in the reader's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.choices import Kind


def text_of(kind: str, params: dict[str, Any]) -> str:
    p = {"system": "", "step": "", "title": "", "due": "", "days": 0, "code": "", **params}
    if p["due"]:
        p["due"] = date_format(date.fromisoformat(p["due"]), "DATE_FORMAT")
    if kind == Kind.ASSIGNED and p.get("action"):
        return _("You own the action “%(title)s” (%(system)s), due %(due)s.") % p
    if kind == Kind.ASSIGNED:
        return _("The assessment of %(system)s was assigned to you for review.") % p
    if kind == Kind.CHANGES_REQUESTED:
        return _("The evaluator asked for changes to the assessment of %(system)s.") % p
    if kind == Kind.DECIDED:
        if p["step"] == "approve":
            return _("The assessment of %(system)s was approved.") % p
        return _("The assessment of %(system)s was rejected.") % p
    if kind == Kind.REPORT_READY:
        return _("The report %(code)s of %(system)s is ready.") % p
    if kind == Kind.ACTION_DUE:
        if p.get("overdue"):
            return _("The action “%(title)s” (%(system)s) is overdue since %(due)s.") % p
        return _("The action “%(title)s” (%(system)s) is due on %(due)s.") % p
    if kind == Kind.EVALUATION_EXPIRING:
        return _("The evaluation of %(system)s expires in %(days)d days.") % p
    return str(kind)
