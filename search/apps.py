import re

from django.apps import AppConfig
from django.db.backends.signals import connection_created

from search.query import normalise

TAG = re.compile(r"<[^>]*>")


def fold_for_search(value: str | None) -> str:
    """Words of an HTML or plain field, accent- and case-folded, one space apart and with a
    space at each end, so a word matches as " word ": what the SQLite search matches."""
    if not value:
        return " "
    return f" {normalise(TAG.sub(' ', value))} "


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        from search.backends import SQLITE_FOLD_FUNCTION

        connection.connection.create_function(
            SQLITE_FOLD_FUNCTION, 1, fold_for_search, deterministic=True
        )


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        connection_created.connect(register_sqlite_functions)
