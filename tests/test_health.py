"""`/healthz` for load balancers (newsroom/health.py): the database decides 200 or 503, the cache
is reported but never takes the server out, and the answer is cheap, uncached and says nothing
about the machine."""

from __future__ import annotations

import json
import socket

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from newsroom import cache as newsroom_cache
from newsroom.env import cache_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cache_down(settings, closed_port):
    """The production Redis backend, with a password, pointed at a port where nothing listens."""
    url = f"redis://:hunter2@127.0.0.1:{closed_port}/0"
    settings.CACHES = {"default": cache_config(url)}
    yield url
    newsroom_cache.reset_breakers()


def test_all_well_is_200_with_each_part_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}


def test_the_database_down_is_503(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "down", "cache": "ok"}


def test_the_cache_down_is_200_degraded(client, cache_down):
    """Pages are served uncached meanwhile: the server must stay in the load balancer."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "down"}


def test_a_dummy_cache_is_reported_off(client, settings):
    settings.CACHES = {"default": cache_config("dummy://")}
    assert json.loads(client.get("/healthz").content)["cache"] == "off"


def test_it_is_never_cached(client):
    first = client.get("/healthz")
    assert first["Cache-Control"] == "no-store"
    assert not first.has_header("ETag")
    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")
    assert [query["sql"] for query in queries] == ["SELECT 1"]  # asked again, not stored


def test_it_answers_for_any_host_header(client):
    """Load balancers probe by IP address; every other address still refuses unknown hosts."""
    assert client.get("/healthz", HTTP_HOST="10.0.3.17:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.3.17:8000").status_code == 400


def test_it_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_it_names_no_host_version_or_setting(client, cache_down, closed_port):
    body = client.get("/healthz").content.decode()
    for secret in ("hunter2", "127.0.0.1", str(closed_port), "redis", "sqlite", "postgres"):
        assert secret not in body


def test_it_reads_no_session_and_sets_no_cookie(client, editor_user):
    client.force_login(editor_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert len(queries) == 1  # SELECT 1: no session, no user
    assert not response.cookies


def test_head_is_answered_too(client):
    assert client.head("/healthz").status_code == 200


def _request_log(caplog) -> list[str]:
    return [r.levelname for r in caplog.records if r.name == "django.request"]


def test_a_503_is_not_logged_as_an_error(client, database_down, caplog):
    assert client.get("/healthz").status_code == 503
    assert _request_log(caplog) == []


def test_other_5xx_answers_are_still_logged(client, caplog, monkeypatch):
    """The filter is for the health check only."""

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    client.raise_request_exception = False
    monkeypatch.setattr("pagecache.views.store.serve", broken)
    assert client.get("/").status_code == 500
    assert _request_log(caplog) == ["ERROR"]
