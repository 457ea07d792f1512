"""Settings for the benchmark: production settings on a separate database, plus the framework
floor view (bench/urls.py). Never used by the site itself.

BENCH_DATABASE_URL names the benchmark's database (bench/run.py sets it); NEWSROOM_PAGE_CACHE
switches the page cache for the uncached and cached runs.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

from newsroom.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Plain static names, so no collectstatic is needed; the site's pages render the same way.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
LOGGING["loggers"] = {"django": {"handlers": ["console"], "level": "WARNING", "propagate": False}}
# The placeholder photos and their renditions (bench/seed.py), apart from the site's uploads.
MEDIA_ROOT = BASE_DIR / "var" / "bench" / "media"  # noqa: F405
