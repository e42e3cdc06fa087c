from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The top layer: it listens to the other apps' events (audit rows, tasks, remediation's
    signal); no app imports it."""

    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from notifications import handlers

        handlers.connect()
