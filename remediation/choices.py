from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ACCEPTED_RISK = "accepted_risk", _("Risk accepted")


# Still to be worked on: what counts as "open" in counts, reports and re-assessments.
OPEN_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


class ActionSource(models.TextChoices):
    """What finding the action answers."""

    GAP = "gap", _("Gap")
    REMARK = "remark", _("Evaluator remark")
    NEEDS_EVIDENCE = "needs_evidence", _("Needs evidence")


class ActionEventKind(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    STATUS = "status", _("Status changed")
