"""Queue the daily expiry reminders (run it once a day from cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.tasks import send_expiry_reminders


class Command(BaseCommand):
    help = (
        "Queue the task that mails companies whose evaluation report expires in 60, 30 or 7 "
        "days (once per threshold); --now runs it here instead of in the task worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="run in this process, not queued")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            sent = send_expiry_reminders.call()
            self.stdout.write(f"reminders recorded: {sent}")
            return
        result = send_expiry_reminders.enqueue()
        self.stdout.write(f"queued expiry reminders: task {result.id}")
