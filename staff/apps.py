from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Each staff member's own settings: email notifications on or off, the admin's language."""

    default = True
    name = "staff"
    verbose_name = _("Staff settings")
