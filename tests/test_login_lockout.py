"""Brute force on the admin login: after a few failures for a username from one address that
pair is locked out for a while, with a page that says so; a username is locked everywhere after
many more failures from many addresses; an administrator can unlock (accounts/lockout.py)."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from core.http import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME, OTHER = "203.0.113.5", "198.51.100.7"


@pytest.fixture
def minh():
    return UserFactory(username="minh", is_staff=True, is_superuser=True)


def log_in(client, password: str, address: str = HOME, username: str = "minh", **headers):
    form = {"username": username, "password": password}
    return client.post("/admin/login/?next=/admin/", form, REMOTE_ADDR=address, **headers)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, times: int, address: str = HOME, **headers) -> None:
    for _ in range(times):
        log_in(client, "wrong-password", address, **headers)


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, minh):
    fail(client, 30)
    response = log_in(client, "password")
    assert response.status_code == 429
    assert not signed_in(client)


def test_four_wrong_passwords_then_the_right_one_logs_in(client, minh):
    fail(client, 4)
    assert log_in(client, "password").status_code == 302
    assert signed_in(client)


def test_the_lockout_page_says_what_happened_and_for_how_long(client, minh):
    fail(client, 4)
    response = log_in(client, "wrong-password")
    assert response.status_code == 429
    text = " ".join(response.content.decode().split())
    assert "Too many failed sign-in attempts for this account." in text
    assert "blocked for 15 minutes" in text
    assert "ask an administrator" in text


def test_another_address_can_still_log_in(client, minh):
    fail(client, 30, HOME)
    assert log_in(client, "password", OTHER).status_code == 302
    assert signed_in(client)


def test_many_failures_from_many_addresses_lock_the_username_everywhere(client, minh, settings):
    settings.NEWSROOM_LOGIN_USERNAME_FAILURE_LIMIT = 13
    for n in range(3):
        fail(client, 4, f"192.0.2.{n + 1}")  # under the limit of 5 at each address
    assert log_in(client, "password", OTHER).status_code == 302  # 12 failures: not yet
    client.logout()
    fail(client, 1, "192.0.2.99")
    response = log_in(client, "password", OTHER)
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_username_wide_limit_can_be_turned_off(client, minh, settings):
    settings.NEWSROOM_LOGIN_USERNAME_FAILURE_LIMIT = 0
    for n in range(20):
        fail(client, 4, f"192.0.2.{n + 1}")
    assert log_in(client, "password", OTHER).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, minh):
    fail(client, 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert log_in(client, "password").status_code == 429
    # The refused try above started the wait again.
    with time_machine.travel(timezone.now() + timedelta(minutes=14 + 16)):
        assert log_in(client, "password").status_code == 302


def test_the_unlock_command_unlocks(client, minh):
    fail(client, 5)
    call_command("axes_reset_username", "minh")
    assert log_in(client, "password").status_code == 302


def test_an_administrator_unlocks_in_the_admin(client, minh):
    fail(client, 5)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "minh" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="minh")
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    client.logout()
    assert log_in(client, "password").status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, minh):
    for n in range(5):
        log_in(client, "wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert log_in(client, "password", HTTP_X_FORWARDED_FOR=OTHER).status_code == 429


def test_the_client_address_comes_from_trusted_proxies_only(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.0.0.1"
    )
    assert client_ip(request) == "10.0.0.2"  # by default the header is ignored
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 2  # a CDN, then the load balancer
    assert client_ip(request) == "203.0.113.5"
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 5  # fewer hops than proxies: misconfigured
    assert client_ip(request) == "10.0.0.2"
    forged = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-ip")
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    assert client_ip(forged) == "10.0.0.2"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_lockout_works_with_the_cache_down(client, minh, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    settings.NEWSROOM_PAGE_CACHE = False
    fail(client, 5)
    assert log_in(client, "password").status_code == 429
    assert log_in(client, "password", OTHER).status_code == 302
