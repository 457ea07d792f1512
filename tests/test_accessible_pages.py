"""Every public page type passes axe-core in Chromium (WCAG 2.0–2.2 A and AA, and axe's best
practices) at a phone's width and a desktop's, with the site's CSS applied."""

import pytest
from django.db import connections
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.checkers import axe_violations, report, require_axe
from tests.public_pages import build_public_site, logged_in_session

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
ERROR_PAGE = "/__error-page__/"  # answered by the browser with the rendered 500 page


def test_every_public_page_type_has_no_axe_violation(browser, live_server, settings):
    require_axe()
    try:
        failing = _violations(browser, live_server.url, settings)
    finally:
        # Under Playwright's event loop the ORM runs in its own context, with its own
        # connection: close it, or PostgreSQL cannot drop the test database.
        connections.close_all()
    if failing:
        pytest.fail(report(failing), pytrace=False)


def _violations(browser, base: str, settings) -> dict[str, list[str]]:
    site = build_public_site(settings)
    pages = {**site.pages(), "error page": ERROR_PAGE}
    error_html = server_error(RequestFactory().get("/")).content
    session = logged_in_session(site.editor)
    failing = {}
    for width, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
        context.route(
            f"{base}{ERROR_PAGE}",
            lambda route: route.fulfill(status=500, body=error_html, content_type="text/html"),
        )
        page = context.new_page()
        for name, path in pages.items():
            page.goto(f"{base}{path}")
            found = axe_violations(page)
            if found:
                failing[f"{name} ({width})"] = found
        context.close()
    return failing
