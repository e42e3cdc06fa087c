"""Seed a throwaway database the way the assessments ``world`` fixture does, from a subprocess.

The fault tests that need real server processes (gunicorn, ``manage.py db_worker``) give them a
database of their own; this module prepares it, with the same environment as those processes:

    DATABASE_URL=... APPLICABILITY_RULES=... python -m tests.reliability.pg_app setup DIR [DIR ...]
    ... python -m tests.reliability.pg_app draft       # a new draft assessment of the system
    ... python -m tests.reliability.pg_app submitted   # answered, with evidence, submitted

Each command prints one JSON object on its last line of output.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any


def _world() -> Any:
    from django.contrib.auth import get_user_model

    from assessments.models import AISystem, Organization
    from tests.assessments.conftest import World

    users = {user.username: user for user in get_user_model().objects.all()}
    company = Organization.objects.get(name="Acme AI")
    return World(
        company=company,
        other_company=Organization.objects.get(name="Other Co"),
        body=Organization.objects.get(name="Lab One"),
        other_body=Organization.objects.get(name="Lab Two"),
        system=AISystem.objects.get(organization=company),
        users=users,
    )


def setup(content_dirs: list[str]) -> dict[str, Any]:
    from django.conf import settings
    from django.core.management import call_command

    from tests.assessments.conftest import build_world
    from tests.factories import api_token

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    for folder in content_dirs:
        call_command("load_checklists", path=Path(folder), stdout=io.StringIO())
    world = build_world()
    roles = ("owner", "member", "viewer", "other_company", "evaluator")
    return {"tokens": {name: api_token(world.users[name]) for name in roles}}


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    command, args = argv[0], argv[1:]
    if command == "setup":
        result = setup(args)
    elif command == "draft":
        result = {"id": _world().new_assessment().pk}
    elif command == "submitted":
        result = {"id": _world().submitted().pk}
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
