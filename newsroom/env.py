"""Strict readers for configuration taken from environment variables.

Every setting that varies between machines comes from the environment (12-factor style). A value
that cannot be parsed stops the process with ImproperlyConfigured instead of silently falling
back, so a typo in production is found at start-up, not by readers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class Env:
    """Typed access to a mapping of environment variables (os.environ by default)."""

    def __init__(self, source: Mapping[str, str] | None = None) -> None:
        self.source = os.environ if source is None else source

    def get_str(self, name: str, default: str = "") -> str:
        return self.source.get(name, default).strip()

    def get_bool(self, name: str, default: bool) -> bool:
        raw = self.source.get(name)
        if raw is None:
            return default
        word = raw.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")

    def get_int(self, name: str, default: int) -> int:
        raw = self.source.get(name)
        if raw is None or not raw.strip():
            return default
        try:
            return int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None

    def get_list(self, name: str, default: list[str]) -> list[str]:
        raw = self.source.get(name)
        if raw is None:
            return list(default)
        return [item.strip() for item in raw.split(",") if item.strip()]

    def get_time_zone(self, name: str, default: str) -> str:
        value = self.get_str(name, default)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ImproperlyConfigured(f"{name} is not a known time zone: {value!r}") from None
        return value


def database_config(url: str, *, prepared_statements: bool = True) -> dict[str, Any]:
    """Django DATABASES entry for a database URL (sqlite:///path or postgres://...).

    `prepared_statements` (PostgreSQL; NEWSROOM_DB_PREPARED_STATEMENTS): bind parameters on the
    server, so that the public pages' prepared queries (core/prepared.py) are prepared there
    too and planned once per connection instead of on every request. Off for a pooler that
    cannot keep a session's prepared statements (PgBouncer in transaction mode before 1.21, or
    without `max_prepared_statements`)."""
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Readers must never see "database is locked" while an editor saves: WAL lets readers
        # work during a write, IMMEDIATE takes the write lock up front (no deadlock on upgrade),
        # and the timeout makes a second writer wait instead of failing.
        # A connection is kept for the worker's life: opening one (the file, the PRAGMAs, and
        # the functions Django and search/ register) cost about 3 ms a request. A local file
        # needs no health check.
        config["CONN_MAX_AGE"] = None
        config["CONN_HEALTH_CHECKS"] = False
        # Django's backend, converting each statement's placeholders once (core/db/sqlite3).
        config["ENGINE"] = "core.db.sqlite3"
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif prepared_statements and config["ENGINE"] == "django.db.backends.postgresql":
        # psycopg then sends values apart from the SQL (Django's server-side binding); only the
        # statements core/prepared.py runs are prepared (psycopg's automatic preparation stays
        # off, as Django leaves it): their plans are the ones the tests check.
        config["OPTIONS"] = {"server_side_binding": True}
    return config


# Seconds Redis may take to accept a connection and to answer a command before the cache counts
# as unreachable and pages are served uncached (newsroom/cache.py). A local or same-zone Redis
# answers in about a millisecond.
REDIS_SOCKET_TIMEOUT = 0.5
REDIS_CONNECT_TIMEOUT = 0.5


LOCMEM_MAX_ENTRIES = 50_000


def cache_config(url: str) -> dict:
    """Django CACHES entry for a cache URL: locmem://, dummy://, redis:// or rediss://.

    Query options: `timeout` (seconds a key is kept by default), `prefix` (Redis key prefix),
    `socket_timeout` and `socket_connect_timeout` (Redis, in seconds)."""
    parts = urlsplit(url)
    options = parse_qs(parts.query)
    timeout = int(_number(options, "timeout", 300))
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "newsroom",
            "TIMEOUT": timeout,
            # Django's default (300 keys, a third dropped when full) would drop pages and
            # most-read counts (docs/mostread.md) within minutes of `make run`.
            "OPTIONS": {"MAX_ENTRIES": LOCMEM_MAX_ENTRIES},
        }
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if parts.scheme in {"redis", "rediss"}:
        location = url.split("?", 1)[0]
        return {
            # Django's, reusing one client per connection pool (newsroom/cache.py).
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": location,
            "TIMEOUT": timeout,
            "KEY_PREFIX": options.get("prefix", ["newsroom"])[0],
            "OPTIONS": {
                "socket_timeout": _number(options, "socket_timeout", REDIS_SOCKET_TIMEOUT),
                "socket_connect_timeout": _number(
                    options, "socket_connect_timeout", REDIS_CONNECT_TIMEOUT
                ),
            },
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must start with locmem://, dummy://, redis:// or rediss://, not {url!r}"
    )


def _number(options: dict[str, list[str]], name: str, default: float) -> float:
    if name not in options:
        return default
    raw = options[name][0]
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise ImproperlyConfigured(f"CACHE_URL's {name} must be a positive number, not {raw!r}")
    return value


def default_sqlite_url(base_dir: Path) -> str:
    """The embedded database, var/db.sqlite3, so a bare checkout runs with no configuration."""
    folder = base_dir / "var"
    folder.mkdir(exist_ok=True)
    return f"sqlite:///{folder / 'db.sqlite3'}"


FILESYSTEM_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def media_storage_config(env: Env) -> dict:
    """STORAGES["default"]: the local file system, or an S3-compatible object store (AWS S3,
    MinIO, Cloudflare R2, DigitalOcean Spaces...) through django-storages when
    NEWSROOM_STORAGE=s3, so several app servers share the uploads and their renditions."""
    kind = env.get_str("NEWSROOM_STORAGE", "filesystem").lower()
    if kind in {"", "filesystem", "local"}:
        return dict(FILESYSTEM_STORAGE)
    if kind != "s3":
        raise ImproperlyConfigured(f"NEWSROOM_STORAGE must be filesystem or s3, not {kind!r}")
    bucket = env.get_str("NEWSROOM_S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("NEWSROOM_STORAGE=s3 needs NEWSROOM_S3_BUCKET")
    options = {
        "bucket_name": bucket,
        "region_name": env.get_str("NEWSROOM_S3_REGION") or None,
        "endpoint_url": env.get_str("NEWSROOM_S3_ENDPOINT_URL") or None,
        "access_key": env.get_str("NEWSROOM_S3_ACCESS_KEY_ID") or None,
        "secret_key": env.get_str("NEWSROOM_S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": env.get_str("NEWSROOM_S3_CUSTOM_DOMAIN") or None,
        "location": env.get_str("NEWSROOM_S3_PREFIX"),
        # Public pictures: plain URLs (the bucket or CDN allows reading), no signing per URL.
        "querystring_auth": env.get_bool("NEWSROOM_S3_SIGNED_URLS", default=False),
        "default_acl": None,
        # Renditions have content-derived names: never overwritten with different bytes.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {name: value for name, value in options.items() if value is not None},
    }


def incoming_storage_config(env: Env, default_root: Path) -> dict:
    """STORAGES["incoming"]: where an upload waits, as received (with its GPS position and
    other metadata), until the worker has cleaned it (images/uploads.py). Never served: on local
    disk a folder outside the media root; on S3 private objects under `incoming/` (or in
    NEWSROOM_S3_INCOMING_BUCKET), reachable only through signed URLs nobody is given."""
    media = media_storage_config(env)
    if media["BACKEND"] == FILESYSTEM_STORAGE["BACKEND"]:
        root = env.get_str("NEWSROOM_INCOMING_ROOT") or str(default_root)
        return {**FILESYSTEM_STORAGE, "OPTIONS": {"location": root}}
    options = dict(media["OPTIONS"])
    options.pop("custom_domain", None)  # a CDN in front must never reach these
    options.pop("object_parameters", None)  # no public cache headers
    prefix = options.get("location", "").strip("/")
    options.update(
        bucket_name=env.get_str("NEWSROOM_S3_INCOMING_BUCKET") or options["bucket_name"],
        location=f"{prefix}/incoming" if prefix else "incoming",
        default_acl="private",
        querystring_auth=True,
    )
    return {"BACKEND": media["BACKEND"], "OPTIONS": options}


TASK_BACKENDS = {
    # The embedded default: tasks are rows in the site's own database, run by `db_worker`.
    "database": "django_tasks_db.DatabaseBackend",
    # Scale-out: tasks are RQ jobs in Redis, run by `rqworker --with-scheduler`.
    "rq": "django_tasks_rq.RQBackend",
    # Tasks run at once, inside the request that enqueues them: tests and one-off scripts.
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def tasks_config(kind: str) -> dict:
    """TASKS for Django's tasks API (the django-tasks backport): NEWSROOM_TASKS_BACKEND."""
    kind = kind.strip().lower() or "database"
    if kind not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"NEWSROOM_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {kind!r}"
        )
    return {"default": {"BACKEND": TASK_BACKENDS[kind], "QUEUES": ["default"]}}


