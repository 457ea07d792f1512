from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The desk: the admin's front page, where journalists and editors start their day."""

    default = True
    name = "desk"
    verbose_name = "Desk"
