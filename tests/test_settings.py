import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import Env, cache_config, database_config, email_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("raw", "value"), [("true", True), ("1", True), ("off", False), ("", False)]
)
def test_booleans_are_read_strictly(raw, value):
    assert Env({"X": raw}).get_bool("X", default=not value) is value


def test_a_mistyped_boolean_stops_the_process():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG must be true or false"):
        Env({"DJANGO_DEBUG": "ture"}).get_bool("DJANGO_DEBUG", default=False)


def test_lists_and_whole_numbers():
    env = Env({"HOSTS": "news.example, www.news.example ,", "N": "31536000", "BAD": "1y"})
    assert env.get_list("HOSTS", []) == ["news.example", "www.news.example"]
    assert env.get_int("N", 0) == 31536000
    with pytest.raises(ImproperlyConfigured):
        env.get_int("BAD", 0)


def test_unknown_time_zone_is_refused():
    with pytest.raises(ImproperlyConfigured, match="time zone"):
        Env({"TZ_NAME": "Asia/Saigon-ish"}).get_time_zone("TZ_NAME", "UTC")
    assert Env({}).get_time_zone("TZ_NAME", "Asia/Ho_Chi_Minh") == "Asia/Ho_Chi_Minh"


def test_sqlite_gets_wal_immediate_transactions_and_a_busy_timeout():
    config = database_config("sqlite:////tmp/x.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] == 20


def test_postgres_url_is_understood():
    config = database_config("postgres://news:secret@db.internal:5432/newsroom")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["NAME"], config["USER"]) == ("db.internal", "newsroom", "news")


def test_postgres_binds_values_on_the_server_unless_told_not_to():
    """Server-side binding lets core/prepared.py prepare the public pages' queries on the
    server; NEWSROOM_DB_PREPARED_STATEMENTS=false (PgBouncer in transaction mode) turns it off."""
    url = "postgres://news:secret@db.internal:5432/newsroom"
    assert database_config(url)["OPTIONS"] == {"server_side_binding": True}
    assert not database_config(url, prepared_statements=False).get("OPTIONS")
    sqlite = database_config("sqlite:////tmp/x.sqlite3", prepared_statements=True)
    assert "server_side_binding" not in sqlite["OPTIONS"]


def test_unreadable_database_url_is_refused():
    with pytest.raises(ImproperlyConfigured):
        database_config("mongodb://nope")


def test_cache_urls():
    redis = cache_config("redis://127.0.0.1:6379/1?timeout=60")
    assert redis["BACKEND"] == "newsroom.cache.RedisCache"
    assert (redis["LOCATION"], redis["TIMEOUT"]) == ("redis://127.0.0.1:6379/1", 60)
    assert cache_config("locmem://")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ImproperlyConfigured):
        cache_config("memcached://127.0.0.1")


