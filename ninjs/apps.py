from django.apps import AppConfig


class NinjsConfig(AppConfig):
    name = "ninjs"
    verbose_name = "ninjs (IPTC News in JSON)"
