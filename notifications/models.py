"""What concerns a user (issue 12, part 4): one row per user and event, read or not, and each
user's switches for the mail of each kind (in-app notifications are always kept)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.models import Assessment
from notifications.choices import Kind

User = settings.AUTH_USER_MODEL


class Notification(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    link = models.CharField(max_length=300, blank=True)
    # What the text is made of (system name, step, action title, days...): the text itself is
    # written when shown, in the reader's language (notifications.texts).
    params: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    # Set for notifications that must come once (an action due, a reminder): the same key for
    # the same user is never stored twice.
    key = models.CharField(max_length=120, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="notification_kind"),
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="one_notification_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"


class MailSwitch(models.Model):
    """A user's choice for the mail of one kind; no row means the mail is on."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    mail = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_mail_switch_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} mail {'on' if self.mail else 'off'}"
