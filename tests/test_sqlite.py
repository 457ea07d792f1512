"""On SQLite a reader must never see "database is locked" while an editor saves."""

import sqlite3

import django
import pytest
from django.db import connections

from core.db.sqlite3.base import CHECKED_DJANGO, DatabaseWrapper
from newsroom.env import database_config


def test_django_is_a_version_the_backend_was_checked_against():
    """core.db.sqlite3 overrides private parts of Django's SQLite backend (its docstring names
    them): a Django upgrade re-reads them and adds its version to CHECKED_DJANGO."""
    assert django.VERSION[:2] in CHECKED_DJANGO, django.get_version()


def _configured_database(path):
    """Open (and so initialise) a database file exactly as the settings do."""
    config = database_config(f"sqlite:///{path}")
    wrapper = DatabaseWrapper({**connections["default"].settings_dict, **config}, alias="probe")
    wrapper.ensure_connection()
    return wrapper


def _read_while_a_big_save_is_in_progress(path) -> list[str]:
    """A writer holds an open transaction that is large enough to spill to the database file
    (which, without WAL, takes an exclusive lock); a reader then reads."""
    setup = sqlite3.connect(path, isolation_level=None)
    setup.execute("CREATE TABLE story (headline TEXT)")
    setup.execute("INSERT INTO story VALUES ('live')")
    setup.close()
    writer = sqlite3.connect(path, timeout=0, isolation_level=None)
    writer.execute("PRAGMA cache_size = 1")
    writer.execute("BEGIN IMMEDIATE")
    writer.executemany("INSERT INTO story VALUES (?)", [("x" * 500,)] * 2000)
    try:
        reader = sqlite3.connect(path, timeout=0)
        return [row[0] for row in reader.execute("SELECT headline FROM story LIMIT 1")]
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@pytest.fixture(autouse=True)
def _real_connections(django_db_blocker):
    """These tests open their own database files, outside the test database."""
    with django_db_blocker.unblock():
        yield


def test_configured_connection_uses_wal_and_waits_when_busy(tmp_path):
    wrapper = _configured_database(tmp_path / "db.sqlite3")
    with wrapper.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20000
    wrapper.close()


def test_reader_is_not_blocked_by_an_editor_saving(tmp_path):
    path = tmp_path / "db.sqlite3"
    _configured_database(path).close()
    assert _read_while_a_big_save_is_in_progress(path) == ["live"]


def test_without_wal_the_same_reader_would_be_locked_out(tmp_path):
    """The control for the test above: it detects the failure it guards against."""
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _read_while_a_big_save_is_in_progress(tmp_path / "plain.sqlite3")
