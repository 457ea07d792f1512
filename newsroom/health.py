"""`/healthz`: whether this app server can serve, for load balancers and uptime checks.

    GET /healthz  ->  200 {"database": "ok", "cache": "ok"}

- The database answers a trivial query, or the answer is 503 `"database": "down"`: nothing can
  be served, so a load balancer should take this server out.
- The cache stores and returns a short-lived key: `"ok"`, or `"down"` with 200 all the same,
  since the site serves every page uncached while the cache is away (newsroom/cache.py) and
  taking every app server out would turn a slow site into no site. (`"off"` with dummy://.)

It is answered by the first middleware, before any other: so for any Host header (load
balancers often probe by IP address; nothing in the answer depends on the host, and every other
address still obeys DJANGO_ALLOWED_HOSTS), without an HTTPS redirect, session, login or page
cache, and with `Cache-Control: no-store`. It names no host, version or setting. A 503 is not
logged as an error (newsroom/logs.py): the outage itself is.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import Error, connection
from django.http import HttpRequest, HttpResponse, JsonResponse

PATH = "/healthz"
PROBE_SECONDS = 10


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == PATH and request.method in {"GET", "HEAD"}:
            return health()
        return self.get_response(request)


def health() -> HttpResponse:
    report = {"database": database_state(), "cache": cache_state()}
    response = JsonResponse(report, status=200 if report["database"] == "ok" else 503)
    response["Cache-Control"] = "no-store"
    return response


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error:
        return "down"
    return "ok"


def cache_state() -> str:
    """Set and read back a key of its own (an unreachable Redis reads as an empty cache)."""
    cache = caches["default"]
    if isinstance(cache, DummyCache):
        return "off"
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=PROBE_SECONDS)
    return "ok" if cache.get(key) == value else "down"
