"""Under the Content-Security-Policy, in headless Chromium: readers' pages and the newsroom's admin
work and the browser reports no violation (newsroom/csp.py).

Every `securitypolicyviolation` event and every console message about the policy is collected,
from the first byte of each page on, while a reader browses and an editor logs in, writes in the
rich-text editor and saves, sets a picture's focal point, and opens the calendar and the
revisions. Chromium at /usr/bin/chromium (the `browser` fixture, tests/conftest.py).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connections

from accounts import two_factor
from articles.models import Article
from images.models import Image
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, UserFactory, WriterFactory
from tests.otp import code_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation({
    page: location.pathname,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
  });
});
"""


@pytest.fixture
def newsroom(db):
    section = SectionFactory(name="World", slug="world")
    writer = WriterFactory(name="Thanh Hà")
    picture = ImageFactory(file__width=320, file__height=180)
    live = ArticleFactory(
        live=True,
        headline="Flood waters recede in Huế",
        section=section,
        writers=[writer],
        tags=["Huế"],
        hero_image=picture,
    )
    draft = ArticleFactory(
        headline="Ferry timetable changes", section=section, writers=[writer], hero_image=picture
    )
    editor = UserFactory(username="minh", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    return {"live": live, "draft": draft, "picture": picture, "editor": editor}


class Watched:
    """A browser context that records every policy violation and the policy of each page."""

    def __init__(self, browser):
        self.violations: list[dict] = []
        self.context = browser.new_context()
        self.context.expose_function("reportViolation", self._report)
        self.context.add_init_script(LISTENER)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("console", self._console)

    def _report(self, violation: dict) -> None:
        self.violations.append(violation)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append({"page": self.page.url, "console": message.text})

    def open(self, url: str) -> str:
        """Go to url; return the policy it was served with."""
        response = self.page.goto(url)
        assert response.ok, (url, response.status)
        return response.headers["content-security-policy"]


def test_readers_pages_run_under_the_policy(browser, live_server, newsroom):
    try:
        reader = Watched(browser)
        base = live_server.url
        for path in ["/", newsroom["live"].get_absolute_url(), "/world/", "/search/?q=Hue"]:
            policy = reader.open(base + path)
            assert "'unsafe-inline'" not in policy and "nonce" not in policy
        # The structured data is still there for search engines: a data block, not a script.
        reader.open(base + newsroom["live"].get_absolute_url())
        kind = reader.page.evaluate(
            "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
            ".textContent)['@type']"
        )
        assert kind == "NewsArticle"
        assert reader.violations == []
    finally:
        connections.close_all()


def test_the_admin_and_the_editor_run_under_the_policy(browser, live_server, newsroom):
    try:
        _an_editors_round(browser, live_server.url, newsroom)
    finally:
        # Under Playwright's event loop the ORM calls above run in their own context, with
        # their own connection: close it, or PostgreSQL cannot drop the test database.
        connections.close_all()


def _an_editors_round(browser, base: str, newsroom: dict) -> None:
    editor = Watched(browser)
    page = editor.page
    policy = editor.open(f"{base}/admin/login/")
    assert "'unsafe-inline'" not in policy
    page.fill("#id_username", "minh")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")

    # The story form: type in the rich-text body and save.
    draft = newsroom["draft"]
    editor.open(f"{base}/admin/articles/article/{draft.pk}/change/")
    body = page.locator(".field-body [contenteditable=true]")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" The harbour reopens at dawn.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    draft.refresh_from_db()
    assert "The harbour reopens at dawn." in draft.body

    # The image library: a click on the preview sets the focal point.
    picture = newsroom["picture"]
    editor.open(f"{base}/admin/images/image/{picture.pk}/change/")
    preview = page.locator(".focal-preview img")
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    picture = Image.objects.get(pk=picture.pk)
    assert abs(picture.focal_x - 0.25) < 0.02 and abs(picture.focal_y - 0.75) < 0.02

    # The story list, the calendar and the revisions.
    editor.open(f"{base}/admin/articles/article/")
    editor.open(f"{base}/admin/articles/article/calendar/")
    page.wait_for_selector(".calendar")
    editor.open(f"{base}/admin/articles/article/{draft.pk}/revisions/")
    page.wait_for_selector(".rev ins")

    # Two-factor sign-in: the QR code (a data: image) shows, and a code turns it on.
    editor.open(f"{base}/admin/two-factor/")
    page.click("button[value=start]")
    assert page.locator(".two-factor__qr").evaluate("img => img.complete && img.naturalWidth > 0")
    pending = two_factor.authenticator(newsroom["editor"], confirmed=False)
    page.fill("#id_code", code_for(pending))
    page.click(".two-factor__code input[type=submit]")
    page.wait_for_selector(".two-factor__codes")
    assert two_factor.has_device(newsroom["editor"])

    assert Article.objects.get(pk=draft.pk).body == draft.body
    assert editor.violations == []


def test_the_lockout_page_runs_under_the_policy(browser, live_server, newsroom):
    try:
        visitor = Watched(browser)
        visitor.open(f"{live_server.url}/admin/login/")
        for _ in range(5):
            visitor.page.fill("#id_username", "minh")
            visitor.page.fill("#id_password", "not the password")
            visitor.page.click("input[type=submit]")
        assert "Too many failed sign-in attempts" in visitor.page.content()
        assert visitor.violations == []
    finally:
        connections.close_all()


def test_a_read_only_picture_shows_its_focal_point_under_the_policy(browser, live_server, newsroom):
    try:
        journalist = UserFactory(username="lan", is_staff=True)
        journalist.groups.add(Group.objects.get(name="Journalists"))
        WriterFactory(name="Ngọc Lan", user=journalist)
        viewer = Watched(browser)
        viewer.open(f"{live_server.url}/admin/login/")
        viewer.page.fill("#id_username", "lan")
        viewer.page.fill("#id_password", "password")
        viewer.page.click("input[type=submit]")
        viewer.page.wait_for_selector("#user-tools")
        # The live story's picture: theirs to see, not to change.
        viewer.open(f"{live_server.url}/admin/images/image/{newsroom['picture'].pk}/change/")
        assert viewer.page.locator("#id_focal_x").count() == 0
        marker = viewer.page.locator(".focal-preview__marker")
        assert marker.evaluate("m => [m.style.left, m.style.top]") == ["50%", "50%"]
        assert viewer.violations == []
    finally:
        connections.close_all()
