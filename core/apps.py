from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Installed so that the deploy checks register themselves, whatever apps sit above."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import checks  # noqa: F401  (registers the deploy checks)
