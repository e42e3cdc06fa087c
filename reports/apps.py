import logging

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        # WeasyPrint narrates every step at INFO; a worker's log wants its warnings only.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        from reports import checks  # noqa: F401  (registers the system checks)
