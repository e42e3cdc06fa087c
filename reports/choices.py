from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment report")
    EVALUATION = "evaluation", _("Evaluation report")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ReportLanguage(models.TextChoices):
    # Named in the page's language ("Korean" on an English page), like every other choice.
    KO = "ko", _("Korean")
    EN = "en", _("English")
