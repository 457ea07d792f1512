from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Telling people about the moves that concern them: on their desk and by email."""

    default = True
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from notifications import receivers  # noqa: F401  (connects the signal receiver)
