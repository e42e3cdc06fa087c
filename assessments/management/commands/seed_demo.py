from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

DEFAULT_PASSWORD = "trustcheck-demo"

# (username, display name, staff)
DEMO_USERS = [
    ("demo-company", "Demo AI Co. owner", False),
    ("demo-company-2", "Second company owner", False),
    ("demo-evaluator", "Demo Evaluation Lab lead", False),
    ("demo-admin", "Trust Check staff", True),
]


class Command(BaseCommand):
    help = "Create the demo users (idempotent) and print their logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEFAULT_PASSWORD)

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        password: str = options["password"]
        for username, name, staff in DEMO_USERS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={"first_name": name, "is_staff": staff, "is_superuser": staff},
            )
            if created or not user.check_password(password):
                user.set_password(password)
                user.save()
        self.stdout.write(f"Demo logins (password: {password}):")
        for username, name, _staff in DEMO_USERS:
            self.stdout.write(f"  {username:16} {name}")
