"""Test settings: production settings with fast hashing, throwaway media and plain static names."""

import os
import tempfile
from pathlib import Path

import jinja2

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key")

from newsroom.env import tasks_config
from newsroom.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# tests/conftest.py gives each test its own MEDIA_ROOT; this one catches anything else.
TEST_FILES = Path(tempfile.gettempdir()) / "newsroom-tests"
MEDIA_ROOT = TEST_FILES / "media"
STATIC_ROOT = TEST_FILES / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Hashed names need `collectstatic` first; tests/test_static_files.py checks that path itself.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run at once, inside the request that enqueues them; tests of the queue itself switch to
# the database backend and run the worker (tests/tasks.py).
NEWSROOM_TASKS_BACKEND = "immediate"
TASKS = tasks_config("immediate")
NEWSROOM_TASKS_RETRY_SECONDS = 30
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},  # as newsroom.env.cache_config
    }
}
NEWSROOM_PAGE_CACHE = True  # one process: local memory is shared by every request
# A misspelt variable in a public template fails the test that renders it, instead of rendering
# as nothing (production keeps Jinja2's lenient default).
TEMPLATES[0]["OPTIONS"]["undefined"] = jinja2.StrictUndefined  # type: ignore[index]  # noqa: F405
