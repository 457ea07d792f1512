from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NinjsConfig(AppConfig):
    name = "ninjs"
    verbose_name = _("ninjs (IPTC News in JSON)")
