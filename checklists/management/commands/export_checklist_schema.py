from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from checklists.loader import CONTENT_DIR
from checklists.schema import ChecklistDocument

SCHEMA_PATH = CONTENT_DIR / "schema.json"


def schema_text() -> str:
    schema = ChecklistDocument.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://trustcheck.invalid/checklists/schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = (
        "Write the JSON Schema of checklist files to checklists/content/schema.json (for editors)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="fail if the file is out of date instead of writing it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = schema_text()
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if options["check"]:
            if current != text:
                raise CommandError(
                    f"{SCHEMA_PATH} is out of date: run `manage.py export_checklist_schema`"
                )
            self.stdout.write("schema.json is up to date")
            return
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {SCHEMA_PATH}")
