from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WritersConfig(AppConfig):
    name = "writers"
    verbose_name = _("Writers")