def test_redis_gets_short_timeouts_by_default():
    """A Redis that does not answer within them counts as away: pages are then served uncached
    (newsroom/cache.py) instead of every request waiting for it."""
    options = cache_config("redis://127.0.0.1:6379/0")["OPTIONS"]
    assert options == {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


def test_redis_timeouts_come_from_the_cache_url():
    url = "redis://127.0.0.1:6379/0?socket_timeout=0.25&socket_connect_timeout=2"
    options = cache_config(url)["OPTIONS"]
    assert options == {"socket_timeout": 0.25, "socket_connect_timeout": 2.0}


@pytest.mark.parametrize("query", ["socket_timeout=soon", "socket_connect_timeout=0", "timeout=-1"])
def test_unreadable_cache_url_options_are_refused(query):
    with pytest.raises(ImproperlyConfigured, match="must be a positive number"):
        cache_config(f"redis://127.0.0.1:6379/0?{query}")


def _settings_process(**env):
    """Import the real settings module in a fresh interpreter with only the given variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    clean.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
    code = "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_debug_is_off_and_a_secret_is_required_by_default():
    result = _settings_process()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_production_defaults_are_secure():
    result = _settings_process(DJANGO_SECRET_KEY="s" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_debug_when_asked_needs_no_secret():
    result = _settings_process(DJANGO_DEBUG="true")
    assert result.stdout.split() == ["True", "False"], result.stderr


def _cache_setting(expression: str, **env) -> str:
    skip = ("DJANGO_", "NEWSROOM_", "CACHE_URL", "REDIS_URL")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    clean.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings", DJANGO_SECRET_KEY="s" * 50)
    code = f"from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


BACKEND = "settings.CACHES['default']['BACKEND']"


def test_redis_url_is_used_when_cache_url_is_not_set():
    assert _cache_setting(BACKEND, REDIS_URL="redis://127.0.0.1:6379/0").endswith("RedisCache")
    assert _cache_setting(BACKEND).endswith("LocMemCache")
    both = _cache_setting(BACKEND, CACHE_URL="locmem://", REDIS_URL="redis://127.0.0.1:6379/0")
    assert both.endswith("LocMemCache")  # CACHE_URL wins


def test_page_cache_is_on_by_default_only_with_a_shared_cache():
    """Local memory is per process: other workers would keep serving pages an edit changed."""
    assert _cache_setting("settings.NEWSROOM_PAGE_CACHE") == "False"
    assert _cache_setting("settings.NEWSROOM_PAGE_CACHE", NEWSROOM_PAGE_CACHE="true") == "True"
    shared = _cache_setting("settings.NEWSROOM_PAGE_CACHE", CACHE_URL="redis://127.0.0.1:6379/0")
    assert shared == "True"


TASKS_BACKEND = "settings.TASKS['default']['BACKEND']"


def test_tasks_go_to_the_database_queue_by_default():
    assert _cache_setting(TASKS_BACKEND) == "django_tasks_db.DatabaseBackend"


def test_the_rq_queue_is_chosen_by_environment_variables():
    env = {"NEWSROOM_TASKS_BACKEND": "rq", "REDIS_URL": "redis://cache.internal:6379/2"}
    assert _cache_setting(TASKS_BACKEND, **env) == "django_tasks_rq.RQBackend"
    assert _cache_setting("settings.RQ_QUEUES['default']['URL']", **env) == env["REDIS_URL"]
    assert _cache_setting("'django_rq' in settings.INSTALLED_APPS", **env) == "True"


def test_an_unknown_task_backend_is_refused():
    from newsroom.env import tasks_config

    with pytest.raises(ImproperlyConfigured, match="database, rq, immediate"):
        tasks_config("celery")


def test_uploads_waiting_for_the_worker_are_kept_outside_the_served_media():
    root = _cache_setting("settings.STORAGES['incoming']['OPTIONS']['location']")
    media = _cache_setting("settings.MEDIA_ROOT")
    assert not Path(root).is_relative_to(media)


def test_on_s3_uploads_waiting_for_the_worker_are_private():
    from newsroom.env import incoming_storage_config

    env = Env({"NEWSROOM_STORAGE": "s3", "NEWSROOM_S3_BUCKET": "media",
               "NEWSROOM_S3_CUSTOM_DOMAIN": "cdn.news.example"})  # fmt: skip
    options = incoming_storage_config(env, Path("/unused"))["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("media", "incoming")
    assert (options["default_acl"], options["querystring_auth"]) == ("private", True)
    assert "custom_domain" not in options and "object_parameters" not in options


def _make_serve(tmp_path: Path, **env) -> list[str]:
    """Run the Makefile's `serve` recipe as written, in a copy of the Makefile, with stand-ins for
    the virtualenv's programs: `python` (migrate, collectstatic) does nothing, and `gunicorn`
    loads newsroom.wsgi with the environment the recipe gave it and prints what it would serve
    with: debug, and whether the session and CSRF cookies are Secure."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    report = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    programs = {
        "python": "exit 0",
        "gunicorn": f'exec "{sys.executable}" -c "import newsroom.wsgi; {report}"',
    }
    for name, line in programs.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{line}\n")
        (bin_dir / name).chmod(0o755)
    (tmp_path / "venv" / ".run-deps").touch()  # newer than requirements.txt: nothing to install
    skip = ("DJANGO_", "NEWSROOM_", "CACHE_URL", "REDIS_URL", "DATABASE_URL", "MAKE", "MFLAGS")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    result = subprocess.run(
        ["make", "--no-print-directory", "serve", "VENV=venv", f"PYTHON={sys.executable}"],
        cwd=tmp_path,
        env={**clean, **env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1].split()


def test_make_serve_keeps_cookies_secure_by_default(tmp_path):
    assert _make_serve(tmp_path) == ["False", "True", "True"]


def test_make_serve_on_plain_http_only_when_asked(tmp_path):
    assert _make_serve(tmp_path, DJANGO_HTTPS="false") == ["False", "False", "False"]


def test_email_from_a_url():

    config = email_config(
        Env({"EMAIL_URL": "smtp+tls://news%40example.com:p%40ss@mail.example:2525"})
    )
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.example", 2525)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == (
        "news@example.com",
        "p@ss",
    )
    assert config["EMAIL_USE_TLS"] and not config["EMAIL_USE_SSL"]
    assert email_config(Env({"EMAIL_URL": "smtp+ssl://mail.example"}))["EMAIL_PORT"] == 465
    console = email_config(Env({"EMAIL_URL": "console://"}))["EMAIL_BACKEND"]
    assert console.endswith("console.EmailBackend")


def test_email_without_a_url_is_smtp_on_localhost_with_a_timeout():

    config = email_config(Env({}))
    assert config["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_TIMEOUT"]) == (
        "localhost",
        25,
        10,
    )
    config = email_config(Env({"EMAIL_HOST": "relay.internal", "EMAIL_USE_TLS": "yes"}))
    assert config["EMAIL_HOST"] == "relay.internal" and config["EMAIL_USE_TLS"]


@pytest.mark.parametrize(
    "env",
    [
        {"EMAIL_URL": "pigeon://coop"},
        {"EMAIL_URL": "smtp://mail.example:twenty"},
        {"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"},
    ],
)
def test_unreadable_email_settings_are_refused(env):

    with pytest.raises(ImproperlyConfigured):
        email_config(Env(env))


def test_make_run_prints_emails_on_the_console():
    makefile = (ROOT / "Makefile").read_text()
    assert 'EMAIL_URL="$${EMAIL_URL:-console://}"' in makefile
