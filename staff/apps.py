from django.apps import AppConfig


class StaffConfig(AppConfig):
    """Each staff member's own settings: email notifications on or off, the admin's language."""

    default = True
    name = "staff"
    verbose_name = "Staff settings"
