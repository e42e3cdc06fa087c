from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from checklists.loader import CONTENT_DIR, content_files
from checklists.services import ContentErrors, Outcome, checklists_load


class Command(BaseCommand):
    help = (
        "Load every checklist file (<slug>/<version>.yaml) below the content folder. Idempotent; "
        "refuses, without loading anything, a file that is invalid or changes a published version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            type=Path,
            default=CONTENT_DIR,
            help="content folder (default: the shipped content)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["path"]
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder")
        paths = content_files(root)
        if not paths:
            raise CommandError(f"no checklist files (<slug>/<version>.yaml) below {root}")
        try:
            loaded = checklists_load(paths=paths)
        except ContentErrors as exc:
            raise CommandError(f"nothing was loaded:\n{exc}") from None
        created = [entry for entry in loaded if entry.outcome == Outcome.CREATED]
        for entry in loaded:
            style = (
                self.style.SUCCESS
                if entry.outcome == Outcome.CREATED
                else self.style.HTTP_NOT_MODIFIED
            )
            self.stdout.write(
                style(f"{entry.outcome.value:9} {entry.label} ({entry.item_count} items)")
            )
        self.stdout.write(f"{len(created)} created, {len(loaded) - len(created)} unchanged")
