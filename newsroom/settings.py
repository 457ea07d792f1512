"""Settings for Newsroom: one module, every machine-specific knob from the environment.

The defaults are safe for production (debug off, secure cookies, no default secret) and work on a
bare machine with SQLite. `make run` sets the few local-only values it needs; README.md lists
every variable.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from newsroom.csp import admin_directives, media_origins, public_directives
from newsroom.env import (
    Env,
    cache_config,
    database_config,
    default_sqlite_url,
    email_config,
    incoming_storage_config,
    media_storage_config,
    rq_queues_config,
    tasks_config,
)

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

# --- Core -------------------------------------------------------------------------------------

DEBUG = env.get_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.get_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off "
            "(`make run` generates a local one in var/secret_key)."
        )
    SECRET_KEY = "django-insecure-local-debug-only"

ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.get_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before the admin: its templates override some of the admin's (accounts/templates/admin/).
    "accounts",
    # Django's admin, with the newsroom's site (accounts/sites.py) as admin.site.
    "accounts.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Full-text search on PostgreSQL; harmless on SQLite (nothing runs until it is used).
    "django.contrib.postgres",
    "taggit",
    "reversion",
    "django_prose_editor",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Background work through Django's tasks API (the django-tasks backport); the database
    # backend's table is always there, whichever backend runs the tasks (docs/tasks.md).
    "django_tasks",
    "django_tasks_db",
    "core",
    # The editions (languages) the site is published in (docs/editions.md).
    "editions",
    "background",
    "images",
    "sections",
    "writers",
    "tags",
    "articles",
    "search",
    # Reads counted by the site itself, for the most-read list (docs/mostread.md).
    "mostread",
    # Everything a reader sees: views, selectors, story cards, templates, page metadata, feeds
    # and sitemaps (docs/architecture.md).
    "public",
    "ninjs",
    "workflow",
    # The front page as editors arrange it, and breaking news (docs/frontpage.md).
    "frontpage",
    # Live coverage: a story told in timestamped entries (docs/live.md).
    "live",
    "staff",
    "notifications",
    "desk",
    "demo",
    "pagecache",
]

MIDDLEWARE = [
    # First: /healthz for load balancers, for any Host header and without redirects, sessions
    # or the page cache (newsroom/health.py).
    "newsroom.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so a cached page gets the header as a rendered one does.
    "newsroom.csp.PolicyByPathMiddleware",
    # Pages are compressed for clients that ask (static files come pre-compressed from
    # WhiteNoise); Django pads the output against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    # X-Frame-Options: DENY on every answer, a stored page's too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A page this process holds a copy of is answered here, before sessions, users, CSRF and
    # URL resolving: none of the middleware below adds anything to an anonymous reader's page
    # (pagecache/middleware.py).
    "pagecache.middleware.HeldPageMiddleware",
    # Each reader's page in its edition's language and addresses (editions/middleware.py).
    "editions.middleware.EditionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed two-factor (accounts/).
    "django_otp.middleware.OTPMiddleware",
    # The admin in each staff member's language; readers' pages stay in LANGUAGE_CODE
    # (staff/languages.py). Before the messages, which are stored in the page's language.
    "staff.languages.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a login refused for too many failures into the lockout page (accounts/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    # Readers' pages (public/jinja2/): compiled to Python once per process, several times faster to
    # render than Django's template language (docs/performance.md, "Templates").
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "public" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "public.environment.environment",
            "context_processors": [
                "public.context_processors.newsroom",
                "public.context_processors.breaking",
            ],
        },
    },
    # The admin, its overrides (templates/) and the XML of the news sitemap
    # (public/templates/).
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "public.context_processors.newsroom",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------

DATABASES = {
    "default": database_config(
        env.get_str("DATABASE_URL") or default_sqlite_url(BASE_DIR),
        prepared_statements=env.get_bool("NEWSROOM_DB_PREPARED_STATEMENTS", True),
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL, or REDIS_URL (redis://host:6379/0) as most hosts name it; local memory otherwise.
CACHES = {
    "default": cache_config(
        env.get_str("CACHE_URL") or env.get_str("REDIS_URL") or "locmem://newsroom"
    )
}

# --- Background tasks (docs/tasks.md) ----------------------------------------------------------

# database (default: a table in DATABASES, run by `manage.py db_worker`), rq (Redis, run by
# `manage.py rqworker --with-scheduler`) or immediate (inside the request: tests and scripts).
NEWSROOM_TASKS_BACKEND = env.get_str("NEWSROOM_TASKS_BACKEND", "database").lower() or "database"
TASKS = tasks_config(NEWSROOM_TASKS_BACKEND)
if NEWSROOM_TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = rq_queues_config(
        env.get_str("NEWSROOM_TASKS_REDIS_URL")
        or env.get_str("REDIS_URL")
        or "redis://127.0.0.1:6379/0",
        timeout=600,  # seconds: a job running longer is stopped and fails
    )
# A failed task is tried again this many times in all, the first retry after this many
# seconds, each later one four times as long (30 s, 2 min, 8 min): background/tasks.py.
NEWSROOM_TASKS_RETRY_SECONDS = env.get_int("NEWSROOM_TASKS_RETRY_SECONDS", 30)

# --- Email (notifications to staff: notifications/, sent by the background worker) ---------------

# EMAIL_URL (smtp+tls://user:password@host:587, console://...) or EMAIL_HOST and friends; SMTP on
# localhost:25 when nothing is set. `make run` prints emails on the console instead.
_EMAIL = email_config(env)
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL["EMAIL_HOST"]
EMAIL_PORT = _EMAIL["EMAIL_PORT"]
EMAIL_HOST_USER = _EMAIL["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _EMAIL["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _EMAIL["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _EMAIL["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _EMAIL["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = env.get_str("NEWSROOM_EMAIL_FROM", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address staff use to reach the admin, for the links in emails (no request to build them
# from in the worker), e.g. https://news.example.com.
NEWSROOM_ADMIN_BASE_URL = env.get_str("NEWSROOM_ADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip(
    "/"
)

# --- People -----------------------------------------------------------------------------------

# First the lockout check (django-axes: refuses a locked-out login before any password is
# checked; authenticates no one), Django's model permissions, then the editorial rule for
# changing one library picture (workflow/pictures.py: object permissions only).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "workflow.pictures.PicturePermissions",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout after failed logins (django-axes; accounts/lockout.py): by username and address, and
# by username alone after many more failures from anywhere. Kept in the database: it works
# whether or not the cache does. Unlock: README, "Production". Its backend is first in
# AUTHENTICATION_BACKENDS above.
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.get_int("NEWSROOM_LOGIN_FAILURE_LIMIT", 5)
NEWSROOM_LOGIN_COOLOFF_MINUTES = env.get_int("NEWSROOM_LOGIN_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=NEWSROOM_LOGIN_COOLOFF_MINUTES)
NEWSROOM_LOGIN_USERNAME_FAILURE_LIMIT = env.get_int("NEWSROOM_LOGIN_USERNAME_FAILURE_LIMIT", 50)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# Behind a load balancer (or a CDN and a load balancer) that append the client's address to
# X-Forwarded-For: how many there are. 0, the default, ignores the header (clients can write it).
NEWSROOM_TRUSTED_PROXY_COUNT = env.get_int("NEWSROOM_TRUSTED_PROXY_COUNT", 0)

# Two-factor sign-in (django-otp; accounts/two_factor.py): any staff member may turn it on; when
# this is on, editors and superusers must.
NEWSROOM_REQUIRE_2FA_FOR_EDITORS = env.get_bool("NEWSROOM_REQUIRE_2FA_FOR_EDITORS", default=False)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Language and time ------------------------------------------------------------------------

# Readers' pages are in LANGUAGE_CODE. The admin and the emails to staff are in English or
# Vietnamese, as each staff member chooses, else as their browser asks (staff/languages.py).
# The translations are in locale/ (docs/translations.md). Each language is named in itself.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The editions the site is published in, each a language of LANGUAGES (docs/editions.md): the
# first is the default, at the site's root; the others under their prefix, or at a host of
# their own (NEWSROOM_EDITION_HOSTS="vi=tuoitre.example,en=news.example").
NEWSROOM_EDITIONS = [
    {"code": "en", "name": "English", "prefix": ""},
    {
        "code": "vi",
        "name": "Tiếng Việt",
        "prefix": "vi",
        "date_format": "{day:02d}/{month:02d}/{year} {hour:02d}:{minute:02d} {zone}",
    },
]
NEWSROOM_EDITION_HOSTS = dict(
    item.split("=", 1) for item in env.get_list("NEWSROOM_EDITION_HOSTS", []) if "=" in item
)
# Where the admin is: addresses under it follow the staff member's language.
NEWSROOM_ADMIN_PATH = "/admin/"
TIME_ZONE = env.get_time_zone("NEWSROOM_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# --- Static files and uploads -----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get_str("DJANGO_STATIC_ROOT") or BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# The story body's pictures and embeds in the rich-text editor (workflow/forms.py), a module of
# ours that django-prose-editor loads beside its own extensions.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("workflow/body-editor.js")],
        "extensions": {
            "NewsroomPicture": html_tags(["figure", "figcaption"], {"figure": ["data-image"]}),
            "NewsroomEmbed": html_tags(["figure", "a"], {"figure": ["data-embed"], "a": ["href"]}),
        },
    }
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Serving uploads from Django is for a single local machine only; production serves MEDIA_URL
# from object storage or the web server in front.
SERVE_MEDIA = env.get_bool("NEWSROOM_SERVE_MEDIA", default=DEBUG)

STORAGES = {
    # Uploads and renditions: local disk, or S3-compatible object storage (NEWSROOM_STORAGE).
    "default": media_storage_config(env),
    # Uploads waiting to be cleaned by the worker, as received: never served (images/uploads.py).
    "incoming": incoming_storage_config(env, BASE_DIR / "var" / "incoming"),
    # Content-hashed, gzip- and brotli-compressed files, served by WhiteNoise with far-future
    # cache headers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Image uploads (images/uploads.py): refused above this size or pixel count.
NEWSROOM_IMAGE_MAX_BYTES = env.get_int("NEWSROOM_IMAGE_MAX_MB", 20) * 1024 * 1024
NEWSROOM_IMAGE_MAX_PIXELS = env.get_int("NEWSROOM_IMAGE_MAX_MEGAPIXELS", 50) * 1_000_000

# --- Security ---------------------------------------------------------------------------------

# Behind TLS (always, in production) cookies are secure and browsers are told to stay on HTTPS.
HTTPS = env.get_bool("DJANGO_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.get_bool("DJANGO_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.get_int("DJANGO_HSTS_SECONDS", 0)
if env.get_bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False):
    # Only behind a load balancer that sets (and strips from clients) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (newsroom/csp.py): readers' pages allow nothing inline; the admin gets
# only what it and the rich-text editor need. Report-only mode sends the same policies as
# Content-Security-Policy-Report-Only, to try a change without blocking anything.
NEWSROOM_CSP_REPORT_ONLY = env.get_bool("NEWSROOM_CSP_REPORT_ONLY", default=False)
_CSP_PUBLIC = public_directives(
    img_src=[
        *media_origins(STORAGES["default"], MEDIA_URL),
        *env.get_list("NEWSROOM_CSP_IMG_SRC", []),
    ],
    report_uri=env.get_str("NEWSROOM_CSP_REPORT_URI"),
)
_CSP_CONFIG = {"DIRECTIVES": _CSP_PUBLIC}
CONTENT_SECURITY_POLICY = None if NEWSROOM_CSP_REPORT_ONLY else _CSP_CONFIG
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP_CONFIG if NEWSROOM_CSP_REPORT_ONLY else None
NEWSROOM_CSP_ADMIN_PREFIX = NEWSROOM_ADMIN_PATH
NEWSROOM_CSP_ADMIN_DIRECTIVES = admin_directives(_CSP_PUBLIC)

# --- Logging: everything to the console, where the process manager collects it ---------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    # A bad Host header is one WARNING line, not an ERROR with a traceback; /healthz answering
    # 503 is not logged at all (newsroom/logs.py).
    "filters": {
        "one_line_disallowed_host": {"()": "newsroom.logs.OneLineDisallowedHost"},
        "skip_health_checks": {"()": "newsroom.logs.SkipHealthChecks"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("NEWSROOM_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"filters": ["skip_health_checks"]},
        "django.security.DisallowedHost": {"filters": ["one_line_disallowed_host"]},
        # Failed logins and lockouts are warnings; not the banner at each start nor each login.
        "axes": {"level": "WARNING"},
    },
}

# --- Newsroom ---------------------------------------------------------------------------------

NEWSROOM_SITE_NAME = env.get_str("NEWSROOM_SITE_NAME", "Newsroom Daily")
NEWSROOM_SITE_TAGLINE = env.get_str("NEWSROOM_SITE_TAGLINE", "News from Vietnam, in English")
# The name authenticator apps show for two-factor sign-in.
OTP_TOTP_ISSUER = NEWSROOM_SITE_NAME
NEWSROOM_PAGE_SIZE = 20
# A search shows at most this many stories: the newest that match, ranked. A word found in most
# stories would otherwise rank and count the whole archive on every search (docs/discovery.md).
NEWSROOM_SEARCH_MAX_RESULTS = 500
NEWSROOM_RELATED_COUNT = 8
NEWSROOM_MORE_FROM_WRITER_COUNT = 4
# Live coverage (docs/live.md): entries per page (older ones by "Older entries" links), and how
# often, in seconds, an open page asks for new entries.
NEWSROOM_LIVE_PAGE_SIZE = 30
NEWSROOM_LIVE_POLL_SECONDS = 20
# Where `manage.py import_ninjs` files agency copy whose subjects name no section.
NEWSROOM_NINJS_DEFAULT_SECTION = env.get_str("NEWSROOM_NINJS_DEFAULT_SECTION", "world")

TAGGIT_CASE_INSENSITIVE = True

# The editorial workflow: how long a soft edit lock lasts without a heartbeat from the editor's
# page (it beats every quarter of that), and the default life of a signed preview link
# (docs/workflow.md).
NEWSROOM_EDIT_LOCK_SECONDS = 120
NEWSROOM_PREVIEW_LINK_HOURS = 48
# The newsroom rules checker (workflow/checks/): rules switched off by name, the agencies whose
# copy must be credited, and the site's own host names besides ALLOWED_HOSTS (for links).
NEWSROOM_CHECKS_OFF = env.get_list("NEWSROOM_CHECKS_OFF", [])
NEWSROOM_WIRE_AGENCIES = env.get_list(
    "NEWSROOM_WIRE_AGENCIES",
    ["VNA", "Vietnam News Agency", "AFP", "AP", "Reuters", "dpa", "Xinhua", "Kyodo", "Yonhap",
     "Bernama", "ANTARA", "NTB", "EFE", "ANSA", "UPI", "Bloomberg"],
)  # fmt: skip
NEWSROOM_SITE_HOSTS = env.get_list("NEWSROOM_SITE_HOSTS", [])
# Whole-page caching for anonymous readers (pagecache/, docs/performance.md). A page is kept
# at most this long (article pages: see the next setting), and never past the next scheduled
# publication or expiry. A page is served only while nothing it shows has changed (its
# dependency keys, pagecache/versions.py), so this is a margin, not the freshness of what it
# shows: an hour, chosen with the news-day replay (docs/performance.md, "A news day").
# Local memory is per process: an edit saved in one process would not reach the pages cached by
# the others. So with it the page cache is on only when asked (one process, e.g. `make run`);
# a shared cache (Redis) turns it on by default.
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith("LocMemCache")
NEWSROOM_PAGE_CACHE = env.get_bool("NEWSROOM_PAGE_CACHE", default=_SHARED_CACHE)
NEWSROOM_PAGE_CACHE_SECONDS = env.get_int("NEWSROOM_PAGE_CACHE_SECONDS", 3600)
# A cached article page shows a newly published story in its related news and "more from this
# writer" within a tenth of its own story's age, at least a minute and at most this many seconds
# (public.selectors.related_lag: today's stories within minutes, the archive within 3 hours);
# it is kept that long, whatever NEWSROOM_PAGE_CACHE_SECONDS says. Publications do not drop it;
# a change to a story it shows, or its leaving, does at once (docs/performance.md, "Caching").
NEWSROOM_PAGE_CACHE_RELATED_SECONDS = env.get_int("NEWSROOM_PAGE_CACHE_RELATED_SECONDS", 10800)
# Each process also keeps up to this many MB of the pages it served, so that a hit fetches only
# the small keys saying the page is still current, not the page itself (0: none).
NEWSROOM_PAGE_CACHE_LOCAL_MB = env.get_int("NEWSROOM_PAGE_CACHE_LOCAL_MB", 32)
# One render per missing page (pagecache/renders.py): requests for a page another request is
# rendering wait for its copy at most this many milliseconds, then render it themselves (0: no
# waiting, every miss renders).
NEWSROOM_PAGE_CACHE_WAIT_MS = env.get_int("NEWSROOM_PAGE_CACHE_WAIT_MS", 3000)
# How long a CDN or proxy may keep a page (s-maxage). It cannot be told about edits, so keep it
# short; it is never past the next scheduled publication or expiry.
NEWSROOM_CDN_MAX_AGE = env.get_int("NEWSROOM_CDN_MAX_AGE", 60)
# The most-read list (docs/mostread.md): how many stories it shows, how often (seconds) the
# reads are added up again, and how many beacons one client may send in an hour before none of
# its reads is counted.
NEWSROOM_MOST_READ_COUNT = env.get_int("NEWSROOM_MOST_READ_COUNT", 5)
NEWSROOM_MOST_READ_REFRESH_SECONDS = env.get_int("NEWSROOM_MOST_READ_REFRESH_SECONDS", 60)
NEWSROOM_MOST_READ_CLIENT_LIMIT = env.get_int("NEWSROOM_MOST_READ_CLIENT_LIMIT", 120)
# `make run` only: the server gives the demo's stories made-up reads at its first request
# (demo/reads.py), as its cache in local memory cannot get them from `seed_demo`.
NEWSROOM_DEMO_READS = env.get_bool("NEWSROOM_DEMO_READS", default=False)
