from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from notifications.due import due_notifications_create
from notifications.tasks import due_notifications


class Command(BaseCommand):
    help = (
        "Notify owners of actions due within 3 days or overdue, and companies of expiring "
        "evaluations (after send_expiry_reminders). Queues a task; --now runs it here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="run in place, not in a worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            count = due_notifications_create()
            self.stdout.write(f"{count} notification(s) created")
        else:
            result = due_notifications.enqueue()
            self.stdout.write(f"queued task {result.id}")
