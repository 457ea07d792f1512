"""Lockout after failed logins (django-axes, database handler: no cache needed).

A login is refused after NEWSROOM_LOGIN_FAILURE_LIMIT failures for the same username from the
same address within NEWSROOM_LOGIN_COOLOFF_MINUTES (each further try starts the wait again);
the same username from another address is not affected. Against an attack spread over many
addresses, the username is refused from every address once it has
NEWSROOM_LOGIN_USERNAME_FAILURE_LIMIT failures within the cool-off (0: never). Wrong two-factor
codes count as failures (accounts/forms.py). README: "Production" says how to unlock.
"""

from __future__ import annotations

import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

log = logging.getLogger(__name__)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The login page's answer while locked out: what happened, how long, who can help."""
    context = {
        **admin.site.each_context(request),
        "title": gettext("Sign-in blocked"),
        "minutes": settings.NEWSROOM_LOGIN_COOLOFF_MINUTES,
    }
    return render(request, "accounts/lockout.html", context, status=429)


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, adding the username-wide limit."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self._username_locked(
            request, credentials
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        if self._username_locked(request, credentials):
            log.warning("Locking out a username after failures from many addresses.")
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def _username_locked(self, request, credentials: dict | None) -> bool:
        limit = settings.NEWSROOM_LOGIN_USERNAME_FAILURE_LIMIT
        username = get_client_username(request, credentials)
        if limit <= 0 or not username:
            return False
        failures = AccessAttempt.objects.filter(
            username=username, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return (failures or 0) >= limit
