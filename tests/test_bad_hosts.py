"""A request for a host the site does not serve (DJANGO_ALLOWED_HOSTS) is answered 400 and leaves
one WARNING line naming the host, not an ERROR with a traceback (newsroom/logs.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _django_records(caplog):
    return [r for r in caplog.records if r.name.startswith("django")]


@pytest.mark.parametrize("host", ["evil.example", "203.0.113.9:8080"])
def test_a_bad_host_is_answered_400(client, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("host", ["evil.example", "203.0.113.9:8080"])
def test_a_bad_host_logs_one_warning_line_naming_it(client, caplog, host):
    client.get("/", HTTP_HOST=host)
    [record] = _django_records(caplog)
    assert (record.name, record.levelname) == ("django.security.DisallowedHost", "WARNING")
    assert host in record.getMessage()
    assert record.exc_info is None and "Traceback" not in caplog.text


def test_an_allowed_host_logs_nothing(client, caplog):
    assert client.get("/", HTTP_HOST="localhost").status_code == 200
    assert _django_records(caplog) == []
