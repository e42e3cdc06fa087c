from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to me")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    DECIDED = "decided", _("Decided")
    REPORT_READY = "report_ready", _("Report ready")
    ACTION_DUE = "action_due", _("Action due")
    EVALUATION_EXPIRING = "evaluation_expiring", _("Evaluation expiring")
