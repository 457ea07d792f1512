from django.apps import AppConfig


class WritersConfig(AppConfig):
    name = "writers"
