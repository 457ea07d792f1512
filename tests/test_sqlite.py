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


# --- The planner's statistics (core.db.sqlite3: PRAGMA optimize once an hour) -----------------


def _archive(wrapper, table: str = "story") -> None:
    """A table with an index, rows and no statistics, read through the index."""
    with wrapper.cursor() as cursor:
        cursor.execute(f'CREATE TABLE "{table}" (id INTEGER PRIMARY KEY, section INTEGER)')
        cursor.execute(f'CREATE INDEX "{table}_section" ON "{table}" (section)')
        rows = [(i % 12,) for i in range(500)]
        cursor.executemany(f'INSERT INTO "{table}" (section) VALUES (%s)', rows)
        cursor.execute(f'SELECT id FROM "{table}" WHERE section = %s', [3]).fetchall()


def _statistics(path, table: str = "story") -> list:
    probe = sqlite3.connect(path)
    try:
        found = probe.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not found.fetchone():
            return []
        return probe.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = ?", [table]).fetchall()
    finally:
        probe.close()


def test_a_kept_connection_gives_the_planner_statistics_once_an_hour(tmp_path):
    path = tmp_path / "db.sqlite3"
    wrapper = _configured_database(path)
    _archive(wrapper)
    assert _statistics(path) == []
    wrapper.close_if_unusable_or_obsolete()  # what Django calls at a request's end
    assert [idx for idx, _ in _statistics(path)] == ["story_section"]
    _archive(wrapper, table="update")  # a table never analysed, read
    wrapper.close_if_unusable_or_obsolete()  # within the hour: nothing
    assert [idx for idx, _ in _statistics(path, "update")] == []
    wrapper.optimize_at = 0  # an hour later
    wrapper.close_if_unusable_or_obsolete()
    assert [idx for idx, _ in _statistics(path, "update")] == ["update_section"]
    wrapper.close()


def test_refreshing_the_statistics_never_waits_for_a_writer(tmp_path):
    path = tmp_path / "db.sqlite3"
    wrapper = _configured_database(path)
    _archive(wrapper)
    writer = sqlite3.connect(path, timeout=0, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        wrapper.close_if_unusable_or_obsolete()  # gives up at once instead of waiting 20 s
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _statistics(path) == []
    with wrapper.cursor() as cursor:  # the connection's own patience is back
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20000
    wrapper.close()


def test_no_statistics_are_refreshed_inside_a_transaction(tmp_path):
    from django.db import transaction

    path = tmp_path / "db.sqlite3"
    wrapper = _configured_database(path)
    _archive(wrapper)
    connections[wrapper.alias] = wrapper  # for transaction.atomic(using=...)
    try:
        with transaction.atomic(using=wrapper.alias):
            wrapper.close_if_unusable_or_obsolete()
            assert _statistics(path) == []
    finally:
        del connections[wrapper.alias]
        wrapper.close()


@pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="the site's SQLite")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # outside a transaction
def test_the_request_that_refreshes_them_does_not_count_it_as_its_query(client):
    from django.db import close_old_connections, connection
    from django.test.utils import CaptureQueriesContext

    connection.optimize_at = 0
    with CaptureQueriesContext(connection) as queries:
        client.get("/robots.txt")
        close_old_connections()  # what a request's end runs (the test client leaves it out)
    assert not [q for q in queries.captured_queries if "PRAGMA" in q["sql"]]
    assert connection.optimize_at > 0
