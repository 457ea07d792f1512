import re

from django.apps import AppConfig
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

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
        from search.sqlite import FOLD_FUNCTION

        connection.connection.create_function(FOLD_FUNCTION, 1, fold_for_search, deterministic=True)


def repair_sqlite_index(sender, using: str, **kwargs) -> None:
    """After every migrate: a migration that rebuilt the articles table dropped the full-text
    index's triggers with the old table (search/sqlite.py)."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        from search.sqlite import ensure_index

        ensure_index(connection)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        connection_created.connect(register_sqlite_functions)
        post_migrate.connect(repair_sqlite_index, sender=self)
