from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The desk: the admin's front page, where journalists and editors start their day."""

    default = True
    name = "desk"
    verbose_name = _("Desk")
