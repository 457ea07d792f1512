from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "editions"
    verbose_name = "Editions"

    def ready(self) -> None:
        from editions import checks  # noqa: F401  (registers the system check)
