import os
import shutil
from unittest import mock

import pytest
from django.core.cache import cache
from django.template.backends import jinja2 as jinja2_backend
from django.test.signals import template_rendered


@pytest.fixture(autouse=True, scope="session")
def _jinja2_response_context():
    """`response.context` and `response.templates` for Jinja2 pages, as the test client gives
    them for Django's own templates (which Django instruments; its Jinja2 backend is not)."""
    render = jinja2_backend.Template.render

    def render_and_report(self, context=None, request=None):
        template_rendered.send(
            sender=self, template=self.template, context={**(context or {}), "request": request}
        )
        return render(self, context, request)

    with mock.patch.object(jinja2_backend.Template, "render", render_and_report):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads from one test never leak into another (nor do those waiting to be cleaned)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "incoming": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "incoming"},
        },
    }


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database table, as in production, until tests.tasks.run_worker() runs
    them (the suite's default backend runs them at once)."""
    from tests.tasks import DATABASE_TASKS

    settings.TASKS = DATABASE_TASKS
    settings.NEWSROOM_TASKS_BACKEND = "database"


@pytest.fixture
def reader(client):
    """An anonymous reader of the public site."""
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached pages and no most-read list (the in-memory cache and the
    copies a process keeps outlive a test's database)."""
    from pagecache import local
    from public import most_read

    cache.clear()
    local.clear()
    most_read.forget()


# --- Newsroom personas (workflow tests) ---------------------------------------------------------


def _staff(username: str, group: str | None, *, writer_name: str | None = None, **extra):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory, WriterFactory

    user = UserFactory(username=username, is_staff=True, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if writer_name:
        WriterFactory(name=writer_name, user=user)
    return user


@pytest.fixture
def journalist_user(db):
    """A journalist in the Journalists group, linked to the byline Thanh Hà."""
    return _staff("ha", "Journalists", writer_name="Thanh Hà", first_name="Thanh", last_name="Hà")


@pytest.fixture
def other_journalist_user(db):
    return _staff("lan", "Journalists", writer_name="Ngọc Lan")


@pytest.fixture
def editor_user(db):
    return _staff("minh", "Editors", first_name="Minh", last_name="Anh")


# --- Headless Chromium (browser tests) ----------------------------------------------------------

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def browser(monkeypatch):
    """Debian's chromium driven by Playwright (never `playwright install`; `.ci/run` installs
    chromium). Skipped locally without it; under CI (the CI environment variable set) a missing
    browser fails the test instead."""
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the browser test.")
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()
