"""How codes of the results read: ratings, outcomes, decisions, verdicts, operator roles.

Lazy texts of the one gettext catalogue and nothing else (no models), so the pure report builder
and the pages name a rating or a verdict with the same words in both languages.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RATING_LABELS = {
    "excellent": _("Excellent"),
    "good": _("Good"),
    "needs_improvement": _("Needs improvement"),
    "insufficient": _("Insufficient"),
}
OUTCOME_LABELS = {
    "pass": _("Pass"),
    "conditional": _("Conditional pass"),
    "fail": _("Fail"),
}
DECISION_LABELS = {
    "approved": _("Approved"),
    "rejected": _("Rejected"),
}
VERDICT_LABELS = {
    "confirmed": _("Confirmed"),
    "partially_confirmed": _("Partially confirmed"),
    "not_confirmed": _("Not confirmed"),
    "needs_evidence": _("Needs evidence"),
}
SYSTEM_ROLE_LABELS = {
    "developer": _("Developer"),
    "operator": _("Operator"),
    "both": _("Developer and operator"),
}
IMPACT_NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}
"""The one notation of impact levels, on pages, in the API and in reports."""