def rq_queues_config(url: str, timeout: int) -> dict:
    """RQ_QUEUES for django-rq (the `rq` task backend): one queue, `default`, on `url`; a job
    running longer than `timeout` seconds is stopped and counts as failed."""
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(
            f"NEWSROOM_TASKS_REDIS_URL must start with redis:// or rediss://, not {url!r}"
        )
    return {"default": {"URL": url, "DEFAULT_TIMEOUT": timeout}}


EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
EMAIL_PORTS = {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}


def email_config(env: Env) -> dict:
    """Django's EMAIL_* settings from EMAIL_URL (`smtp+tls://user:password@host:587`,
    `smtp+ssl://...`, `smtp://host`, `console://`, `locmem://`, `dummy://`) or, without it,
    from EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
    EMAIL_USE_TLS and EMAIL_USE_SSL. Nothing set: SMTP on localhost:25, Django's default. A
    server that does not answer gives up after EMAIL_TIMEOUT seconds (10), so a worker is never
    stuck on it."""
    timeout = env.get_int("EMAIL_TIMEOUT", 10)
    url = env.get_str("EMAIL_URL")
    if not url:
        config = {
            "EMAIL_BACKEND": env.get_str("EMAIL_BACKEND") or EMAIL_BACKENDS["smtp"],
            "EMAIL_HOST": env.get_str("EMAIL_HOST", "localhost"),
            "EMAIL_PORT": env.get_int("EMAIL_PORT", 25),
            "EMAIL_HOST_USER": env.get_str("EMAIL_HOST_USER"),
            "EMAIL_HOST_PASSWORD": env.get_str("EMAIL_HOST_PASSWORD"),
            "EMAIL_USE_TLS": env.get_bool("EMAIL_USE_TLS", default=False),
            "EMAIL_USE_SSL": env.get_bool("EMAIL_USE_SSL", default=False),
            "EMAIL_TIMEOUT": timeout,
        }
    else:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in EMAIL_BACKENDS:
            raise ImproperlyConfigured(
                f"EMAIL_URL must start with one of {', '.join(s + '://' for s in EMAIL_BACKENDS)}"
                f", not {url.split('://')[0]!r}"
            )
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured("EMAIL_URL has a port that is not a number") from None
        config = {
            "EMAIL_BACKEND": EMAIL_BACKENDS[scheme],
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": port or EMAIL_PORTS.get(scheme, 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme == "smtp+ssl",
            "EMAIL_TIMEOUT": timeout,
        }
    if config["EMAIL_USE_TLS"] and config["EMAIL_USE_SSL"]:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
    return config
