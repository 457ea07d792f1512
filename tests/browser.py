"""Headless Chromium for the end-to-end tests: Debian's chromium at /usr/bin/chromium, never a
browser Playwright downloads. Skipped locally without it; under CI (the CI environment variable
set) a missing browser fails the test instead (`.ci/run` installs it)."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")


def launch_chromium(monkeypatch):
    """Yield a Playwright browser; use it from a fixture."""
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
